"""Query budgets: the count must not grow with the rows (3 and 30 of each).

The event page includes the panels of rooms, contests, certificates and consultation lines;
their queries are part of the page's budget and do not grow with the event's rows either."""

import pytest

from pedset.events.models import EventMaterial, EventRole, RegistrationStatus
from pedset.events.tests.factories import EventFactory, event_person, past_event, registered

pytestmark = pytest.mark.django_db

SIZES = [3, 30]


@pytest.mark.parametrize("size", SIZES)
def test_community_events_list(client, community, member, size, django_assert_max_num_queries):
    for n in range(size):
        event = EventFactory(community=community, capacity=10 if n % 2 else None)
        if n % 3 == 0:
            registered(event, member)
    # measured 3 for an anonymous visitor, 9 for a member (session, roles, header badges)
    with django_assert_max_num_queries(4):
        response = client.get(f"/events/c/{community.slug}/")
    assert response.status_code == 200
    client.force_login(member)
    with django_assert_max_num_queries(10):
        response = client.get(f"/events/c/{community.slug}/")
    assert response.content.decode().count('class="event-time"') == min(size, 20)


@pytest.mark.parametrize("size", SIZES)
def test_event_page(client, community, member, size, django_assert_max_num_queries):
    event = EventFactory(community=community, capacity=size)
    for n in range(size):
        event_person(event, EventRole.SPEAKER if n % 2 else EventRole.ORGANISER, topic=f"Тема {n}")
        registered(event)
        EventMaterial.objects.create(
            event=event, title=f"Материал {n}", url=f"https://example.ru/{n}"
        )
    registered(event, member, status=RegistrationStatus.WAITLISTED)
    client.force_login(member)
    # measured 15 with the panels as they are; 5 more for the panels of the other apps
    with django_assert_max_num_queries(20):
        response = client.get(f"/events/{event.pk}/")
    page = response.content.decode()
    assert response.status_code == 200 and f"Материал {size - 1}" in page
    client.logout()
    with django_assert_max_num_queries(12):
        assert client.get(f"/events/{event.pk}/").status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_manage_page(client, community, coordinator, size, django_assert_max_num_queries):
    event = EventFactory(community=community, capacity=size)
    for _n in range(size):
        registered(event)
        registered(event, status=RegistrationStatus.WAITLISTED)
        event_person(event, EventRole.SPEAKER)
    client.force_login(coordinator)
    # measured 11
    with django_assert_max_num_queries(13):
        response = client.get(f"/events/{event.pk}/manage/")
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_my_events(client, community, member, size, django_assert_max_num_queries):
    for _n in range(size):
        registered(EventFactory(community=community), member)
        waiting = EventFactory(community=community, capacity=1)
        registered(waiting)
        registered(waiting, status=RegistrationStatus.WAITLISTED)
        registered(waiting, member, status=RegistrationStatus.WAITLISTED)
        event_person(EventFactory(community=community), EventRole.SPEAKER, user=member)
        registered(past_event(community=community), member, attended=True)
    client.force_login(member)
    # measured 15; the first visit makes the calendar-feed address (4 of the queries)
    with django_assert_max_num_queries(15):
        response = client.get("/events/mine/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("лист ожидания, № 2") == size

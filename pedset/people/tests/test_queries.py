"""Query budgets of the person's page with the space and of the feed, at two sizes."""

import pytest

from pedset.communities.tests.factories import MembershipFactory
from pedset.documents.tests.factories import DocumentFactory
from pedset.events.tests.factories import EventFactory, event_person, registered
from pedset.forum.tests.factories import SectionFactory, make_topic
from pedset.groups.models import Group, GroupMembership
from pedset.materials.models import MaterialStatus
from pedset.materials.tests.factories import material_with_author
from pedset.people import services
from pedset.people.models import SpaceSection, SpaceSettings

pytestmark = pytest.mark.django_db


def busy_person(community, person, size):
    SpaceSettings.objects.create(user=person, **dict.fromkeys(SpaceSection.values, "members"))
    section = SectionFactory(community=community)
    for n in range(size):
        material_with_author(
            community=community,
            author=person,
            status=MaterialStatus.INCLUDED if n % 2 else MaterialStatus.SUBMITTED,
        )
        event = EventFactory(community=community)
        event_person(event, user=person)
        registered(EventFactory(community=community), person, attended=True)
        DocumentFactory(community=community, recipient=person)
        group = Group.objects.create(community=community, kind="association", name=f"Группа {n}")
        GroupMembership.objects.create(group=group, user=person)
        make_topic(section, person, title=f"Тема {n}")


@pytest.mark.parametrize("size", [3, 30])
def test_the_persons_page_with_the_space(
    client, community, person, colleague, size, django_assert_max_num_queries
):
    busy_person(community, person, size)
    client.force_login(colleague)
    with django_assert_max_num_queries(22):
        response = client.get(f"/accounts/people/{person.pk}/")
    assert response.status_code == 200 and "Группа 0" in response.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_the_feed(client, community, colleague, size, django_assert_max_num_queries):
    section = SectionFactory(community=community)
    for _n in range(size):
        someone = MembershipFactory(community=community).user
        services.follow(actor=colleague, person=someone)
        material_with_author(community=community, author=someone, status=MaterialStatus.SUBMITTED)
        make_topic(section, someone)
        event_person(EventFactory(community=community), user=someone)
    client.force_login(colleague)
    with django_assert_max_num_queries(16):
        response = client.get("/people/feed/")
    assert response.status_code == 200

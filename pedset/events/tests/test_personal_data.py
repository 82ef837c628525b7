"""Personal-data hooks: export of registrations, roles and materials; erase of the feed."""

import json

import pytest

from pedset.communities.tests.factories import MembershipFactory
from pedset.events import personal_data, services
from pedset.events.models import CalendarFeed, EventRole, Registration
from pedset.events.tests.factories import EventFactory, event_person, registered

pytestmark = pytest.mark.django_db


def test_export_lists_registrations_roles_and_materials():
    event = EventFactory(title="Конференция «Цифровая школа»")
    member = MembershipFactory(community=event.community).user
    registered(event, member, attended=True)
    event_person(event, EventRole.SPEAKER, user=member, topic="Электронный журнал")
    services.event_material_add_link(
        actor=event.created_by, event=event, url="https://example.ru/a", title="Программа"
    )
    services.calendar_feed_for(member)
    data = personal_data.export(member)
    json.dumps(data)  # the archive is JSON
    (row,) = data["event_registrations"]
    assert row["event"]["title"] == event.title and row["attended_at"]
    assert data["event_roles"] == [
        {"event": row["event"], "role": "speaker", "topic": "Электронный журнал"}
    ]
    assert data["event_materials_added"] == []
    assert data["calendar_feed"]["created_at"]
    # no token in the archive: it is a credential
    assert CalendarFeed.objects.get(user=member).token not in json.dumps(data)


def test_erase_deletes_the_feed_and_keeps_registrations():
    event = EventFactory()
    member = MembershipFactory(community=event.community).user
    registered(event, member)
    services.calendar_feed_for(member)
    assert personal_data.erase(member) == ["адрес личной ленты календаря"]
    assert not CalendarFeed.objects.filter(user=member).exists()
    assert Registration.objects.filter(user=member).count() == 1
    assert personal_data.erase(member) == []

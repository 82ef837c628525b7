import pytest

from pedset.events.tests.factories import EventFactory, registered
from pedset.rooms import personal_data
from pedset.rooms.models import RoomJoin
from pedset.rooms.tests.factories import room_for

pytestmark = pytest.mark.django_db


def test_export_lists_the_persons_entries_only():
    # given two entries of a person and one of another person
    event = EventFactory()
    person, other = registered(event).user, registered(event).user
    room = room_for(event)
    RoomJoin.objects.create(room=room, user=person)
    RoomJoin.objects.create(room=room, user=person, as_moderator=True)
    RoomJoin.objects.create(room=room, user=other)

    # when exported, then only the person's, with the event and the system, never the link
    entries = personal_data.export(person)["online_room_entries"]
    assert [(e["event"]["id"], e["conferencing_system"], e["as_moderator"]) for e in entries] == [
        (event.pk, "link", False),
        (event.pk, "link", True),
    ]
    assert "telemost" not in str(entries)

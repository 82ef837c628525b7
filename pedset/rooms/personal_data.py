"""Personal-data hook of online rooms: the person's entries into rooms (RoomJoin).

Found by pedset.privacy.registry. Only exported: on withdrawal the entries stay, like the events'
registrations they evidence (who attended), and name nobody once the account is anonymised.
Nothing else about a person is kept here (names go to the conferencing server at each join and
are not stored by the platform).
"""

from pedset.rooms.models import RoomJoin


def export(user) -> dict:
    return {
        "online_room_entries": [
            {
                "event": {"id": row.room.event_id, "title": row.room.event.title},
                "conferencing_system": row.room.provider,
                "entered_at": row.joined_at.isoformat(),
                "as_moderator": row.as_moderator,
            }
            for row in RoomJoin.objects.filter(user=user)
            .select_related("room__event")
            .order_by("joined_at", "id")
        ]
    }

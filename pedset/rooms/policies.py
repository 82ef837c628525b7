"""Who may set up an event's online room and who may enter it. The permission table in
pedset/core/permission_table.py declares the expected answer of every can_* function here.

The answers do not depend on the clock: the room opens ROOM_OPENS_MINUTES_BEFORE the start and
closes ROOM_CLOSES_MINUTES_AFTER the end, and `pedset.rooms.services.room_join` checks that
window itself with a message saying when the room opens.

- Setting up, ending the meeting, fetching the recording: those who run the event
  (`pedset.events.policies.can_manage_event`: its organisers, the community's coordinators and
  administrators, platform administrators), for an event of a form held online
  (`Event.needs_room`) that is not cancelled, in an open community.
- Entering, as a moderator: those who run the event and its speakers, unless it is cancelled.
- Entering, as a participant: a published event, an active account without a suspension in the
  community, in the event's audience, and a registration that is REGISTERED (the waiting list
  does not enter); when the event needs no registration, everyone in the audience.
"""

from __future__ import annotations

from pedset.core.policies import is_active_user
from pedset.events.models import Event, EventStatus, Registration, RegistrationStatus
from pedset.events.policies import can_manage_event, in_audience, is_speaker
from pedset.moderation.policies import is_suspended


def _open(event: Event) -> bool:
    return event.community.closed_at is None and event.status != EventStatus.CANCELLED


def joins_as_moderator(user, event: Event) -> bool:
    """Organisers, speakers and the community's managers enter as moderators."""
    if not is_active_user(user) or not _open(event):
        return False
    return can_manage_event(user, event) or is_speaker(user, event)


def is_registered(user, event: Event) -> bool:
    """A REGISTERED registration (memoised on the event for a request)."""
    if not is_active_user(user):
        return False
    cache = event.__dict__.setdefault("_pedset_registered", {})
    if user.pk not in cache:
        cache[user.pk] = Registration.objects.filter(
            event=event, user=user, status=RegistrationStatus.REGISTERED
        ).exists()
    return cache[user.pk]


def joins_as_participant(user, event: Event) -> bool:
    if not is_active_user(user) or not _open(event) or event.status != EventStatus.PUBLISHED:
        return False
    if is_suspended(user, event.community) or not in_audience(user, event):
        return False
    return not event.registration_required or is_registered(user, event)


def can_configure_room(user, event: Event) -> bool:
    return event.needs_room and _open(event) and can_manage_event(user, event)


def can_join_room(user, event: Event) -> bool:
    return joins_as_moderator(user, event) or joins_as_participant(user, event)

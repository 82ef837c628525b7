"""Who may see, join and run events. The permission table in pedset/core/permission_table.py
declares the expected answer of every can_* function here.

Visibility (selectors.visible_events is the same rule as a queryset):
- DRAFT (and a draft cancelled before it was announced) — the community's coordinators and administrators, the event's organisers, platform
  administrators;
- PUBLISHED and CANCELLED — everyone who may see the community (the announcement is public),
  anonymous visitors too. The names of organisers, speakers and participants are personal data:
  shown only to signed-in people who may take part (the audience) and to the community's members.
Taking part (registration, a join link, a question to a consultation line, a contest entry)
needs an active account, no suspension in the community, a published event that has not ended,
and the audience: the community's active members; for INVITED also the staff of the invited
organisations; for EVERYONE every active user. Running an event (editing, attendance, materials,
the room, certificates) is for its organisers, the community's coordinators and administrators
and platform administrators.

Materials and the recording are for those who take part: materials for the audience and the
people running the event; the recording link for registered participants (everybody in the
audience when the event needs no registration), its speakers and those running it.
"""

from __future__ import annotations

from django.utils import timezone

from pedset.communities.models import Role
from pedset.core.policies import community_role, is_active_user, is_platform_admin
from pedset.events.models import (
    Audience,
    Event,
    EventRole,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from pedset.moderation.policies import is_suspended

MANAGERS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})


def _open_community(event: Event) -> bool:
    return event.community.closed_at is None


def is_organiser(user, event: Event) -> bool:
    """An organiser named on the event (memoised on the event for a request)."""
    if not is_active_user(user):
        return False
    cache = event.__dict__.setdefault("_pedset_people_roles", {})
    if user.pk not in cache:
        cache[user.pk] = frozenset(event.people.filter(user=user).values_list("role", flat=True))
    return EventRole.ORGANISER in cache[user.pk]


def is_speaker(user, event: Event) -> bool:
    if not is_active_user(user):
        return False
    is_organiser(user, event)  # fills the cache
    return EventRole.SPEAKER in event.__dict__["_pedset_people_roles"][user.pk]


def is_manager(user, community) -> bool:
    return is_platform_admin(user) or community_role(user, community) in MANAGERS


def can_create_event(user, community) -> bool:
    return is_active_user(user) and community.closed_at is None and is_manager(user, community)


def can_view_event(user, event: Event) -> bool:
    if event.was_announced:
        return True
    return can_manage_event(user, event)


def can_manage_event(user, event: Event) -> bool:
    if not is_active_user(user):
        return False
    return is_manager(user, event.community) or is_organiser(user, event)


def in_audience(user, event: Event) -> bool:
    """The person belongs to the event's audience (whether or not it is open now)."""
    if not is_active_user(user):
        return False
    if community_role(user, event.community) is not None:
        return True
    if event.audience == Audience.EVERYONE:
        return True
    if event.audience == Audience.INVITED and user.organisation_id:
        return event.invited_organisations.filter(pk=user.organisation_id).exists()
    return False


def can_see_people(user, event: Event) -> bool:
    """Names of organisers, speakers and participants (personal data)."""
    return in_audience(user, event) or can_manage_event(user, event)


def is_open_for_taking_part(event: Event, now=None) -> bool:
    now = now or timezone.now()
    return event.status == EventStatus.PUBLISHED and event.ends_at > now and _open_community(event)


def can_register(user, event: Event) -> bool:
    if not event.registration_required or not is_open_for_taking_part(event):
        return False
    if event.registration_closes_at and event.registration_closes_at <= timezone.now():
        return False
    return in_audience(user, event) and not is_suspended(user, event.community)


def is_running(event: Event) -> bool:
    """Not cancelled, in an open community (changes still make sense, after the end too: the
    recording and the materials come then)."""
    return event.status != EventStatus.CANCELLED and _open_community(event)


def can_edit_event(user, event: Event) -> bool:
    """Change the details, organisers and speakers, materials and the recording link."""
    return is_running(event) and can_manage_event(user, event)


def can_publish_event(user, event: Event) -> bool:
    return event.status == EventStatus.DRAFT and can_edit_event(user, event)


def can_cancel_event(user, event: Event) -> bool:
    return (
        event.status != EventStatus.CANCELLED
        and event.ends_at > timezone.now()
        and can_edit_event(user, event)
    )


def can_mark_attendance(user, event: Event) -> bool:
    """From the start of an announced event on (no end: the list is often filled in later)."""
    return (
        event.status == EventStatus.PUBLISHED
        and event.starts_at <= timezone.now()
        and can_manage_event(user, event)
    )


def my_registration(user, event: Event) -> Registration | None:
    """The person's registration for the event (memoised on the event for a request)."""
    if not is_active_user(user):
        return None
    cache = event.__dict__.setdefault("_pedset_registrations", {})
    if user.pk not in cache:
        cache[user.pk] = Registration.objects.filter(event=event, user=user).first()
    return cache[user.pk]


def forget_cached_registration(user, event: Event) -> None:
    event.__dict__.get("_pedset_registrations", {}).pop(getattr(user, "pk", None), None)


def can_cancel_registration(user, event: Event) -> bool:
    """Until the event starts, while the registration (or the place on the waiting list) is on."""
    registration = my_registration(user, event)
    return (
        registration is not None
        and registration.status in (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)
        and event.status == EventStatus.PUBLISHED
        and event.starts_at > timezone.now()
    )


def is_participant(user, event: Event) -> bool:
    """Registered (not on the waiting list); with no registration needed, the audience."""
    if not event.registration_required:
        return in_audience(user, event)
    registration = my_registration(user, event)
    return registration is not None and registration.status == RegistrationStatus.REGISTERED


def can_view_materials(user, event: Event) -> bool:
    return can_view_event(user, event) and can_see_people(user, event)


def can_view_recording(user, event: Event) -> bool:
    if not can_view_event(user, event) or not is_active_user(user):
        return False
    return can_manage_event(user, event) or is_speaker(user, event) or is_participant(user, event)

"""Reads of events. Each page's reads cost a fixed number of queries: lists select the
community (for its time zone) and annotate the reader's own registration; the event page
prefetches its people and materials."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from pedset.communities.models import Membership, MembershipStatus
from pedset.core.policies import is_active_user, is_platform_admin
from pedset.events.models import (
    ANNOUNCED,
    Event,
    EventMaterial,
    EventPerson,
    EventRole,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from pedset.events.policies import MANAGERS

ACTIVE_REGISTRATION = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)
# The private calendar feed looks this far back.
FEED_PAST_DAYS = 30


def visible_events(user):
    """Every event the person may see (policies.can_view_event as a queryset): announced and
    cancelled events for everyone, drafts for the community's coordinators and administrators,
    the event's organisers and platform administrators."""
    events = Event.objects.all()
    announced = ANNOUNCED
    if not is_active_user(user):
        return events.filter(announced)
    if is_platform_admin(user):
        return events
    manager_of = Membership.objects.filter(
        user=user, status=MembershipStatus.ACTIVE, role__in=list(MANAGERS)
    ).values("community_id")
    organised = EventPerson.objects.filter(user=user, role=EventRole.ORGANISER).values("event_id")
    return events.filter(announced | Q(community_id__in=manager_of) | Q(pk__in=organised))


def participants(event: Event):
    """The registered participants of an event (not the waiting list), with their users."""
    return (
        Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED)
        .select_related("user")
        .order_by("registered_at", "id")
    )


def _with_my_status(events, user):
    """Each event annotated with ``my_status``: the reader's registration status or None."""
    if not is_active_user(user):
        return events
    mine = Registration.objects.filter(event=OuterRef("pk"), user=user).values("status")[:1]
    return events.annotate(my_status=Subquery(mine))


@dataclass(frozen=True)
class EventFilters:
    past: bool = False
    form: str = ""
    # The first day of a month (in the community's zone) or None.
    month: datetime.date | None = None


def community_events(user, community, filters: EventFilters, *, zone=None):
    """The community's events the reader may see: upcoming (not ended, soonest first) or past
    (latest first), of one form, starting in one month of the community's calendar."""
    now = timezone.now()
    events = visible_events(user).filter(community=community).select_related("community")
    if filters.past:
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    else:
        events = events.filter(ends_at__gte=now).order_by("starts_at", "id")
    if filters.form:
        events = events.filter(form=filters.form)
    if filters.month is not None and zone is not None:
        first = datetime.datetime.combine(filters.month, datetime.time(), tzinfo=zone)
        following = (filters.month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        after = datetime.datetime.combine(following, datetime.time(), tzinfo=zone)
        events = events.filter(starts_at__gte=first, starts_at__lt=after)
    return _with_my_status(events, user)


def upcoming_in_community(user, community, limit: int = 3) -> list[Event]:
    """The community page's block: the next announced events (not drafts, not cancelled)."""
    events = (
        Event.objects.filter(
            community=community, status=EventStatus.PUBLISHED, ends_at__gte=timezone.now()
        )
        .select_related("community")
        .order_by("starts_at", "id")
    )
    return list(events[:limit])


def event_for_page(pk) -> Event | None:
    return (
        Event.objects.select_related("community", "plan_item__plan", "created_by")
        .filter(pk=pk)
        .first()
    )


def people_of(event: Event) -> list[EventPerson]:
    """Organisers, then speakers, in their order, with their users (one query)."""
    return list(
        EventPerson.objects.filter(event=event)
        .select_related("user")
        .order_by("role", "position", "id")
    )


def materials_of(event: Event) -> list[EventMaterial]:
    return list(
        EventMaterial.objects.filter(event=event)
        .select_related("material")
        .order_by("added_at", "id")
    )


def _waitlist_ahead(registration_ref: str = "pk"):
    """A subquery: how many waitlisted registrations of the same event come before this one."""
    ahead = (
        Registration.objects.filter(event=OuterRef("event"), status=RegistrationStatus.WAITLISTED)
        .filter(
            Q(registered_at__lt=OuterRef("registered_at"))
            | Q(registered_at=OuterRef("registered_at"), id__lt=OuterRef(registration_ref))
        )
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(ahead)


def waitlist_position(registration: Registration | None) -> int | None:
    """1 for the first in the waiting list; None when the person is not on it."""
    if registration is None or registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = (
        Registration.objects.filter(
            event_id=registration.event_id, status=RegistrationStatus.WAITLISTED
        )
        .filter(
            Q(registered_at__lt=registration.registered_at)
            | Q(registered_at=registration.registered_at, id__lt=registration.pk)
        )
        .count()
    )
    return ahead + 1


def registrations_for_manage(event: Event) -> list[Registration]:
    """The manage page: registered people first (in the order they came), then the waiting list
    in its order, then cancelled registrations."""
    order = {RegistrationStatus.REGISTERED: 0, RegistrationStatus.WAITLISTED: 1}
    rows = list(
        Registration.objects.filter(event=event)
        .select_related("user", "user__organisation", "attendance_marked_by")
        .order_by("registered_at", "id")
    )
    rows.sort(key=lambda r: order.get(r.status, 2))
    position = 0
    for row in rows:
        if row.status == RegistrationStatus.WAITLISTED:
            position += 1
            row.waitlist_position = position
        else:
            row.waitlist_position = None
    return rows


def my_registrations(user, *, upcoming: bool):
    """The person's registrations and places on waiting lists (not cancelled ones), with the
    event, its community and the place in the waiting list."""
    now = timezone.now()
    rows = (
        Registration.objects.filter(user=user, status__in=ACTIVE_REGISTRATION)
        .select_related("event__community")
        .annotate(ahead=_waitlist_ahead())
    )
    if upcoming:
        return rows.filter(event__ends_at__gte=now).order_by("event__starts_at", "event_id")
    return rows.filter(event__ends_at__lt=now).order_by("-event__starts_at", "-event_id")


def my_roles(user, *, upcoming: bool):
    """The events the person organises or speaks at (drafts included: they run them)."""
    now = timezone.now()
    rows = EventPerson.objects.filter(user=user).select_related("event__community")
    if upcoming:
        return rows.filter(event__ends_at__gte=now).order_by("event__starts_at", "event_id", "role")
    return rows.filter(event__ends_at__lt=now).order_by("-event__starts_at", "-event_id", "role")


def feed_events(user) -> list[Event]:
    """The private calendar feed: announced or cancelled events the person is registered for
    (not a cancelled registration; the waiting list included, it may move up) or organises or
    speaks at, from FEED_PAST_DAYS days ago on."""
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    registered = Registration.objects.filter(user=user, status__in=ACTIVE_REGISTRATION).values(
        "event_id"
    )
    running = EventPerson.objects.filter(user=user).values("event_id")
    return list(
        Event.objects.filter(Q(pk__in=registered) | Q(pk__in=running))
        .filter(ANNOUNCED, ends_at__gte=since)
        .select_related("community")
        .order_by("starts_at", "id")
    )


def invited_organisations(event: Event) -> list:
    return list(event.invited_organisations.order_by("short_name", "id"))


def staff_choices(event: Event, community):
    """People who may be named organiser or speaker: the community's active members and, for
    an event open to invited organisations, the active staff of those organisations."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    members = Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE).values(
        "user_id"
    )
    condition = Q(pk__in=members)
    if event is not None and event.pk and event.audience == "invited":
        condition |= Q(organisation__in=event.invited_organisations.all())
    return User.objects.filter(condition, is_active=True).order_by(
        "last_name", "first_name", "patronymic", "id"
    )


def walk_in_choices(event: Event):
    """Whom an organiser may mark as having come without registering: the people of
    ``staff_choices`` not already on the list and not organisers or speakers of the event."""
    listed = Registration.objects.filter(
        event=event, status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]
    ).values("user_id")
    named = EventPerson.objects.filter(event=event).values("user_id")
    return staff_choices(event, event.community).exclude(pk__in=listed).exclude(pk__in=named)

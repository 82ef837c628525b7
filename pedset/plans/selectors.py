"""Reads of the work plan. The plan page costs a fixed number of queries whatever the number of
items and events: items with their event count, then one query for their events (with the
attendance counted in the same query) and one for the responsible people."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone

from pedset.communities.models import MembershipStatus
from pedset.plans.models import PlanItem, PlanItemStatus, WorkPlan

CLOSED_STATUSES = frozenset({PlanItemStatus.DONE, PlanItemStatus.CANCELLED})
OPEN_STATUSES = frozenset({PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS})
# Years a plan may be kept for (the URL and the import refuse others).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def community_zone(community) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(community.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def community_today(community, now: datetime.datetime | None = None) -> datetime.date:
    """Today in the community's time zone: an item is overdue from the day after its last day
    there."""
    return (now or timezone.now()).astimezone(community_zone(community)).date()


def is_overdue(item: PlanItem, today: datetime.date) -> bool:
    return item.status in OPEN_STATUSES and item.ends_on < today


def plan_for(community, year: int) -> WorkPlan | None:
    return (
        WorkPlan.objects.filter(community=community, year=year)
        .select_related("community", "approved_by")
        .annotate(items_count=Count("items"))
        .first()
    )


def plan_years(community) -> list[int]:
    return list(
        WorkPlan.objects.filter(community=community).order_by("year").values_list("year", flat=True)
    )


def responsible_candidates(community):
    """Who may be made responsible: the community's active members with working accounts."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            anonymised_at__isnull=True,
            memberships__community=community,
            memberships__status=MembershipStatus.ACTIVE,
        )
        .order_by("last_name", "first_name", "patronymic", "id")
        .distinct()
    )


def _people():
    return get_user_model().objects.only(
        "id", "last_name", "first_name", "patronymic", "anonymised_at", "is_active"
    )


def plan_items(plan: WorkPlan, *, user, with_people: bool) -> list[PlanItem]:
    """The plan's items in order, each with ``events_total`` (every event that names it, drafts
    included) and ``shown_events`` — the events this person may see, each with ``attended``
    (registrations marked as attended); with their responsible people when the reader may
    see names."""
    from pedset.events.models import EventStatus
    from pedset.events.selectors import visible_events

    events = (
        visible_events(user)
        .annotate(
            attended=Count("registrations", filter=Q(registrations__attended_at__isnull=False))
        )
        .order_by("starts_at", "id")
    )
    items = (
        PlanItem.objects.filter(plan=plan)
        .annotate(events_total=Count("events", distinct=True))
        .prefetch_related(Prefetch("events", queryset=events, to_attr="shown_events"))
    )
    if with_people:
        items = items.prefetch_related(Prefetch("responsible", queryset=_people()))
    items = list(items)
    now = timezone.now()
    for item in items:
        item.plan = plan  # the page and the exports ask item.plan.community: no query each
        item.held_events = [
            event
            for event in item.shown_events
            if event.status == EventStatus.PUBLISHED and event.ends_at <= now
        ]
    return items


@dataclass(frozen=True)
class Summary:
    total: int
    planned: int
    in_progress: int
    done: int
    cancelled: int
    overdue: int
    events_held: int
    registered: int
    attended: int


def summary(items: list[PlanItem], today: datetime.date) -> Summary:
    """Plan versus actual from the items plan_items read (no query)."""
    counts = dict.fromkeys(PlanItemStatus.values, 0)
    for item in items:
        counts[item.status] += 1
    held = [event for item in items for event in item.held_events]
    return Summary(
        total=len(items),
        planned=counts[PlanItemStatus.PLANNED],
        in_progress=counts[PlanItemStatus.IN_PROGRESS],
        done=counts[PlanItemStatus.DONE],
        cancelled=counts[PlanItemStatus.CANCELLED],
        overdue=sum(1 for item in items if is_overdue(item, today)),
        events_held=len(held),
        registered=sum(event.registered_count for event in held),
        attended=sum(event.attended for event in held),
    )


def overdue_items(community, today: datetime.date):
    """Open items of any year of the community whose last day is past."""
    return PlanItem.objects.filter(
        plan__community=community, status__in=list(OPEN_STATUSES), ends_on__lt=today
    )


def overdue_count(community, now: datetime.datetime | None = None) -> int:
    return overdue_items(community, community_today(community, now)).count()


def item_of(community, pk) -> PlanItem | None:
    """An item of the community's plans (any year), or None — items of other communities are
    not found. For the item pages and for the events app's «create an event from the item»."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        PlanItem.objects.filter(pk=pk, plan__community=community)
        .select_related("plan__community")
        .annotate(events_total=Count("events"))
        .first()
    )


def next_position(plan: WorkPlan) -> int:
    return (plan.items.aggregate(top=Max("position"))["top"] or 0) + 1


def overdue_candidates(now: datetime.datetime):
    """Open, not yet notified items whose last day is past in some time zone (the earliest
    zones are UTC+14); the caller checks each against its community's own day."""
    latest_possible_today = (now + datetime.timedelta(hours=14)).date()
    return (
        PlanItem.objects.filter(
            status__in=list(OPEN_STATUSES),
            overdue_notified_at__isnull=True,
            ends_on__lt=latest_possible_today,
            plan__community__closed_at__isnull=True,
        )
        .select_related("plan__community")
        .order_by("id")
    )


def plan_for_export(plan: WorkPlan, *, user) -> list[PlanItem]:
    return plan_items(plan, user=user, with_people=True)

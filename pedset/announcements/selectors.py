"""Reads of the announcements app. Each page's reads cost a fixed number of queries."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import timezone

from pedset.announcements.models import Announcement
from pedset.communities.models import Community, MembershipStatus

COMMUNITY_PAGE_RECENT = 3
HOME_PINNED_LIMIT = 10


def community_today(community: Community) -> datetime.date:
    """Today in the community's time zone: "pinned until" a date means until its end there."""
    try:
        zone = zoneinfo.ZoneInfo(community.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return timezone.localdate(timezone=zone)


def live_announcements(community: Community):
    return Announcement.objects.filter(community=community, deleted_at__isnull=True)


def announcement_in(community: Community, pk: int) -> Announcement | None:
    """One live announcement of this community (another community's id is as good as none)."""
    announcement = (
        live_announcements(community).select_related("author", "updated_by").filter(pk=pk).first()
    )
    if announcement is not None:
        announcement.community = community
    return announcement


def announcement_list(community: Community, today: datetime.date):
    """Pinned ones first (newest first), then the rest, newest first."""
    return (
        live_announcements(community)
        .select_related("author")
        .annotate(
            pinned=Case(
                When(pinned_until__gte=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-pinned", "-created_at", "-id")
    )


def community_block(community: Community, today: datetime.date) -> tuple[list, list]:
    """For the community page: every pinned announcement, then the latest few others."""
    live = live_announcements(community).select_related("author")
    pinned = list(live.filter(pinned_until__gte=today).order_by("-created_at", "-id"))
    recent = list(
        live.filter(Q(pinned_until__isnull=True) | Q(pinned_until__lt=today)).order_by(
            "-created_at", "-id"
        )[:COMMUNITY_PAGE_RECENT]
    )
    return pinned, recent


def pinned_for_member(user, today: datetime.date) -> list[Announcement]:
    """Pinned announcements of the communities the person is an active member of (home page)."""
    return list(
        Announcement.objects.filter(
            deleted_at__isnull=True,
            pinned_until__gte=today,
            community__memberships__user=user,
            community__memberships__status=MembershipStatus.ACTIVE,
        )
        .select_related("community")
        .order_by("-created_at", "-id")[:HOME_PINNED_LIMIT]
    )


def announcement_recipients(announcement: Announcement):
    """Who is told of a new announcement: the community's active members, the author aside.

    Groups (issue 6): for an announcement to a group, take the group's active members here."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__community_id=announcement.community_id,
            memberships__status=MembershipStatus.ACTIVE,
        )
        .exclude(pk=announcement.author_id)
    )


def authored_by(user):
    return (
        Announcement.objects.filter(author=user)
        .select_related("community")
        .order_by("created_at", "id")
    )

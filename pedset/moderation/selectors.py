"""Reads of the moderation pages, each with its own prefetching: the page costs the same number
of queries for 3 rows and for 300."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Min, QuerySet
from django.utils import timezone

from pedset.communities.models import Community, Membership, MembershipStatus
from pedset.moderation.models import Flag, MemberWarning, ModerationAction, Suspension

CONTENT_ACTIONS = [
    a
    for a in ModerationAction.Action.values
    if a
    not in (
        ModerationAction.Action.WARN,
        ModerationAction.Action.SUSPEND,
        ModerationAction.Action.LIFT_SUSPENSION,
    )
]


def community_for_moderation(slug: str) -> Community | None:
    return Community.objects.filter(slug=slug).first()


# --- The queue -------------------------------------------------------------------------------


def flagged_items(community: Community):
    """One row per reported item with open reports, the longest-waiting first."""
    return (
        Flag.objects.filter(community=community, status=Flag.Status.OPEN)
        .values("post_id", "message_id")
        .annotate(first_at=Min("created_at"), reports=Count("id"))
        .order_by("first_at", "post_id", "message_id")
    )


@dataclass
class QueueItem:
    post: object | None
    message: object | None
    first_at: datetime.datetime
    flags: list[Flag] = field(default_factory=list)

    @property
    def item(self):
        return self.post if self.post is not None else self.message

    @property
    def kind(self) -> str:
        return "post" if self.post is not None else "message"

    @property
    def key(self) -> str:
        return str(self.item.pk)

    @property
    def url(self) -> str:
        from pedset.moderation.services import message_url, post_url

        return post_url(self.post) if self.post is not None else message_url(self.message)

    @property
    def author(self):
        return self.item.author

    @property
    def is_moderated(self) -> bool:
        if self.post is not None:
            return self.post.hidden_at is not None or self.post.deleted_at is not None
        return self.message.hidden_at is not None


def open_flags_of(community: Community, *, post_ids=(), message_ids=()) -> list[Flag]:
    from django.db.models import Q

    if not post_ids and not message_ids:
        return []
    return list(
        Flag.objects.filter(community=community, status=Flag.Status.OPEN)
        .filter(Q(post_id__in=list(post_ids)) | Q(message_id__in=list(message_ids)))
        .select_related(
            "reporter",
            "post__author",
            "post__topic",
            "message__author",
        )
        .order_by("created_at", "id")
    )


def queue_items(community: Community, groups) -> list[QueueItem]:
    """The reported items of one queue page with all their open reports: one query."""
    groups = list(groups)
    flags = open_flags_of(
        community,
        post_ids=[g["post_id"] for g in groups if g["post_id"]],
        message_ids=[g["message_id"] for g in groups if g["message_id"]],
    )
    by_item: dict[tuple[str, int], list[Flag]] = {}
    for flag in flags:
        key = ("post", flag.post_id) if flag.post_id else ("message", flag.message_id)
        by_item.setdefault(key, []).append(flag)
    items = []
    for group in groups:
        key = ("post", group["post_id"]) if group["post_id"] else ("message", group["message_id"])
        item_flags = by_item.get(key)
        if not item_flags:  # resolved between the two queries
            continue
        first = item_flags[0]
        items.append(
            QueueItem(
                post=first.post if first.post_id else None,
                message=first.message if first.message_id else None,
                first_at=group["first_at"],
                flags=item_flags,
            )
        )
    return items


def queue_item(community: Community, *, post=None, message=None) -> QueueItem | None:
    flags = open_flags_of(
        community,
        post_ids=[post.pk] if post is not None else [],
        message_ids=[message.pk] if message is not None else [],
    )
    if not flags:
        return None
    first = flags[0]
    return QueueItem(
        post=first.post if first.post_id else None,
        message=first.message if first.message_id else None,
        first_at=first.created_at,
        flags=flags,
    )


def open_flag_count(community: Community) -> int:
    return Flag.objects.filter(community=community, status=Flag.Status.OPEN).count()


def current_suspensions(community: Community) -> QuerySet[Suspension]:
    return (
        Suspension.objects.filter(
            community=community, lifted_at__isnull=True, ends_at__gt=timezone.now()
        )
        .select_related("user")
        .order_by("ends_at", "id")
    )


# --- The log ---------------------------------------------------------------------------------


def moderation_log(
    community: Community,
    *,
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    target_user_id: int | None = None,
) -> QuerySet[ModerationAction]:
    """The community's moderation log, newest first; dates are days in the reader's zone."""
    queryset = ModerationAction.objects.filter(community=community).select_related(
        "actor", "target_user", "post", "post__topic", "topic", "message"
    )
    if action:
        queryset = queryset.filter(action=action)
    if target_user_id is not None:
        queryset = queryset.filter(target_user_id=target_user_id)
    zone = timezone.get_current_timezone()
    if date_from is not None:
        start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=zone)
        queryset = queryset.filter(created_at__gte=start)
    if date_to is not None:
        end = datetime.datetime.combine(
            date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        queryset = queryset.filter(created_at__lt=end)
    return queryset.order_by("-created_at", "-id")


def annotate_entries(entries) -> list[ModerationAction]:
    """Adds what the log rows show without another query: the post's address and, for a
    suspension, when it ends."""
    from pedset.moderation.services import post_url

    entries = list(entries)
    for entry in entries:
        entry.item_url = post_url(entry.post) if entry.post_id else ""
        entry.ends_at = None
        if entry.action == ModerationAction.Action.SUSPEND:
            try:
                entry.ends_at = datetime.datetime.fromisoformat(entry.data.get("ends_at", ""))
            except (TypeError, ValueError):
                entry.ends_at = None
    return entries


# --- A member's history ------------------------------------------------------------------------


def member_membership(community: Community, user_id: int) -> Membership | None:
    """The person's membership, current or past; None for anybody who never was a member
    (their page does not exist: 404)."""
    return (
        Membership.objects.filter(
            community=community,
            user_id=user_id,
            status__in=[MembershipStatus.ACTIVE, MembershipStatus.LEFT],
        )
        .select_related("user")
        .order_by("-requested_at", "-id")
        .first()
    )


def member_warnings(community: Community, member) -> QuerySet[MemberWarning]:
    return MemberWarning.objects.filter(community=community, user=member).select_related(
        "issued_by", "post"
    )


def member_suspensions(community: Community, member) -> QuerySet[Suspension]:
    return Suspension.objects.filter(community=community, user=member).select_related(
        "issued_by", "lifted_by"
    )


def member_content_actions(community: Community, member) -> QuerySet[ModerationAction]:
    """Actions on the person's posts, topics and messages (warnings and suspensions have their
    own lists)."""
    return (
        ModerationAction.objects.filter(
            community=community, target_user=member, action__in=CONTENT_ACTIONS
        )
        .select_related("actor", "post", "post__topic", "topic", "message")
        .order_by("-created_at", "-id")
    )

"""Reads of the communities app, each with the prefetching its page needs."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from pedset.accounts.models import Subject, User
from pedset.communities.models import Community, Membership, MembershipStatus, Role
from pedset.core.models import AuditEvent
from pedset.organisations.models import Organisation

# How long a rejected request stays in the person's "my communities" block.
REJECTED_SHOWN_FOR = datetime.timedelta(days=180)


def text_matches(field: str, text: str) -> Q:
    """Case-insensitive 'contains' that also works for Cyrillic on SQLite.

    SQLite folds the case of ASCII letters only, so «иванов» would not find «Иванов» there;
    the usual spellings of the query are tried as well (PostgreSQL needs only the first)."""
    text = text.strip()
    variants = {text, text.lower(), text.upper(), text.capitalize(), text.title()}
    condition = Q()
    for variant in variants:
        condition |= Q(**{f"{field}__icontains": variant})
    return condition


def _with_member_count(queryset: QuerySet[Community]) -> QuerySet[Community]:
    return queryset.annotate(
        active_members=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE))
    )


def community_catalogue(*, search: str = ""):
    """Communities with their active member count and operator, for list pages (one query).

    Open communities first (closed_at is NULL; NULLs sort differently on SQLite and PostgreSQL,
    hence nulls_first)."""
    queryset = _with_member_count(Community.objects.select_related("operator"))
    if search.strip():
        queryset = queryset.filter(text_matches("name", search))
    return queryset.order_by(F("closed_at").asc(nulls_first=True), "name")


def community_page(slug: str) -> Community | None:
    """One community with its operator and active member count, or None."""
    return (
        _with_member_count(Community.objects.select_related("operator")).filter(slug=slug).first()
    )


def active_member_count(community: Community) -> int:
    return Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE).count()


def community_coordinators(community: Community) -> list[User]:
    """The coordinators the regulation names publicly (active people only)."""
    return [
        m.user
        for m in Membership.objects.filter(
            community=community,
            status=MembershipStatus.ACTIVE,
            role=Role.COORDINATOR,
            user__is_active=True,
            user__anonymised_at__isnull=True,
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "id")
    ]


def pending_request_count(community: Community) -> int:
    return join_requests(community).count()


def my_memberships(user) -> list[Membership]:
    """The person's memberships and requests, with recent rejections and their reasons.

    Where the person decides join requests, ``pending_requests`` holds how many wait (counted
    in the same query) and ``decides_requests`` is set."""
    from pedset.communities.policies import decides_requests

    cutoff = timezone.now() - REJECTED_SHOWN_FOR
    waiting = (
        Membership.objects.filter(
            community=OuterRef("community"),
            status=MembershipStatus.PENDING,
            user__is_active=True,
        )
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = list(
        Membership.objects.filter(user=user)
        .filter(
            Q(status__in=[MembershipStatus.PENDING, MembershipStatus.ACTIVE])
            | Q(status=MembershipStatus.REJECTED, decided_at__gte=cutoff)
        )
        .select_related("community")
        .annotate(pending_requests=Coalesce(Subquery(waiting), 0))
        .order_by("community__name", "-requested_at")
    )
    for membership in rows:
        membership.decides_requests = decides_requests(membership)
    return rows


def join_requests(community: Community) -> QuerySet[Membership]:
    """The queue of pending requests, oldest first (they wait longest)."""
    return (
        Membership.objects.filter(
            community=community, status=MembershipStatus.PENDING, user__is_active=True
        )
        .select_related("user", "user__organisation", "organisation")
        .order_by("requested_at", "id")
    )


def community_members(
    community: Community,
    *,
    search: str = "",
    organisation: Organisation | None = None,
    subject: Subject | None = None,
    role: str = "",
) -> QuerySet[Membership]:
    """Active members of a community for the directory, everything the card shows prefetched."""
    from pedset.privacy.models import Consent, ConsentKind

    queryset = Membership.objects.filter(
        community=community,
        status=MembershipStatus.ACTIVE,
        user__is_active=True,
        user__anonymised_at__isnull=True,
    )
    for word in search.split()[:5]:
        queryset = queryset.filter(
            text_matches("user__last_name", word)
            | text_matches("user__first_name", word)
            | text_matches("user__patronymic", word)
        )
    if organisation is not None:
        queryset = queryset.filter(
            Q(user__organisation=organisation) | Q(organisation=organisation)
        )
    if subject is not None:
        queryset = queryset.filter(user__subjects=subject)
    if role:
        queryset = queryset.filter(role=role)
    return (
        queryset.select_related("user", "user__organisation", "organisation")
        .prefetch_related(
            "user__subjects",
            # accounts.policies.published_fields reads this attribute instead of querying.
            Prefetch(
                "user__consents",
                queryset=Consent.objects.filter(
                    kind=ConsentKind.PUBLICATION, revoked_at__isnull=True
                ),
                to_attr="public_consents",
            ),
        )
        .order_by("user__last_name", "user__first_name", "user__patronymic", "id")
    )


def member_filter_choices(community: Community) -> tuple[list[Organisation], list[Subject]]:
    """Organisations and subjects that occur among the community's active members."""
    active = Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
    organisations = list(
        Organisation.objects.filter(
            Q(staff__memberships__in=active) | Q(community_memberships__in=active)
        )
        .distinct()
        .order_by("short_name")
    )
    subjects = list(
        Subject.objects.filter(teachers__memberships__in=active).distinct().order_by("name")
    )
    return organisations, subjects


def note_colleagues(viewer, memberships) -> None:
    """The viewer, an active member of this community, shares it with every listed (active)
    member: say so once, so the directory does not ask per row."""
    from pedset.accounts.policies import note_shared_community

    note_shared_community(viewer, [membership.user_id for membership in memberships])


def audit_events(
    *,
    community: Community | None = None,
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events, newest first; dates are days in the reader's current time zone."""
    queryset = AuditEvent.objects.select_related("actor", "community")
    if community is not None:
        queryset = queryset.filter(community=community)
    if action:
        queryset = queryset.filter(action=action)
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


def audit_subjects(events) -> dict[int, User]:
    """The people the events are about, in one query."""
    ids = {e.subject_user_id for e in events if e.subject_user_id is not None}
    return User.objects.in_bulk(ids) if ids else {}


def target_label(event: AuditEvent) -> str:
    """A readable name of the event's object type, without loading the object."""
    if not event.target_type:
        return ""
    try:
        model = apps.get_model(event.target_type)
    except (LookupError, ValueError):
        return event.target_type
    return str(model._meta.verbose_name)

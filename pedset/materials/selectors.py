"""Reads of the bank of materials. Each page's reads cost a fixed number of queries: lists
prefetch authors and tags, the material page its files, links and comments."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Case, Exists, F, FloatField, OuterRef, Prefetch, Q, When
from django.db.models.functions import Cast
from django.utils import timezone

from pedset.communities.models import Membership, MembershipStatus
from pedset.core.policies import is_active_user, is_platform_admin
from pedset.materials.models import (
    BANK_STATUSES,
    CLOSED_STATUSES,
    Material,
    MaterialAuthor,
    MaterialComment,
    MaterialFile,
    MaterialLink,
    MaterialRating,
    MaterialStatus,
    Tag,
)
from pedset.materials.policies import ASSIGNED, EDITABLE, MANAGERS, REVIEWED


def visible_materials(user):
    """Every material the person may see (policies.can_view_material as a queryset). Used by
    the bank, «Мои материалы», search and the cabinet."""
    materials = Material.objects.all()
    included = Q(status=MaterialStatus.INCLUDED)
    if not is_active_user(user):
        return materials.filter(included)
    authored = Q(pk__in=MaterialAuthor.objects.filter(user=user).values("material_id"))
    if is_platform_admin(user):
        return materials.filter(~Q(status=MaterialStatus.DRAFT) | authored)
    from pedset.review.models import Assignment

    memberships = Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE)
    # The cabinet's council sits among the active members (pedset.cabinet.policies), so the
    # member rule already lets it see the bank.
    member_of = memberships.values("community_id")
    manager_of = memberships.filter(role__in=list(MANAGERS)).values("community_id")
    assignments = Assignment.objects.filter(expert=user)
    assigned = assignments.filter(status__in=list(ASSIGNED)).values("round__material_id")
    reviewed = assignments.filter(status__in=list(REVIEWED)).values("round__material_id")
    bank, closed = list(BANK_STATUSES), list(CLOSED_STATUSES)
    return materials.filter(
        included
        | authored
        | Q(status__in=bank, community_id__in=member_of)
        | Q(status__in=bank, pk__in=assigned)
        | Q(status__in=closed, community_id__in=manager_of)
        | Q(status__in=closed, pk__in=reviewed)
    )


def _authors_prefetch() -> Prefetch:
    return Prefetch(
        "authors", queryset=MaterialAuthor.objects.select_related("user").order_by("position", "id")
    )


def with_list_data(materials):
    """What a row of a list shows: subject, authors (for names and policies), tags."""
    return materials.select_related("subject", "community").prefetch_related(
        _authors_prefetch(), "tags"
    )


SORTS = {
    "new": ("-submitted_at", "-id"),
    "rating": ("-rating_value", "-rating_count", "-id"),
    "views": ("-views_count", "-id"),
    "downloads": ("-downloads_count", "-id"),
    "title": ("title", "id"),
}


@dataclass(frozen=True)
class BankFilters:
    subject: int | None = None
    level: str = ""
    material_type: str = ""
    status: str = ""
    tag: str = ""
    sort: str = "new"


def bank_list(user, community, filters: BankFilters):
    """The community's bank as the person sees it: every submitted material (drafts are in
    «Мои материалы»), filtered and sorted."""
    materials = (
        visible_materials(user).filter(community=community).exclude(status=MaterialStatus.DRAFT)
    )
    if filters.subject:
        materials = materials.filter(subject_id=filters.subject)
    if filters.level:
        materials = materials.filter(level=filters.level)
    if filters.material_type:
        materials = materials.filter(material_type=filters.material_type)
    if filters.status:
        materials = materials.filter(status=filters.status)
    if filters.tag:
        materials = materials.filter(
            pk__in=Tag.materials.through.objects.filter(tag__name=filters.tag).values("material_id")
        )
    if filters.sort == "rating":
        materials = materials.annotate(
            rating_value=Case(
                When(
                    rating_count__gt=0,
                    then=Cast(F("rating_sum"), FloatField())
                    / Cast(F("rating_count"), FloatField()),
                ),
                default=0.0,
                output_field=FloatField(),
            )
        )
    return with_list_data(materials).order_by(*SORTS.get(filters.sort, SORTS["new"]))


def authored_by(user):
    """The person's materials in every status, those awaiting the person's confirmation as a
    co-author first (``awaits_my_confirmation``, the rule of
    policies.awaits_my_confirmation), then the most recently changed."""
    mine = MaterialAuthor.objects.filter(user=user)
    awaiting = mine.filter(
        material_id=OuterRef("pk"), confirmed_at__isnull=True, position__gt=0
    ).filter(material__status__in=list(EDITABLE))
    return (
        with_list_data(Material.objects.filter(pk__in=mine.values("material_id")))
        .annotate(awaits_my_confirmation=Exists(awaiting))
        .order_by("-awaits_my_confirmation", "-updated_at", "-id")
    )


def awaiting_my_confirmation_count(user) -> int:
    """How many materials name the person as a co-author who has not answered yet."""
    return MaterialAuthor.objects.filter(
        user=user, confirmed_at__isnull=True, position__gt=0, material__status__in=list(EDITABLE)
    ).count()


def material_for_page(pk: int) -> Material | None:
    """One material with everything its page shows but the comments."""
    return (
        Material.objects.select_related("community", "subject", "created_by", "removed_by")
        .prefetch_related(
            _authors_prefetch(),
            "tags",
            Prefetch("files", queryset=MaterialFile.objects.order_by("round_number", "id")),
            Prefetch("links", queryset=MaterialLink.objects.order_by("round_number", "id")),
        )
        .filter(pk=pk)
        .first()
    )


def material_for_change(pk: int) -> Material | None:
    return (
        Material.objects.select_related("community", "subject")
        .prefetch_related(_authors_prefetch(), "tags", "files", "links")
        .filter(pk=pk)
        .first()
    )


def material_comments(material: Material) -> list[MaterialComment]:
    comments = list(
        MaterialComment.objects.filter(material=material)
        .select_related("author")
        .order_by("created_at", "id")
    )
    for comment in comments:
        comment.material = material
    return comments


def with_public_consents(comments: list[MaterialComment]) -> list[MaterialComment]:
    """The commenters' consents to publishing profile fields, for readers from outside the
    community (policies.commenter_name_visible): one query for the whole page."""
    from django.db.models import prefetch_related_objects

    from pedset.privacy.models import Consent, ConsentKind

    prefetch_related_objects(
        [comment.author for comment in comments],
        Prefetch(
            "consents",
            queryset=Consent.objects.filter(kind=ConsentKind.PUBLICATION, revoked_at__isnull=True),
            to_attr="public_consents",
        ),
    )
    return comments


def comment_with_material(pk: int) -> MaterialComment | None:
    comment = (
        MaterialComment.objects.select_related("author", "material__community")
        .filter(pk=pk)
        .first()
    )
    return comment


def file_with_material(pk: int) -> MaterialFile | None:
    return (
        MaterialFile.objects.select_related("material__community")
        .prefetch_related(Prefetch("material__authors", queryset=MaterialAuthor.objects.all()))
        .filter(pk=pk)
        .first()
    )


def rating_of(user, material: Material) -> int | None:
    if not is_active_user(user):
        return None
    return (
        MaterialRating.objects.filter(material=material, user=user)
        .values_list("score", flat=True)
        .first()
    )


def coauthor_candidates(community, *, exclude=None):
    """Who may be named as a co-author: the community's active members with working accounts."""
    people = (
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
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    return people


def community_today(community) -> datetime.date:
    """Today in the community's time zone: the day a view or download is counted on."""
    try:
        zone = zoneinfo.ZoneInfo(community.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return timezone.localdate(timezone=zone)


def tag_names(material: Material) -> list[str]:
    return [tag.name for tag in material.tags.all()]

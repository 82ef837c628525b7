"""Reads of the virtual methodical cabinet: the catalogue with its filters and counts, a
community's cabinet and council. The catalogue is open to everyone (regulation 004 1.8), so
nothing here depends on the reader."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, FloatField, Prefetch, Q, QuerySet
from django.db.models.functions import Cast, NullIf

from pedset.cabinet.models import CabinetEntry, CouncilMember

SORTS = ("new", "downloads", "rating")


@dataclass(frozen=True)
class CatalogueFilters:
    """What the reader asked for; the form has already dropped values that make no sense."""

    subject: int | None = None
    level: str = ""
    material_type: str = ""
    year: int | None = None
    author: str = ""
    organisation: int | None = None
    community: int | None = None
    recommended: bool = False
    sort: str = "new"
    # The dimensions not applied, for the counts beside each filter.
    skip: frozenset[str] = field(default_factory=frozenset)

    def without(self, name: str) -> CatalogueFilters:
        return CatalogueFilters(**{**self.__dict__, "skip": self.skip | {name}})

    @property
    def is_filtered(self) -> bool:
        return any(
            (
                self.subject,
                self.level,
                self.material_type,
                self.year,
                self.author,
                self.organisation,
                self.community,
                self.recommended,
            )
        )


def _author_query(text: str) -> Q:
    """A surname (or any part of a name) in the fixed authors' text. SQLite folds the case of
    Latin letters only, so the capitalised form is tried too: «иванова» finds «Иванова»."""
    text = " ".join(text.split())
    capitalised = " ".join(word[:1].upper() + word[1:].lower() for word in text.split())
    return Q(authors_text__icontains=text) | Q(authors_text__contains=capitalised)


def listed_entries() -> QuerySet[CabinetEntry]:
    """Entries in the catalogue: not withdrawn."""
    return CabinetEntry.objects.filter(withdrawn_at__isnull=True)


def _filtered(filters: CatalogueFilters, base: QuerySet | None = None) -> QuerySet:
    from pedset.materials.models import MaterialAuthor

    entries = listed_entries() if base is None else base
    skip = filters.skip
    if filters.community and "community" not in skip:
        entries = entries.filter(community_id=filters.community)
    if filters.subject and "subject" not in skip:
        entries = entries.filter(material__subject_id=filters.subject)
    if filters.level and "level" not in skip:
        entries = entries.filter(material__level=filters.level)
    if filters.material_type and "material_type" not in skip:
        entries = entries.filter(material__material_type=filters.material_type)
    if filters.year and "year" not in skip:
        entries = entries.filter(year=filters.year)
    if filters.recommended and "recommended" not in skip:
        entries = entries.filter(recommended_for_publication=True)
    if filters.author and "author" not in skip:
        entries = entries.filter(_author_query(filters.author))
    if filters.organisation and "organisation" not in skip:
        # A subquery, not a join: a material of two authors from one school is listed once.
        entries = entries.filter(
            material_id__in=MaterialAuthor.objects.filter(
                user__organisation_id=filters.organisation
            ).values("material_id")
        )
    return entries


def catalogue(filters: CatalogueFilters) -> QuerySet[CabinetEntry]:
    """The page's entries with everything a card shows, in the chosen order."""
    from pedset.materials.models import Tag

    entries = (
        _filtered(filters)
        .select_related("material__subject", "community", "order")
        .prefetch_related(Prefetch("material__tags", queryset=Tag.objects.order_by("name")))
    )
    if filters.sort == "downloads":
        return entries.order_by("-material__downloads_count", "-included_at", "-id")
    if filters.sort == "rating":
        # The average rating; materials nobody rated (no division by zero) go last.
        entries = entries.annotate(
            average=Cast(F("material__rating_sum"), FloatField())
            / Cast(NullIf(F("material__rating_count"), 0), FloatField())
        )
        return entries.order_by(
            F("average").desc(nulls_last=True), "-material__rating_count", "-included_at", "-id"
        )
    return entries.order_by("-included_at", "-id")


@dataclass(frozen=True)
class Counts:
    """How many entries each filter value would show, the other filters kept."""

    subject: dict
    level: dict
    material_type: dict
    year: dict
    recommended: int


def _count_by(filters: CatalogueFilters, name: str, column: str) -> dict:
    rows = (
        _filtered(filters.without(name))
        .order_by()
        .values(column)
        .annotate(n=Count("id"))
        .values_list(column, "n")
    )
    return dict(rows)


def catalogue_counts(filters: CatalogueFilters) -> Counts:
    return Counts(
        subject=_count_by(filters, "subject", "material__subject_id"),
        level=_count_by(filters, "level", "material__level"),
        material_type=_count_by(filters, "material_type", "material__material_type"),
        year=_count_by(filters, "year", "year"),
        recommended=_filtered(filters.without("recommended"))
        .filter(recommended_for_publication=True)
        .count(),
    )


def catalogue_choices() -> dict:
    """The values the filters offer: only those that have entries (subjects, years,
    organisations of the authors, communities)."""
    from pedset.accounts.models import Subject
    from pedset.communities.models import Community
    from pedset.organisations.models import Organisation

    listed = listed_entries()
    return {
        "subjects": list(
            Subject.objects.filter(materials__cabinet_entry__in=listed)
            .distinct()
            .order_by("name")
            .values_list("pk", "name")
        ),
        "years": sorted(
            set(listed.order_by().values_list("year", flat=True).distinct()), reverse=True
        ),
        "organisations": list(
            Organisation.objects.filter(
                staff__material_authorships__material__cabinet_entry__in=listed
            )
            .distinct()
            .order_by("short_name", "id")
            .values_list("pk", "short_name")
        ),
        "communities": list(
            Community.objects.filter(cabinet_entries__in=listed)
            .distinct()
            .order_by("name")
            .values_list("pk", "name")
        ),
    }


def entry_for_material(material) -> CabinetEntry | None:
    """The material's cabinet entry (withdrawn or not), with its order: the material page shows
    «Включён приказом № … от …» or that it was withdrawn, with the reasons, through
    {% include "cabinet/_material_block.html" with entry=… %}."""
    from pedset.cabinet.services import verify_url
    from pedset.cabinet.wording import local_date

    entry = (
        CabinetEntry.objects.select_related("order", "community")
        .filter(material_id=material.pk)
        .first()
    )
    if entry is not None:
        entry.order_date = local_date(entry.community, entry.order.issued_at)
        entry.order_verify_url = verify_url(entry.order)
    return entry


def entry_detail(pk: int) -> CabinetEntry | None:
    return (
        CabinetEntry.objects.select_related("material__subject", "community", "order")
        .filter(pk=pk)
        .first()
    )


def council(community, *, for_managers: bool = False) -> list[CouncilMember]:
    """The council as it sits today, chair first, then the secretary and the members. A seat
    counts while its holder is an active member (policies.is_council_member agrees). Those who
    manage the council also see seats that begin later and seats of people who left, to end
    them (``holder_is_member``, ``is_upcoming``)."""
    from django.db.models import Exists, OuterRef

    from pedset.cabinet.policies import council_today, current_seats_q
    from pedset.communities.models import Membership, MembershipStatus

    today = council_today(community)
    order = {"chair": 0, "secretary": 1, "member": 2}
    seats = CouncilMember.objects.filter(community=community).annotate(
        holder_is_member=Exists(
            Membership.objects.filter(
                community_id=OuterRef("community_id"),
                user_id=OuterRef("user_id"),
                status=MembershipStatus.ACTIVE,
            )
        )
    )
    if for_managers:
        seats = seats.filter(Q(until__isnull=True) | Q(until__gte=today))
    else:
        seats = seats.filter(current_seats_q(today), holder_is_member=True)
    seats = list(seats.select_related("user__organisation"))
    for seat in seats:
        seat.is_upcoming = seat.since > today
    return sorted(seats, key=lambda s: (order.get(s.role, 3), s.user.last_name, s.pk))


def with_public_consents(seats: list[CouncilMember]) -> list[CouncilMember]:
    """The holders' consents to publishing profile fields (policies.council_seat_shown_fields),
    for readers from outside the community: one query."""
    from django.db.models import prefetch_related_objects

    from pedset.privacy.models import Consent, ConsentKind

    prefetch_related_objects(
        [seat.user for seat in seats],
        Prefetch(
            "consents",
            queryset=Consent.objects.filter(kind=ConsentKind.PUBLICATION, revoked_at__isnull=True),
            to_attr="public_consents",
        ),
    )
    return seats


def council_history(community) -> QuerySet[CouncilMember]:
    """Seats that have ended, latest first (for those who manage the council)."""
    from pedset.cabinet.policies import council_today

    return (
        CouncilMember.objects.filter(community=community, until__lt=council_today(community))
        .select_related("user")
        .order_by("-until", "-id")
    )


def council_candidates(community) -> QuerySet:
    """Active members of the community without an open seat."""
    from pedset.accounts.models import User
    from pedset.communities.models import MembershipStatus

    return (
        User.objects.filter(
            memberships__community=community,
            memberships__status=MembershipStatus.ACTIVE,
            is_active=True,
        )
        .exclude(
            pk__in=CouncilMember.objects.filter(community=community, until__isnull=True).values(
                "user_id"
            )
        )
        .order_by("last_name", "first_name", "patronymic", "id")
        .distinct()
    )

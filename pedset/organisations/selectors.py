"""Reads of the registry of educational organisations."""

from __future__ import annotations

import re

from django.db.models import Count, Q, QuerySet

from pedset.organisations.models import Organisation, normalise_name

REGISTRY_FIELDS = ("id", "full_name", "short_name", "kind", "address", "district", "is_active")


def organisation_registry(*, query: str = "", district: str = "", kind: str = "") -> QuerySet:
    """The registry page's rows: every word of the query must occur in the organisation's
    names, address, district or INN (case, quotes and «№» spacing ignored)."""
    organisations = Organisation.objects.only(*REGISTRY_FIELDS).order_by(
        "district", "short_name", "id"
    )
    for word in search_words(query):
        organisations = organisations.filter(search_text__contains=word)
    if district:
        organisations = organisations.filter(district=district)
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations


def search_words(query: str) -> list[str]:
    """«школа "№7"» -> ["школа", "№ 7"]: quotes dropped, a number sign kept with its number."""
    return re.findall(r"№ ?\d+|[^\s\"]+", normalise_name(query))


def registry_districts() -> list[str]:
    return list(
        Organisation.objects.order_by("district").values_list("district", flat=True).distinct()
    )


def organisation_detail(pk: int) -> Organisation:
    """One organisation with the number of its registered staff (raises DoesNotExist)."""
    return Organisation.objects.annotate(
        staff_count=Count("staff", filter=Q(staff__is_active=True))
    ).get(pk=pk)


def organisation_communities(organisation: Organisation) -> dict[str, list]:
    """Communities the organisation runs (as their operator) and takes part in (communities of
    organisations, through its representatives)."""
    from pedset.communities.models import Community, MembershipStatus

    operated = list(Community.objects.filter(operator=organisation).order_by("name"))
    member_of = list(
        Community.objects.filter(
            memberships__organisation=organisation,
            memberships__status=MembershipStatus.ACTIVE,
        )
        .distinct()
        .order_by("name")
    )
    return {"operated": operated, "member_of": member_of}

"""Personal-data hooks of the cabinet: the person's seats on the council.

Found by pedset.privacy.registry. Authorship fixed in cabinet entries and orders is part of
issued documents, which never change (the registry keeps them as the operator's record), so it
is exported here but not erased. Erasure ends the person's seats on the council (a seat that
has not begun is removed): the history of who sat on it stays, shown as «Бывший участник» once
the account is anonymised.
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from pedset.cabinet.models import CabinetEntry, CouncilMember

COUNCIL_SEATS = pgettext_lazy(
    "personal data category", "seats on the council of the virtual methodical cabinet"
)


def _iso(value):
    return value.isoformat() if value is not None else None


def export(user) -> dict:
    seats = CouncilMember.objects.filter(user=user).select_related("community").order_by("since")
    entries = (
        CabinetEntry.objects.filter(material__authors__user=user)
        .select_related("material", "order", "community")
        .order_by("included_at")
        .distinct()
    )
    return {
        "council_seats": [
            {
                "community": {"id": s.community_id, "slug": s.community.slug},
                "role": s.role,
                "basis": s.basis,
                "basis_document": s.basis_document,
                "since": _iso(s.since),
                "until": _iso(s.until),
            }
            for s in seats
        ],
        "cabinet_entries": [
            {
                "material_id": e.material_id,
                "title": e.material.title,
                "community": {"id": e.community_id, "slug": e.community.slug},
                "order_number": e.order.number,
                "included_at": _iso(e.included_at),
                "authors_as_fixed": e.authors_text,
                "withdrawn_at": _iso(e.withdrawn_at),
            }
            for e in entries
        ],
    }


def erase(user) -> list[str]:
    today = timezone.localdate()
    open_seats = CouncilMember.objects.filter(user=user).filter(
        Q(until__isnull=True) | Q(until__gte=today)
    )
    # A seat held before today ends yesterday; one that has not begun was never held: removed.
    ended = open_seats.filter(since__lt=today).update(until=today - datetime.timedelta(days=1))
    removed, _ = open_seats.filter(since__gte=today).delete()
    ended += removed
    return [str(COUNCIL_SEATS)] if ended else []

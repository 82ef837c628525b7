"""Who may change the virtual methodical cabinet. The cabinet itself is open to everyone
(regulation 004 1.8: «доступен каждому педагогу»), so reading needs no policy. The permission
table in pedset/core/permission_table.py declares the expected answers of the can_* functions.

is_council_member / is_council_chair are facts, not permissions: the review app asks them to
let the council decide on a material.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from pedset.communities.models import Community, Role
from pedset.core.policies import community_role, is_active_user, is_platform_admin

MANAGERS = {Role.ADMINISTRATOR, Role.COORDINATOR}


def council_today(community):
    """Today in the community's time zone: seats begin and end on its calendar days."""
    from pedset.cabinet.wording import local_date

    return local_date(community, timezone.now())


def current_seats_q(today) -> Q:
    """Seats held on that day: begun, and not ended before it (the end day is still held)."""
    return Q(since__lte=today) & (Q(until__isnull=True) | Q(until__gte=today))


def _seat_roles(user, community: Community) -> frozenset[str]:
    """The roles of the person's current seats on the community's council (memoised per
    request); a seat counts only while the person is an active member of the community."""
    from pedset.cabinet.models import CouncilMember

    if not is_active_user(user) or community_role(user, community) is None:
        return frozenset()
    cache = user.__dict__.setdefault("_pedset_cabinet_seats", {})
    if community.pk not in cache:
        cache[community.pk] = frozenset(
            CouncilMember.objects.filter(community_id=community.pk, user=user)
            .filter(current_seats_q(council_today(community)))
            .values_list("role", flat=True)
        )
    return cache[community.pk]


def council_seat_roles(user, community: Community) -> frozenset[str]:
    """The roles of the person's current seats on the community's council (the review app asks
    through this rather than reading seats itself)."""
    return _seat_roles(user, community)


def forget_cached_seats(user) -> None:
    """Called by the council services, so the same request sees the change."""
    user.__dict__.pop("_pedset_cabinet_seats", None)


def is_council_member(user, community: Community) -> bool:
    """Holds a current seat on the community's council (any role) and is an active member."""
    return bool(_seat_roles(user, community))


def is_council_chair(user, community: Community) -> bool:
    from pedset.cabinet.models import CouncilRole

    return CouncilRole.CHAIR in _seat_roles(user, community)


def is_council_officer(user, community: Community) -> bool:
    """The chair or the secretary: those who speak for the council."""
    from pedset.cabinet.models import CouncilRole

    return bool(_seat_roles(user, community) & {CouncilRole.CHAIR, CouncilRole.SECRETARY})


def council_seat_shown_fields(user, seat) -> frozenset[str]:
    """What of a council seat's holder the public cabinet page shows: to the community's
    members (colleagues) and platform administrators the name and organisation; to everyone
    else only what the holder consented to publish (152-FZ, as the members directory). Prefetch
    ``public_consents`` on the holders (selectors.with_public_consents)."""
    from pedset.accounts.policies import published_fields

    shown = {"full_name", "organisation"}
    if is_platform_admin(user) or community_role(user, seat.community) is not None:
        return frozenset(shown)
    return frozenset(shown & published_fields(seat.user))


def _is_manager(user, community: Community) -> bool:
    return is_platform_admin(user) or community_role(user, community) in MANAGERS


def can_manage_council(user, community: Community) -> bool:
    """Coordinators and administrators of the community and the platform administrator add
    and end seats; never in a closed community."""
    return not community.is_closed and _is_manager(user, community)


def can_recommend_entry(user, entry) -> bool:
    """Regulation 004 1.10: the council (its chair or secretary) recommends the best products
    for publication; coordinators and administrators may too. Not for withdrawn entries."""
    community = entry.community
    if entry.withdrawn_at is not None or community.is_closed:
        return False
    return _is_manager(user, community) or is_council_officer(user, community)


def can_withdraw_entry(user, entry) -> bool:
    """Coordinators and administrators of the community and the platform administrator."""
    if entry.withdrawn_at is not None:
        return False
    return _is_manager(user, entry.community)

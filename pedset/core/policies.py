"""Role lookups shared by every app's policies. Only policies.py modules call these.

Results are memoised on the user object for the length of a request, so a page that asks
many permission questions about one community costs one query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pedset.communities.models import Community, Membership


def is_active_user(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _platform_roles(user) -> frozenset[str]:
    if not is_active_user(user):
        return frozenset()
    cached = getattr(user, "_pedset_platform_roles", None)
    if cached is None:
        cached = frozenset(user.platform_roles.values_list("role", flat=True))
        user._pedset_platform_roles = cached
    return cached


def is_platform_admin(user) -> bool:
    from pedset.accounts.models import PlatformRole

    if not is_active_user(user):
        return False
    return user.is_superuser or PlatformRole.Role.ADMINISTRATOR in _platform_roles(user)


def is_education_authority(user) -> bool:
    from pedset.accounts.models import PlatformRole

    return PlatformRole.Role.EDUCATION_AUTHORITY in _platform_roles(user)


def open_membership(user, community: Community) -> Membership | None:
    """The person's pending or active membership in the community, if any."""
    from pedset.communities.models import Membership, MembershipStatus

    if not is_active_user(user):
        return None
    cache = user.__dict__.setdefault("_pedset_memberships", {})
    if community.pk not in cache:
        cache[community.pk] = (
            Membership.objects.filter(
                user=user,
                community_id=community.pk,
                status__in=[MembershipStatus.PENDING, MembershipStatus.ACTIVE],
            )
            .only("id", "role", "status", "community_id", "user_id", "organisation_id")
            .first()
        )
    return cache[community.pk]


def community_role(user, community: Community) -> str | None:
    """The role of an active member, or None for everyone else (pending applicants included)."""
    membership = open_membership(user, community)
    if membership is None or not membership.is_active:
        return None
    return membership.role


def forget_cached_roles(user) -> None:
    """Called by services that change roles, so the same request sees the change."""
    user.__dict__.pop("_pedset_memberships", None)
    user.__dict__.pop("_pedset_platform_roles", None)

"""Who may do what in a community. The permission table in pedset/core/permission_table.py
declares the expected answer of every function here for every role."""

from pedset.communities.models import Community, MemberKind, Membership, MembershipStatus, Role
from pedset.core.policies import (
    community_role,
    is_active_user,
    is_platform_admin,
    open_membership,
)

MANAGERS = {Role.ADMINISTRATOR, Role.COORDINATOR}


def visible_communities(user):
    """The public catalogue: every community, closed ones included (marked as closed)."""
    return Community.objects.all()


def can_view_community(user, community: Community) -> bool:
    return True


def can_create_community(user) -> bool:
    return is_platform_admin(user)


def can_close_community(user, community: Community) -> bool:
    return is_platform_admin(user) and not community.is_closed


def can_edit_community(user, community: Community) -> bool:
    if community.is_closed:
        return False
    return is_platform_admin(user) or community_role(user, community) == Role.ADMINISTRATOR


def can_edit_founding_details(user, community: Community) -> bool:
    """Operator, member kind and the creation order come from the authority's order: only the
    platform administrator, who records such orders, changes them."""
    return is_platform_admin(user) and not community.is_closed


def can_request_join(user, community: Community) -> bool:
    if not is_active_user(user) or community.is_closed or user.email_confirmed_at is None:
        return False
    if community.member_kind == MemberKind.ORGANISATIONS and user.organisation_id is None:
        return False
    return open_membership(user, community) is None


def can_cancel_request(user, community: Community) -> bool:
    """An applicant may withdraw a request that nobody has decided yet."""
    membership = open_membership(user, community)
    return membership is not None and membership.status == MembershipStatus.PENDING


def can_leave(user, community: Community) -> bool:
    return community_role(user, community) is not None


def can_decide_membership(user, community: Community) -> bool:
    if community.is_closed:
        return False
    return is_platform_admin(user) or community_role(user, community) in MANAGERS


def can_assign_roles(user, community: Community) -> bool:
    if community.is_closed:
        return False
    return is_platform_admin(user) or community_role(user, community) == Role.ADMINISTRATOR


def can_view_members(user, community: Community) -> bool:
    return is_platform_admin(user) or community_role(user, community) is not None


def can_view_audit(user, community: Community) -> bool:
    return is_platform_admin(user) or community_role(user, community) == Role.ADMINISTRATOR


def can_view_platform_audit(user) -> bool:
    return is_platform_admin(user)


def membership_deciders(community: Community):
    """Active memberships of the people who decide on join requests (told of new ones)."""
    return Membership.objects.filter(
        community=community,
        status=MembershipStatus.ACTIVE,
        role__in=list(MANAGERS),
        user__is_active=True,
    )


def decides_requests(membership) -> bool:
    """For list pages that already hold the person's own membership rows: does this one let
    them decide join requests? Same rule as can_decide_membership, without another query."""
    return (
        membership.status == MembershipStatus.ACTIVE
        and membership.role in MANAGERS
        and not membership.community.is_closed
    )


def is_member(user, community: Community) -> bool:
    """An active member (any role): colleagues of every other active member."""
    return community_role(user, community) is not None

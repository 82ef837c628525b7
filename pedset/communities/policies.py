"""Who may do what in a community. The permission table in pedset/core/permission_table.py
declares the expected answer of every function here for every role."""

from pedset.communities.models import Community, MemberKind, Role
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


def can_request_join(user, community: Community) -> bool:
    if not is_active_user(user) or community.is_closed or user.email_confirmed_at is None:
        return False
    if community.member_kind == MemberKind.ORGANISATIONS and user.organisation_id is None:
        return False
    return open_membership(user, community) is None


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

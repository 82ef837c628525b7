"""Who may publish, read and change announcements. The permission table in
pedset/core/permission_table.py declares the expected answer of each function for every role."""

from pedset.communities.models import Community, Role
from pedset.core.policies import community_role, is_platform_admin

PUBLISHERS = {Role.ADMINISTRATOR, Role.COORDINATOR}


def can_publish_announcement(user, community: Community) -> bool:
    """The community's administrator and coordinators, and the platform administrator; never in
    a closed community."""
    if community.is_closed:
        return False
    return is_platform_admin(user) or community_role(user, community) in PUBLISHERS


def can_read_announcements(user, community: Community) -> bool:
    """Active members of any role and the platform administrator (closed communities too: their
    history stays readable)."""
    return is_platform_admin(user) or community_role(user, community) is not None


def can_edit_announcement(user, announcement) -> bool:
    """Whoever may publish in the community, and the author while still an active member."""
    if announcement.is_deleted or announcement.community.is_closed:
        return False
    if can_publish_announcement(user, announcement.community):
        return True
    return (
        announcement.author_id == getattr(user, "pk", None)
        and community_role(user, announcement.community) is not None
    )


def can_delete_announcement(user, announcement) -> bool:
    """The same people who may edit it."""
    return can_edit_announcement(user, announcement)

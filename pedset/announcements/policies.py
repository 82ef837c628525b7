"""Who may publish, read and change announcements. The permission table in
pedset/core/permission_table.py declares the expected answer of each function for every role."""

from pedset.communities.models import Community, Role
from pedset.core.policies import community_role, is_platform_admin
from pedset.moderation.policies import is_suspended

PUBLISHERS = {Role.ADMINISTRATOR, Role.COORDINATOR}


def can_publish_announcement(user, community: Community) -> bool:
    """The community's administrator and coordinators, and the platform administrator; never in
    a closed community, never while suspended there."""
    if community.is_closed:
        return False
    allowed = is_platform_admin(user) or community_role(user, community) in PUBLISHERS
    return allowed and not is_suspended(user, community)


def can_read_announcements(user, community: Community) -> bool:
    """Active members of any role and the platform administrator (closed communities too: their
    history stays readable)."""
    return is_platform_admin(user) or community_role(user, community) is not None


def can_edit_announcement(user, announcement) -> bool:
    """Whoever may publish in the community, and the author while still an active member; a
    person suspended in the community changes nothing there."""
    community = announcement.community
    if announcement.is_deleted or community.is_closed:
        return False
    if can_publish_announcement(user, community):
        return True
    return (
        announcement.author_id == getattr(user, "pk", None)
        and community_role(user, community) is not None
        and not is_suspended(user, community)
    )


def can_delete_announcement(user, announcement) -> bool:
    """The same people who may edit it."""
    return can_edit_announcement(user, announcement)

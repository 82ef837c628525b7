"""Who may do what in a community's forum. The permission table in pedset/core/permission_table.py
declares the expected answer of every can_* function here for every role.

Reading: active members of the community and the platform administrator (nobody anonymous,
no pending applicant). Writing: active members only, not suspended, not in a closed community.
Moderating: pedset.moderation.policies.can_moderate. Every lookup is memoised on the user for
the request, so asking about each of twenty posts costs no extra query.
"""

from __future__ import annotations

from pedset.communities.models import Role
from pedset.core.policies import community_role, is_active_user, is_platform_admin
from pedset.moderation.policies import MODERATORS, can_moderate, is_suspended

SECTION_MANAGERS = {Role.ADMINISTRATOR, Role.COORDINATOR}


def _community_of_section(section):
    return section.community


def _community_of_topic(topic):
    return topic.section.community


def _community_of_post(post):
    return post.topic.section.community


def _sees_as_moderator(user, community) -> bool:
    """Moderators see hidden and deleted text, also after the community was closed (reading the
    archive); acting needs can_moderate, which refuses in a closed community."""
    return is_platform_admin(user) or community_role(user, community) in MODERATORS


def can_read_forum(user, community) -> bool:
    return is_platform_admin(user) or community_role(user, community) is not None


def can_manage_sections(user, community) -> bool:
    """Add and rename sections: the coordinator, the community administrator, the platform
    administrator (regulation 003: «разработка структуры и разделов»)."""
    if community.is_closed:
        return False
    return is_platform_admin(user) or community_role(user, community) in SECTION_MANAGERS


def can_post_topic(user, section) -> bool:
    community = _community_of_section(section)
    if community.is_closed or not is_active_user(user):
        return False
    return community_role(user, community) is not None and not is_suspended(user, community)


def can_reply(user, topic) -> bool:
    if not can_post_topic(user, topic.section):
        return False
    return not topic.is_locked or can_moderate(user, _community_of_topic(topic))


def can_edit_post(user, post) -> bool:
    """The author edits their own post while they may still write in the topic; a moderator
    edits any post that is not deleted (with a reason, see services.post_edit)."""
    if post.is_deleted:
        return False
    community = _community_of_post(post)
    if can_moderate(user, community):
        return True
    if not is_active_user(user) or post.author_id != user.pk or post.is_hidden:
        return False
    return can_reply(user, post.topic)


def can_view_post_body(user, post) -> bool:
    """The text of a hidden post: its author and the moderators; of a deleted one: moderators."""
    community = _community_of_post(post)
    if not can_read_forum(user, community):
        return False
    if post.is_deleted:
        return _sees_as_moderator(user, community)
    if post.is_hidden:
        return post.author_id == user.pk or _sees_as_moderator(user, community)
    return True


def can_view_revisions(user, post) -> bool:
    community = _community_of_post(post)
    if not can_read_forum(user, community):
        return False
    if _sees_as_moderator(user, community):
        return True
    return post.author_id == user.pk and not post.is_deleted


def can_download_attachment(user, attachment) -> bool:
    return can_view_post_body(user, attachment.post)

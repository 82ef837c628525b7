"""Who moderates, who is suspended, who may report what. Forum and messaging policies ask
``is_suspended`` and ``can_moderate``; the moderation pages ask the rest.

Rank rule for warnings and suspensions (decided for issue 3, documented in the report and in
docs/ru): a moderator, the coordinator and the community administrator may act on ordinary
members and experts; only the community administrator (or a platform administrator) may act on
a moderator or the coordinator; only a platform administrator may act on the community
administrator; nobody acts on a platform administrator or on themselves.
"""

from django.utils import timezone

from pedset.communities.models import Role
from pedset.core.policies import (
    community_role,
    is_active_user,
    is_platform_admin,
)

MODERATORS = {Role.MODERATOR, Role.COORDINATOR, Role.ADMINISTRATOR}

# Rank of the person acted on, and the least rank that may act on them.
_PLATFORM_ADMIN_RANK = 4
_RANK = {
    None: 0,
    Role.MEMBER: 0,
    Role.EXPERT: 0,
    Role.MODERATOR: 1,
    Role.COORDINATOR: 1,
    Role.ADMINISTRATOR: 3,
}
_ACTOR_RANK = {Role.MODERATOR: 1, Role.COORDINATOR: 1, Role.ADMINISTRATOR: 3}


def is_suspended(user, community) -> bool:
    """A current suspension in this community: the person may read but not post or message."""
    from pedset.moderation.models import Suspension

    if not is_active_user(user):
        return False
    cache = user.__dict__.setdefault("_pedset_suspended", {})
    if community.pk not in cache:
        cache[community.pk] = Suspension.objects.filter(
            community_id=community.pk,
            user=user,
            lifted_at__isnull=True,
            ends_at__gt=timezone.now(),
        ).exists()
    return cache[community.pk]


def forget_cached_suspension(user) -> None:
    """Called by the services that suspend and lift, so the same request sees the change."""
    user.__dict__.pop("_pedset_suspended", None)


def can_moderate(user, community) -> bool:
    """Moderators, the coordinator and the community administrator moderate; so does the
    platform administrator."""
    if community.is_closed:
        return False
    return is_platform_admin(user) or community_role(user, community) in MODERATORS


def community_moderators(community):
    """Active memberships of the people who moderate the community (told of new reports)."""
    from pedset.communities.models import Membership, MembershipStatus

    return Membership.objects.filter(
        community=community,
        status=MembershipStatus.ACTIVE,
        role__in=list(MODERATORS),
        user__is_active=True,
    ).select_related("user")


# --- Reports (жалобы) ------------------------------------------------------------------------


def post_community(post):
    return post.topic.section.community


def sees_post(user, post) -> bool:
    """Whoever reads the forum of the post's community (its active members, the platform
    administrator) sees it; anybody else is told it does not exist (404)."""
    from pedset.forum.policies import can_read_forum

    return can_read_forum(user, post_community(post))


def sees_message(user, message) -> bool:
    """Only the participants whose seat covers the message read it — a report included."""
    from pedset.messaging.policies import can_read_message

    return can_read_message(user, message)


def can_flag_post(user, post) -> bool:
    """An active member who is not suspended reports somebody else's visible post. Cheap per
    post once ``post.topic.section.community`` is loaded: role and suspension are memoised."""
    community = post_community(post)
    return (
        is_active_user(user)
        and not community.is_closed
        and community_role(user, community) is not None
        and post.author_id != user.pk
        and post.hidden_at is None
        and post.deleted_at is None
        and not is_suspended(user, community)
    )


def can_flag_message(user, message) -> bool:
    """A participant who reads the message and is an active member of the conversation's
    community (its moderators receive the report) reports somebody else's text message."""
    from pedset.messaging.models import MessageKind

    community = message.conversation.community
    return (
        is_active_user(user)
        and not community.is_closed
        and message.kind == MessageKind.TEXT
        and community_role(user, community) is not None
        and message.author_id != user.pk
        and message.hidden_at is None
        and sees_message(user, message)
        and not is_suspended(user, community)
    )


# --- The queue, warnings and suspensions ---------------------------------------------------


def can_view_queue(user, community) -> bool:
    """The reports queue and its actions (hide, delete, dismiss)."""
    return can_moderate(user, community)


def _may_act_on(user, community, member) -> bool:
    if not can_moderate(user, community) or member is None:
        return False
    if not is_active_user(member) or member.pk == user.pk or is_platform_admin(member):
        return False
    target_role = community_role(member, community)
    if target_role is None:  # only active members are warned or suspended
        return False
    if is_platform_admin(user):
        actor_rank = _PLATFORM_ADMIN_RANK
    else:
        actor_rank = _ACTOR_RANK.get(community_role(user, community), 0)
    needed = {0: 1, 1: 3, 3: _PLATFORM_ADMIN_RANK}[_RANK[target_role]]
    return actor_rank >= needed


def can_warn(user, community, member) -> bool:
    return _may_act_on(user, community, member)


def can_suspend(user, community, member) -> bool:
    """Also decides who may lift a suspension of that member."""
    return _may_act_on(user, community, member)


def can_view_moderation_log(user, community) -> bool:
    """The coordinator reads the log (B2); so do the community administrator, the moderators
    and the platform administrator — closed communities included (accountability)."""
    return is_platform_admin(user) or community_role(user, community) in MODERATORS


def can_view_member_history(user, community) -> bool:
    """A member's moderation history (warnings, suspensions, actions on their content)."""
    return can_view_moderation_log(user, community)

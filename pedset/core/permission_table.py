"""The one declared role × action table.

Each row names a policy function and the actors it must allow; every other actor must be refused.
`pedset/core/tests/test_permission_table.py` builds each actor in a fresh community and checks
every cell, so a policy change that is not reflected here fails the suite.

Targets tell the test what to pass to the policy:
- "community": policy(user, community)
- "none": policy(user)
- "colleague": policy(user, person) where person is an ordinary member of the community
  who made nothing public.
- "others_consent": policy(user, consent) where the consent is another person's active consent.
- "section", "topic", "post", "attachment": the community's first regular forum section, a topic
  there by another ordinary member, its first post, a PDF attached to it
  (pedset/forum/tests/factories.permission_targets).
- "own_conversation", "others_conversation", "message_in_own_conversation", "reported_message":
  built for the actor by pedset/messaging/tests/targets.py (the actor holds a seat in "own" ones).
- "announcement": an announcement of the community by a separate coordinator.
- "community_colleague": policy(user, community, member) for an ordinary member.
"""

from pedset.core.testing import ACTORS

ALL = frozenset(ACTORS)
SIGNED_IN = ALL - {"anonymous", "revoked"}
MEMBERS = frozenset({"member", "expert", "moderator", "coordinator", "community_admin"})
MANAGERS = frozenset({"coordinator", "community_admin"})
PLATFORM_ADMIN = frozenset({"platform_admin"})
MODERATORS = frozenset({"moderator", "coordinator", "community_admin", "platform_admin"})

# action: (policy, target, actors allowed)
PERMISSION_TABLE: dict[str, tuple[str, str, frozenset[str]]] = {
    # Communities
    "community.view": ("pedset.communities.policies.can_view_community", "community", ALL),
    "community.create": (
        "pedset.communities.policies.can_create_community",
        "none",
        PLATFORM_ADMIN,
    ),
    "community.close": (
        "pedset.communities.policies.can_close_community",
        "community",
        PLATFORM_ADMIN,
    ),
    "community.edit": (
        "pedset.communities.policies.can_edit_community",
        "community",
        PLATFORM_ADMIN | {"community_admin"},
    ),
    "community.request_join": (
        "pedset.communities.policies.can_request_join",
        "community",
        frozenset({"registered", "education_authority", "platform_admin"}),
    ),
    "community.cancel_request": (
        "pedset.communities.policies.can_cancel_request",
        "community",
        frozenset({"pending"}),
    ),
    "community.edit_founding_details": (
        "pedset.communities.policies.can_edit_founding_details",
        "community",
        PLATFORM_ADMIN,
    ),
    "platform.view_audit": (
        "pedset.communities.policies.can_view_platform_audit",
        "none",
        PLATFORM_ADMIN,
    ),
    "community.leave": ("pedset.communities.policies.can_leave", "community", MEMBERS),
    "membership.decide": (
        "pedset.communities.policies.can_decide_membership",
        "community",
        PLATFORM_ADMIN | MANAGERS,
    ),
    "membership.assign_roles": (
        "pedset.communities.policies.can_assign_roles",
        "community",
        PLATFORM_ADMIN | {"community_admin"},
    ),
    "community.view_members": (
        "pedset.communities.policies.can_view_members",
        "community",
        PLATFORM_ADMIN | MEMBERS,
    ),
    "community.view_audit": (
        "pedset.communities.policies.can_view_audit",
        "community",
        PLATFORM_ADMIN | {"community_admin"},
    ),
    # Forum
    "forum.read": ("pedset.forum.policies.can_read_forum", "community", MEMBERS | PLATFORM_ADMIN),
    "forum.manage_sections": (
        "pedset.forum.policies.can_manage_sections",
        "community",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "forum.post_topic": ("pedset.forum.policies.can_post_topic", "section", MEMBERS),
    "forum.reply": ("pedset.forum.policies.can_reply", "topic", MEMBERS),
    "forum.edit_others_post": (
        "pedset.forum.policies.can_edit_post",
        "post",
        PLATFORM_ADMIN | {"moderator", "coordinator", "community_admin"},
    ),
    "forum.view_post_body": (
        "pedset.forum.policies.can_view_post_body",
        "post",
        MEMBERS | PLATFORM_ADMIN,
    ),
    "forum.view_revisions": (
        "pedset.forum.policies.can_view_revisions",
        "post",
        PLATFORM_ADMIN | {"moderator", "coordinator", "community_admin"},
    ),
    "forum.download_attachment": (
        "pedset.forum.policies.can_download_attachment",
        "attachment",
        MEMBERS | PLATFORM_ADMIN,
    ),
    # Moderation
    "community.moderate": ("pedset.moderation.policies.can_moderate", "community", MODERATORS),
    "moderation.flag_post": ("pedset.moderation.policies.can_flag_post", "post", MEMBERS),
    "moderation.flag_message": (
        "pedset.moderation.policies.can_flag_message",
        "message_in_own_conversation",
        MEMBERS,
    ),
    "moderation.view_queue": ("pedset.moderation.policies.can_view_queue", "community", MODERATORS),
    "moderation.view_log": (
        "pedset.moderation.policies.can_view_moderation_log",
        "community",
        MODERATORS,
    ),
    "moderation.view_member_history": (
        "pedset.moderation.policies.can_view_member_history",
        "community",
        MODERATORS,
    ),
    "moderation.warn": ("pedset.moderation.policies.can_warn", "community_colleague", MODERATORS),
    "moderation.suspend": (
        "pedset.moderation.policies.can_suspend",
        "community_colleague",
        MODERATORS,
    ),
    # Private messages
    "message.start_conversation": (
        "pedset.messaging.policies.can_start_conversation",
        "community",
        MEMBERS,
    ),
    "message.write_to_person": ("pedset.messaging.policies.can_write_to", "colleague", MEMBERS),
    "message.block_person": ("pedset.messaging.policies.can_block_person", "colleague", SIGNED_IN),
    "conversation.read_own": (
        "pedset.messaging.policies.can_read_conversation",
        "own_conversation",
        SIGNED_IN,
    ),
    "conversation.read_others": (
        "pedset.messaging.policies.can_read_conversation",
        "others_conversation",
        frozenset(),
    ),
    "message.read_own": (
        "pedset.messaging.policies.can_read_message",
        "message_in_own_conversation",
        SIGNED_IN,
    ),
    "message.read_reported": (
        "pedset.messaging.policies.can_read_message",
        "reported_message",
        frozenset(),
    ),
    "conversation.send_own": (
        "pedset.messaging.policies.can_send_message",
        "own_conversation",
        MEMBERS,
    ),
    "conversation.send_others": (
        "pedset.messaging.policies.can_send_message",
        "others_conversation",
        frozenset(),
    ),
    "conversation.leave_own": (
        "pedset.messaging.policies.can_leave_conversation",
        "own_conversation",
        SIGNED_IN,
    ),
    "conversation.leave_others": (
        "pedset.messaging.policies.can_leave_conversation",
        "others_conversation",
        frozenset(),
    ),
    "message.hide_reported": (
        "pedset.messaging.policies.can_hide_message",
        "reported_message",
        MODERATORS,
    ),
    # Announcements
    "announcement.publish": (
        "pedset.announcements.policies.can_publish_announcement",
        "community",
        PLATFORM_ADMIN | MANAGERS,
    ),
    "announcement.read": (
        "pedset.announcements.policies.can_read_announcements",
        "community",
        PLATFORM_ADMIN | MEMBERS,
    ),
    "announcement.edit": (
        "pedset.announcements.policies.can_edit_announcement",
        "announcement",
        PLATFORM_ADMIN | MANAGERS,
    ),
    "announcement.delete": (
        "pedset.announcements.policies.can_delete_announcement",
        "announcement",
        PLATFORM_ADMIN | MANAGERS,
    ),
    # People
    "profile.view": (
        "pedset.accounts.policies.can_view_profile",
        "colleague",
        PLATFORM_ADMIN | MEMBERS,
    ),
    "profile.view_avatar": (
        "pedset.accounts.policies.can_view_avatar",
        "colleague",
        PLATFORM_ADMIN | MEMBERS,
    ),
    "platform_roles.manage": (
        "pedset.accounts.policies.can_manage_platform_roles",
        "none",
        PLATFORM_ADMIN,
    ),
    "profile.edit": ("pedset.accounts.policies.can_edit_profile", "colleague", frozenset()),
    # Organisations
    "organisation.view": ("pedset.organisations.policies.can_view_organisations", "none", ALL),
    "organisation.manage": (
        "pedset.organisations.policies.can_manage_organisations",
        "none",
        frozenset({"education_authority", "platform_admin"}),
    ),
    "organisation.designate_operator": (
        "pedset.organisations.policies.can_designate_platform_operator",
        "none",
        PLATFORM_ADMIN,
    ),
    # Personal data
    "consent.manage_own": ("pedset.privacy.policies.can_manage_own_consents", "none", SIGNED_IN),
    "consent.revoke_others": (
        "pedset.privacy.policies.can_revoke_consent",
        "others_consent",
        frozenset(),
    ),
    "consent.withdraw_from_platform": (
        "pedset.privacy.policies.can_withdraw_from_platform",
        "none",
        SIGNED_IN,
    ),
    "personal_data.export_own": ("pedset.privacy.policies.can_export_own_data", "none", SIGNED_IN),
    "consent_text.view": ("pedset.privacy.policies.can_view_consent_text", "none", ALL),
    "consent.manage_texts": (
        "pedset.privacy.policies.can_manage_consent_texts",
        "none",
        PLATFORM_ADMIN,
    ),
    "destruction_act.view": (
        "pedset.privacy.policies.can_view_destruction_acts",
        "none",
        PLATFORM_ADMIN,
    ),
}

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
- "material_<name>": built for the actor by pedset/materials/tests/factories.permission_target:
  "draft", "submitted", "rejected", "included" materials of another ordinary member; "own_draft",
  "own_submitted" by the actor (another member's for an anonymous actor); "comment" (another
  member's, on a submitted material), "own_comment"; "file" of a submitted material;
  "coauthored_draft": another member's draft naming the actor as an unconfirmed co-author. Council
  seats, assigned experts and co-authors are not actors here: pedset/materials/tests covers them.
- "expertise_<name>": built for the actor by pedset/review/tests/targets.py: an open round of
  an ordinary member's submitted material, one with a review in, its material, the actor's own
  invitation or accepted assignment, another expert's. Council seats and authors are not actors
  here: pedset/review/tests/test_policies.py covers them.
- "cabinet_entry": an entry of the community's cabinet (pedset/cabinet/tests/factories.py);
  council seats are not actors here: pedset/cabinet/tests/test_policies.py covers them.
- "community_order", "colleague_certificate": an order of the community; a certificate of
  publication issued to an ordinary member (pedset/documents/tests/targets.py).
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
    # Expertise of materials
    "expertise.view_desk": (
        "pedset.review.policies.can_view_expertise_desk",
        "community",
        MANAGERS,
    ),
    "expertise.manage_criteria": (
        "pedset.review.policies.can_manage_criteria",
        "community",
        MANAGERS,
    ),
    "expertise.assign": (
        "pedset.review.policies.can_assign_experts",
        "expertise_open_round",
        MANAGERS,
    ),
    "expertise.decide_reviewed": (
        "pedset.review.policies.can_decide_round",
        "expertise_reviewed_round",
        MANAGERS,
    ),
    "expertise.decide_unreviewed": (
        "pedset.review.policies.can_decide_round",
        "expertise_open_round",
        frozenset(),
    ),
    "expertise.view_reviews": (
        "pedset.review.policies.can_view_reviews",
        "expertise_reviewed_round",
        MANAGERS,
    ),
    "expertise.view_material": (
        "pedset.review.policies.can_view_material_expertise",
        "expertise_material",
        MANAGERS,
    ),
    "expertise.respond_own": (
        "pedset.review.policies.can_respond_assignment",
        "expertise_own_invitation",
        MEMBERS,
    ),
    "expertise.respond_others": (
        "pedset.review.policies.can_respond_assignment",
        "expertise_others_invitation",
        frozenset(),
    ),
    "expertise.review_own": (
        "pedset.review.policies.can_review",
        "expertise_own_accepted",
        MEMBERS,
    ),
    "expertise.review_others": (
        "pedset.review.policies.can_review",
        "expertise_others_accepted",
        frozenset(),
    ),
    # Bank of materials (pedset/materials/policies.py; targets "material_*")
    "material.create": ("pedset.materials.policies.can_create_material", "community", MEMBERS),
    "material.view_others_draft": (
        "pedset.materials.policies.can_view_material",
        "material_draft",
        frozenset(),
    ),
    "material.view_own_draft": (
        "pedset.materials.policies.can_view_material",
        "material_own_draft",
        SIGNED_IN,
    ),
    "material.view_submitted": (
        "pedset.materials.policies.can_view_material",
        "material_submitted",
        MEMBERS | PLATFORM_ADMIN,
    ),
    "material.view_rejected": (
        "pedset.materials.policies.can_view_material",
        "material_rejected",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "material.view_included": (
        "pedset.materials.policies.can_view_material",
        "material_included",
        ALL,
    ),
    "material.edit_own_draft": (
        "pedset.materials.policies.can_edit_material",
        "material_own_draft",
        MEMBERS,
    ),
    "material.edit_others": (
        "pedset.materials.policies.can_edit_material",
        "material_draft",
        frozenset(),
    ),
    "material.submit_own": (
        "pedset.materials.policies.can_submit_material",
        "material_own_draft",
        MEMBERS,
    ),
    "material.submit_others": (
        "pedset.materials.policies.can_submit_material",
        "material_draft",
        frozenset(),
    ),
    "material.delete_own_draft": (
        "pedset.materials.policies.can_delete_material",
        "material_own_draft",
        SIGNED_IN,
    ),
    "material.withdraw_own": (
        "pedset.materials.policies.can_withdraw_material",
        "material_own_submitted",
        SIGNED_IN,
    ),
    "material.withdraw_others": (
        "pedset.materials.policies.can_withdraw_material",
        "material_submitted",
        frozenset(),
    ),
    "material.remove": (
        "pedset.materials.policies.can_remove_material",
        "material_submitted",
        MODERATORS,
    ),
    "material.comment": (
        "pedset.materials.policies.can_comment_material",
        "material_submitted",
        MEMBERS,
    ),
    "material.rate": ("pedset.materials.policies.can_rate_material", "material_submitted", MEMBERS),
    "material.rate_own": (
        "pedset.materials.policies.can_rate_material",
        "material_own_submitted",
        frozenset(),
    ),
    "material.edit_own_comment": (
        "pedset.materials.policies.can_edit_material_comment",
        "material_own_comment",
        MEMBERS,
    ),
    "material.edit_others_comment": (
        "pedset.materials.policies.can_edit_material_comment",
        "material_comment",
        frozenset(),
    ),
    "material.hide_comment": (
        "pedset.materials.policies.can_hide_material_comment",
        "material_comment",
        MODERATORS,
    ),
    "material.confirm_coauthorship": (
        "pedset.materials.policies.can_confirm_coauthorship",
        "material_coauthored_draft",
        SIGNED_IN,
    ),
    "material.confirm_own_draft": (
        "pedset.materials.policies.can_confirm_coauthorship",
        "material_own_draft",
        SIGNED_IN,
    ),
    "material.confirm_others_draft": (
        "pedset.materials.policies.can_confirm_coauthorship",
        "material_draft",
        frozenset(),
    ),
    "material.confirm_after_submission": (
        "pedset.materials.policies.can_confirm_coauthorship",
        "material_own_submitted",
        frozenset(),
    ),
    "material.decline_coauthorship": (
        "pedset.materials.policies.can_decline_coauthorship",
        "material_coauthored_draft",
        SIGNED_IN,
    ),
    "material.decline_first_authorship": (
        "pedset.materials.policies.can_decline_coauthorship",
        "material_own_draft",
        frozenset(),
    ),
    "material.decline_others_draft": (
        "pedset.materials.policies.can_decline_coauthorship",
        "material_draft",
        frozenset(),
    ),
    "material.download_file": (
        "pedset.materials.policies.can_download_material_file",
        "material_file",
        MEMBERS | PLATFORM_ADMIN,
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
    # Virtual methodical cabinet
    "cabinet.manage_council": (
        "pedset.cabinet.policies.can_manage_council",
        "community",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "cabinet.recommend_entry": (
        "pedset.cabinet.policies.can_recommend_entry",
        "cabinet_entry",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "cabinet.withdraw_entry": (
        "pedset.cabinet.policies.can_withdraw_entry",
        "cabinet_entry",
        MANAGERS | PLATFORM_ADMIN,
    ),
    # Documents registry
    "document.view_registry": (
        "pedset.documents.policies.can_view_registry",
        "community",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "document.download_order": (
        "pedset.documents.policies.can_download_document",
        "community_order",
        MEMBERS | PLATFORM_ADMIN,
    ),
    "document.download_certificate": (
        "pedset.documents.policies.can_download_document",
        "colleague_certificate",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "document.revoke": (
        "pedset.documents.policies.can_revoke_document",
        "colleague_certificate",
        MANAGERS | PLATFORM_ADMIN,
    ),
}

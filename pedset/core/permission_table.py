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
- "<app>:<name>" (events, rooms, plans, contests, certificates, consultations): built by
  pedset/<app>/tests/targets.py as ``<name>(community, user) -> tuple`` of the arguments after
  the user, e.g. ``"events:draft_event"`` → ``(event,)``.
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
    # Events (pedset/events) — rows below this line
    "event.create": (
        "pedset.events.policies.can_create_event",
        "community",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "event.view_published": (
        "pedset.events.policies.can_view_event",
        "events:published_event",
        ALL,
    ),
    "event.view_draft": (
        "pedset.events.policies.can_view_event",
        "events:draft_event",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "event.view_cancelled": (
        "pedset.events.policies.can_view_event",
        "events:cancelled_event",
        ALL,
    ),
    "event.manage": (
        "pedset.events.policies.can_manage_event",
        "events:published_event",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "event.see_people": (
        "pedset.events.policies.can_see_people",
        "events:published_event",
        MEMBERS | PLATFORM_ADMIN,
    ),
    "event.see_people_open_to_everyone": (
        "pedset.events.policies.can_see_people",
        "events:everyone_event",
        SIGNED_IN,
    ),
    "event.register": ("pedset.events.policies.can_register", "events:published_event", MEMBERS),
    "event.register_open_to_everyone": (
        "pedset.events.policies.can_register",
        "events:everyone_event",
        SIGNED_IN,
    ),
    "event.register_cancelled": (
        "pedset.events.policies.can_register",
        "events:cancelled_event",
        frozenset(),
    ),
    "event.cancel_own_registration": (
        "pedset.events.policies.can_cancel_registration",
        "events:own_registration_event",
        SIGNED_IN,
    ),
    "event.cancel_registration_not_registered": (
        "pedset.events.policies.can_cancel_registration",
        "events:published_event",
        frozenset(),
    ),
    "event.edit": (
        "pedset.events.policies.can_edit_event",
        "events:published_event",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "event.edit_cancelled": (
        "pedset.events.policies.can_edit_event",
        "events:cancelled_event",
        frozenset(),
    ),
    "event.publish": (
        "pedset.events.policies.can_publish_event",
        "events:draft_event",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "event.publish_published": (
        "pedset.events.policies.can_publish_event",
        "events:published_event",
        frozenset(),
    ),
    "event.cancel": (
        "pedset.events.policies.can_cancel_event",
        "events:published_event",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "event.mark_attendance": (
        "pedset.events.policies.can_mark_attendance",
        "events:started_event",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "event.mark_attendance_before_start": (
        "pedset.events.policies.can_mark_attendance",
        "events:published_event",
        frozenset(),
    ),
    "event.view_materials": (
        "pedset.events.policies.can_view_materials",
        "events:published_event",
        MEMBERS | PLATFORM_ADMIN,
    ),
    "event.view_recording": (
        "pedset.events.policies.can_view_recording",
        "events:published_event",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "event.view_recording_registered": (
        "pedset.events.policies.can_view_recording",
        "events:own_registration_event",
        SIGNED_IN,
    ),
    # Rooms (pedset/rooms) — rows below this line
    # (time-free: the window around the event's time is checked by rooms.services.room_join)
    "room.configure": (
        "pedset.rooms.policies.can_configure_room",
        "rooms:webinar",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "room.configure_cancelled": (
        "pedset.rooms.policies.can_configure_room",
        "rooms:cancelled_webinar",
        frozenset(),
    ),
    "room.configure_contest": (
        "pedset.rooms.policies.can_configure_room",
        "rooms:contest",
        frozenset(),
    ),
    "room.join_unregistered": (
        "pedset.rooms.policies.can_join_room",
        "rooms:webinar",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "room.join_registered": (
        "pedset.rooms.policies.can_join_room",
        "rooms:registered_webinar",
        MEMBERS | PLATFORM_ADMIN,
    ),
    "room.join_waitlisted": (
        "pedset.rooms.policies.can_join_room",
        "rooms:waitlisted_webinar",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "room.join_without_registration": (
        "pedset.rooms.policies.can_join_room",
        "rooms:open_webinar",
        MEMBERS | PLATFORM_ADMIN,
    ),
    "room.join_as_speaker": (
        "pedset.rooms.policies.can_join_room",
        "rooms:speaker_webinar",
        SIGNED_IN,
    ),
    "room.join_draft": (
        "pedset.rooms.policies.can_join_room",
        "rooms:draft_webinar",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "room.join_cancelled": (
        "pedset.rooms.policies.can_join_room",
        "rooms:cancelled_webinar",
        frozenset(),
    ),
    # Work plans (pedset/plans) — rows below this line
    "plan.view": ("pedset.plans.policies.can_view_plan", "community", ALL),
    "plan.see_responsible": (
        "pedset.plans.policies.can_see_responsible",
        "community",
        MEMBERS | PLATFORM_ADMIN,
    ),
    "plan.export": ("pedset.plans.policies.can_export_plan", "community", MEMBERS | PLATFORM_ADMIN),
    "plan.edit": ("pedset.plans.policies.can_edit_plan", "community", MANAGERS | PLATFORM_ADMIN),
    "plan.edit_closed": (
        "pedset.plans.policies.can_edit_plan",
        "plans:closed_community",
        frozenset(),
    ),
    "plan.approve": (
        "pedset.plans.policies.can_approve_plan",
        "plans:plan",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "plan.approve_approved": (
        "pedset.plans.policies.can_approve_plan",
        "plans:approved_plan",
        frozenset(),
    ),
    "plan.delete_item": (
        "pedset.plans.policies.can_delete_plan_item",
        "plans:item",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "plan.delete_carried_item": (
        "pedset.plans.policies.can_delete_plan_item",
        "plans:carried_item",
        frozenset(),
    ),
    # Contests (pedset/contests) — rows below this line
    "contest.manage": (
        "pedset.contests.policies.can_manage_contest",
        "contests:contest",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "contest.manage_webinar": (
        "pedset.contests.policies.can_manage_contest",
        "contests:webinar",
        frozenset(),
    ),
    "contest.setup": (
        "pedset.contests.policies.can_setup_contest",
        "contests:contest",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "contest.setup_after_results": (
        "pedset.contests.policies.can_setup_contest",
        "contests:published_results",
        frozenset(),
    ),
    "contest.submit_entry": (
        "pedset.contests.policies.can_submit_entry",
        "contests:contest",
        MEMBERS,
    ),
    "contest.submit_entry_open_to_everyone": (
        "pedset.contests.policies.can_submit_entry",
        "contests:everyone_contest",
        SIGNED_IN,
    ),
    "contest.submit_entry_after_deadline": (
        "pedset.contests.policies.can_submit_entry",
        "contests:closed_contest",
        frozenset(),
    ),
    "contest.view_others_entry": (
        "pedset.contests.policies.can_view_entry",
        "contests:others_entry",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "contest.view_own_entry": (
        "pedset.contests.policies.can_view_entry",
        "contests:own_entry",
        SIGNED_IN,
    ),
    "contest.withdraw_own_entry": (
        "pedset.contests.policies.can_withdraw_entry",
        "contests:own_entry",
        SIGNED_IN,
    ),
    "contest.withdraw_others_entry": (
        "pedset.contests.policies.can_withdraw_entry",
        "contests:others_entry",
        frozenset(),
    ),
    "contest.disqualify_entry": (
        "pedset.contests.policies.can_disqualify_entry",
        "contests:others_entry",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "contest.download_others_entry_file": (
        "pedset.contests.policies.can_download_entry_file",
        "contests:others_entry",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "contest.download_judged_entry_file": (
        "pedset.contests.policies.can_download_entry_file",
        "contests:judged_entry",
        MEMBERS | PLATFORM_ADMIN,
    ),
    "contest.judge": (
        "pedset.contests.policies.can_judge_contest",
        "contests:juror_contest",
        MEMBERS,
    ),
    "contest.judge_not_on_jury": (
        "pedset.contests.policies.can_judge_contest",
        "contests:contest",
        frozenset(),
    ),
    "contest.score_entry": (
        "pedset.contests.policies.can_score_entry",
        "contests:judged_entry",
        MEMBERS,
    ),
    "contest.score_entry_after_results": (
        "pedset.contests.policies.can_score_entry",
        "contests:judged_entry_published",
        frozenset(),
    ),
    "contest.score_own_entry": (
        "pedset.contests.policies.can_score_entry",
        "contests:own_entry_as_juror",
        frozenset(),
    ),
    "contest.score_same_organisation_entry": (
        "pedset.contests.policies.can_score_entry",
        "contests:same_organisation_entry",
        frozenset(),
    ),
    "contest.publish_results": (
        "pedset.contests.policies.can_publish_results",
        "contests:closed_contest",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "contest.publish_results_while_open": (
        "pedset.contests.policies.can_publish_results",
        "contests:contest",
        frozenset(),
    ),
    "contest.view_results": (
        "pedset.contests.policies.can_view_results",
        "contests:published_results",
        ALL,
    ),
    "contest.view_results_unpublished": (
        "pedset.contests.policies.can_view_results",
        "contests:closed_contest",
        frozenset(),
    ),
    # Certificates (pedset/certificates) — rows below this line
    "certificates.issue": (
        "pedset.certificates.policies.can_issue_certificates",
        "certificates:ended_event",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "certificates.see_awards": (
        "pedset.certificates.policies.can_see_awards",
        "certificates:ended_event",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "certificates.revoke": (
        "pedset.certificates.policies.can_revoke_award",
        "certificates:member_award",
        MANAGERS | PLATFORM_ADMIN,
    ),
    # Consultation lines (pedset/consultations) — rows below this line
    "consultation.ask": (
        "pedset.consultations.policies.can_ask_question",
        "consultations:open_line",
        MEMBERS,
    ),
    "consultation.view_queue": (
        "pedset.consultations.policies.can_view_question_queue",
        "consultations:open_line",
        MANAGERS | PLATFORM_ADMIN | {"expert"},
    ),
    "consultation.view_open_question": (
        "pedset.consultations.policies.can_view_question",
        "consultations:open_question",
        MANAGERS | PLATFORM_ADMIN | {"expert"},
    ),
    "consultation.view_answered_question": (
        "pedset.consultations.policies.can_view_question",
        "consultations:answered_question",
        MANAGERS | PLATFORM_ADMIN | {"expert"},
    ),
    "consultation.view_published_question": (
        "pedset.consultations.policies.can_view_question",
        "consultations:published_question",
        ALL,
    ),
    "consultation.view_hidden_question": (
        "pedset.consultations.policies.can_view_question",
        "consultations:hidden_question",
        MODERATORS,
    ),
    "consultation.view_own_question": (
        "pedset.consultations.policies.can_view_question",
        "consultations:own_question",
        SIGNED_IN,
    ),
    "consultation.answer": (
        "pedset.consultations.policies.can_answer_question",
        "consultations:open_question",
        frozenset({"expert"}),
    ),
    "consultation.answer_own_question": (
        "pedset.consultations.policies.can_answer_question",
        "consultations:own_question",
        frozenset(),
    ),
    "consultation.publish": (
        "pedset.consultations.policies.can_publish_question",
        "consultations:answered_question",
        MANAGERS | PLATFORM_ADMIN | {"expert"},
    ),
    "consultation.publish_unanswered": (
        "pedset.consultations.policies.can_publish_question",
        "consultations:open_question",
        frozenset(),
    ),
    "consultation.hide_published": (
        "pedset.consultations.policies.can_hide_question",
        "consultations:published_question",
        MODERATORS,
    ),
    # A plain moderator does not see unpublished questions (only the answerers and managers do).
    "consultation.hide_unpublished": (
        "pedset.consultations.policies.can_hide_question",
        "consultations:open_question",
        MANAGERS | PLATFORM_ADMIN,
    ),
    "consultation.withdraw_own": (
        "pedset.consultations.policies.can_withdraw_question",
        "consultations:own_question",
        SIGNED_IN,
    ),
    "consultation.withdraw_others": (
        "pedset.consultations.policies.can_withdraw_question",
        "consultations:open_question",
        frozenset(),
    ),
}


# Issue 6 apps declare their rows in pedset/<app>/permission_rows.py (a file each, so that they
# are written side by side); they are rows of this one table all the same.
from pedset.gallery.permission_rows import ROWS as _GALLERY_ROWS  # noqa: E402
from pedset.groups.permission_rows import ROWS as _GROUP_ROWS  # noqa: E402
from pedset.people.permission_rows import ROWS as _PEOPLE_ROWS  # noqa: E402

for _rows in (_GROUP_ROWS, _GALLERY_ROWS, _PEOPLE_ROWS):
    _clash = set(_rows) & set(PERMISSION_TABLE)
    assert not _clash, f"permission rows declared twice: {sorted(_clash)}"
    PERMISSION_TABLE.update(_rows)

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
"""

from pedset.core.testing import ACTORS

ALL = frozenset(ACTORS)
SIGNED_IN = ALL - {"anonymous", "revoked"}
MEMBERS = frozenset({"member", "expert", "moderator", "coordinator", "community_admin"})
MANAGERS = frozenset({"coordinator", "community_admin"})
PLATFORM_ADMIN = frozenset({"platform_admin"})

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
    # Moderation
    "community.moderate": (
        "pedset.moderation.policies.can_moderate",
        "community",
        PLATFORM_ADMIN | {"moderator", "coordinator", "community_admin"},
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

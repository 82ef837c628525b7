"""The one declared role × action table.

Each row names a policy function and the actors it must allow; every other actor must be refused.
`pedset/core/tests/test_permission_table.py` builds each actor in a fresh community and checks
every cell, so a policy change that is not reflected here fails the suite.

Targets tell the test what to pass to the policy:
- "community": policy(user, community)
- "none": policy(user)
- "colleague": policy(user, person) where person is an ordinary member of the community
  who made nothing public.
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
    # People
    "profile.view": (
        "pedset.accounts.policies.can_view_profile",
        "colleague",
        PLATFORM_ADMIN | MEMBERS,
    ),
    "profile.edit": ("pedset.accounts.policies.can_edit_profile", "colleague", frozenset()),
    # Organisations
    "organisation.view": ("pedset.organisations.policies.can_view_organisations", "none", ALL),
    "organisation.manage": (
        "pedset.organisations.policies.can_manage_organisations",
        "none",
        frozenset({"education_authority", "platform_admin"}),
    ),
    # Personal data
    "consent.manage_own": ("pedset.privacy.policies.can_manage_own_consents", "none", SIGNED_IN),
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

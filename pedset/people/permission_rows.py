"""This app's rows of the one role × action table (pedset/core/permission_table.py merges them);
the same format and targets as there."""

from pedset.core.permission_table import ALL, MEMBERS, PLATFORM_ADMIN, SIGNED_IN

ROWS: dict[str, tuple[str, str, frozenset[str]]] = {
    "space.view_default_materials": (
        "pedset.people.policies.can_view_space_section",
        "people:colleague_materials",
        MEMBERS | PLATFORM_ADMIN,
    ),
    "space.view_default_documents": (
        "pedset.people.policies.can_view_space_section",
        "people:colleague_documents",
        PLATFORM_ADMIN,
    ),
    "space.view_everyone_without_consent": (
        "pedset.people.policies.can_view_space_section",
        "people:colleague_groups_to_everyone_unnamed",
        MEMBERS | PLATFORM_ADMIN,
    ),
    "space.view_everyone_with_consent": (
        "pedset.people.policies.can_view_space_section",
        "people:colleague_groups_to_everyone_named",
        ALL,
    ),
    "space.edit_own_settings": (
        "pedset.people.policies.can_edit_space_settings",
        "people:self",
        SIGNED_IN,
    ),
    "space.edit_others_settings": (
        "pedset.people.policies.can_edit_space_settings",
        "colleague",
        frozenset(),
    ),
    "people.follow_colleague": (
        "pedset.people.policies.can_follow",
        "colleague",
        MEMBERS | PLATFORM_ADMIN,
    ),
    "people.follow_oneself": ("pedset.people.policies.can_follow", "people:self", frozenset()),
    "people.see_own_followers": (
        "pedset.people.policies.can_see_followers",
        "people:self",
        SIGNED_IN,
    ),
    "people.see_others_followers": (
        "pedset.people.policies.can_see_followers",
        "colleague",
        PLATFORM_ADMIN,
    ),
    "people.read_feed": ("pedset.people.policies.can_read_feed", "none", SIGNED_IN),
}

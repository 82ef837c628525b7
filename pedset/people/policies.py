"""Who sees which part of a person's space, and who may follow whom.

A part of the space is shown to a reader when the person chose a level that admits them:
- «only me» — the person (and the platform's administrators, as for the profile fields);
- «members of my communities» — also anyone who shares an active community with the person
  (the colleagues who see the profile card);
- «everyone» — also readers from outside, but only when the person consented to distribution
  of their full name (152-FZ art. 10.1): a space that names them is a distribution of their
  name, and without that consent their profile page does not exist for strangers at all.
Each item inside a part is shown only if the reader may see that item anyway (a material, an
event, a forum topic): the space never opens what is closed elsewhere.
"""

from __future__ import annotations

from pedset.accounts.models import Visibility
from pedset.accounts.policies import published_fields, shares_community
from pedset.core.policies import is_active_user, is_platform_admin
from pedset.people.models import DEFAULT_VISIBILITY, SpaceSection


def _is_shown_person(person) -> bool:
    return person is not None and person.is_active and not person.is_former


def settings_of(person):
    """The person's SpaceSettings (unsaved defaults when there is none); memoised."""
    from pedset.people.models import SpaceSettings

    cached = person.__dict__.get("_pedset_space_settings")
    if cached is None:
        try:
            cached = person.space_settings
        except SpaceSettings.DoesNotExist:
            cached = SpaceSettings(user=person)
        person.__dict__["_pedset_space_settings"] = cached
    return cached


def admits(level: str, *, is_owner: bool, colleague: bool, name_published: bool) -> bool:
    """The one rule, for a level a person chose and what the reader is to them."""
    if is_owner:
        return True
    if level == Visibility.MEMBERS:
        return colleague
    if level == Visibility.EVERYONE:
        return colleague or name_published
    return False


def visible_sections(viewer, person) -> frozenset[str]:
    if not _is_shown_person(person):
        return frozenset()
    is_owner = is_active_user(viewer) and (viewer.pk == person.pk or is_platform_admin(viewer))
    space = settings_of(person)
    colleague = shares_community(viewer, person) if not is_owner else True
    name_published = "full_name" in published_fields(person)
    return frozenset(
        section
        for section in SpaceSection.values
        if admits(
            space.visibility(section),
            is_owner=is_owner,
            colleague=colleague,
            name_published=name_published,
        )
    )


def can_view_space_section(viewer, person, section: str) -> bool:
    return section in visible_sections(viewer, person)


def default_level(section: str) -> str:
    return DEFAULT_VISIBILITY[section]


def can_edit_space_settings(user, person) -> bool:
    return is_active_user(user) and user.pk == person.pk


def can_follow(user, person) -> bool:
    """Follow a person whose page the user may see; not oneself; not someone who blocked them."""
    from pedset.accounts.policies import can_view_profile
    from pedset.messaging.policies import has_blocked

    if not is_active_user(user) or not _is_shown_person(person) or user.pk == person.pk:
        return False
    if has_blocked(person, user):
        return False
    return can_view_profile(user, person)


def can_see_followers(user, person) -> bool:
    """Who follows a person is theirs to know (the list names people)."""
    return is_active_user(user) and (user.pk == person.pk or is_platform_admin(user))


def can_read_feed(user) -> bool:
    return is_active_user(user)

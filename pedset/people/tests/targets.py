"""Targets of the permission table for the personal space: ``<name>(community, user)`` returns
the policy's arguments after the user. The person is an ordinary member of the community."""

from pedset.communities.tests.factories import MembershipFactory
from pedset.people.models import SpaceSettings


def _colleague(community):
    return MembershipFactory(community=community).user


def self(community, user):
    return (user,)


def colleague_materials(community, user):
    """Materials: shown to the members of the person's communities (the default)."""
    return (_colleague(community), "materials")


def colleague_documents(community, user):
    """Documents: only the person (the default)."""
    return (_colleague(community), "documents")


def colleague_groups_to_everyone_unnamed(community, user):
    """Groups shown to «everyone» by a person who did not consent to distributing the name:
    still only their colleagues."""
    person = _colleague(community)
    SpaceSettings.objects.create(user=person, groups="everyone")
    return (person, "groups")


def colleague_groups_to_everyone_named(community, user):
    """Groups shown to «everyone» with the consent to distributing the full name."""
    from pedset.privacy.models import ConsentKind, ConsentSource
    from pedset.privacy.services import consent_give
    from pedset.privacy.tests.factories import ConsentTextFactory

    person = _colleague(community)
    SpaceSettings.objects.create(user=person, groups="everyone")
    ConsentTextFactory(operator=community.operator, kind=ConsentKind.PUBLICATION)
    consent_give(
        user=person,
        operator=community.operator,
        source=ConsentSource.PROFILE,
        kind=ConsentKind.PUBLICATION,
        field="full_name",
    )
    return (person, "groups")

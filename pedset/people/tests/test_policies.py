"""Who sees which part of a person's space: the one rule (policies.visible_sections) and its
bulk form for the feed (selectors.sections_for_many) answer alike."""

import pytest
from django.contrib.auth.models import AnonymousUser

from pedset.accounts.tests.factories import UserFactory
from pedset.people import policies, selectors
from pedset.people.models import DEFAULT_VISIBILITY, SpaceSection, SpaceSettings

pytestmark = pytest.mark.django_db


def test_defaults_show_public_roles_to_colleagues_and_keep_attendance_and_documents_private(
    person, colleague, stranger
):
    # given a person who changed nothing
    # then colleagues see materials, expertise, events, groups, activity — not attendance, documents
    expected = {s for s, level in DEFAULT_VISIBILITY.items() if level == "members"}
    assert policies.visible_sections(colleague, person) == expected
    assert SpaceSection.ATTENDED not in expected and SpaceSection.DOCUMENTS not in expected
    # and people outside the person's communities see nothing
    assert policies.visible_sections(stranger, person) == frozenset()
    assert policies.visible_sections(AnonymousUser(), person) == frozenset()
    # and the owner sees every part
    assert policies.visible_sections(person, person) == frozenset(SpaceSection.values)


def test_everyone_needs_the_consent_to_distribute_the_name(
    community, person, stranger, publish_name
):
    # given a person who shows their groups to everyone
    SpaceSettings.objects.create(user=person, groups="everyone", documents="me")
    # when they did not consent to distributing their name, strangers see nothing
    assert SpaceSection.GROUPS not in policies.visible_sections(stranger, person)
    assert SpaceSection.GROUPS not in policies.visible_sections(AnonymousUser(), person)
    # when they did, everyone sees the groups — and still not what they keep to themselves
    publish_name(person, community)
    person.refresh_from_db()
    assert policies.visible_sections(AnonymousUser(), person) == {SpaceSection.GROUPS}
    assert policies.visible_sections(stranger, person) == {SpaceSection.GROUPS}


def test_only_me_hides_a_part_from_colleagues(person, colleague):
    SpaceSettings.objects.create(user=person, materials="me")
    assert SpaceSection.MATERIALS not in policies.visible_sections(colleague, person)
    assert SpaceSection.MATERIALS in policies.visible_sections(person, person)


def test_a_closed_or_destroyed_account_shows_nothing(person, colleague):
    person.is_active = False
    person.save()
    assert policies.visible_sections(colleague, person) == frozenset()
    assert not policies.can_follow(colleague, person)


@pytest.mark.parametrize("level", ["me", "members", "everyone"])
def test_the_bulk_rule_agrees_with_the_policy(
    community, person, colleague, stranger, publish_name, level
):
    # given people with every level for every part, one with the name published
    named = UserFactory()
    from pedset.communities.tests.factories import MembershipFactory

    MembershipFactory(community=community, user=named)
    publish_name(named, community)
    for someone in (person, named):
        SpaceSettings.objects.create(user=someone, **dict.fromkeys(SpaceSection.values, level))
    for reader in (person, colleague, stranger, AnonymousUser(), named):
        # when the feed asks for both at once
        bulk = selectors.sections_for_many(reader, [person.pk, named.pk])
        # then each answer is the policy's
        for someone in (person, named):
            fresh = type(someone).objects.get(pk=someone.pk)
            assert bulk[someone.pk] == policies.visible_sections(reader, fresh), (reader, level)

"""The accounts rows of the permission table, checked for every actor."""

import pytest

from pedset.accounts import policies
from pedset.accounts.models import Visibility
from pedset.accounts.tests.factories import UserFactory
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.testing import ACTORS
from pedset.privacy.models import ConsentKind, ConsentSource
from pedset.privacy.services import consent_give

pytestmark = pytest.mark.django_db

MEMBERS = {"member", "expert", "moderator", "coordinator", "community_admin"}
EXPECTED = {
    "can_view_profile": MEMBERS | {"platform_admin"},
    "can_view_avatar": MEMBERS | {"platform_admin"},
    "can_edit_profile": set(),
    "can_manage_platform_roles": {"platform_admin"},
}


@pytest.fixture
def community(db):
    return CommunityFactory()


@pytest.fixture
def colleague(community):
    """An ordinary member who made nothing public."""
    person = UserFactory()
    MembershipFactory(user=person, community=community)
    return person


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("policy", sorted(EXPECTED))
def test_accounts_policies_for_every_actor(make_person, community, colleague, actor, policy):
    user = make_person(actor, community)
    check = getattr(policies, policy)
    answer = check(user) if policy == "can_manage_platform_roles" else check(user, colleague)
    assert answer is (actor in EXPECTED[policy])


def test_a_person_may_edit_and_see_all_of_their_own_profile(colleague):
    assert policies.can_edit_profile(colleague, colleague)
    assert policies.visible_profile_fields(colleague, colleague) == frozenset(
        policies.PUBLISHABLE_FIELDS
    )


def test_published_fields_open_the_page_to_strangers(operator, colleague):
    stranger = UserFactory()
    assert not policies.can_view_profile(stranger, colleague)
    for field in ("full_name", "avatar"):
        consent_give(
            user=colleague,
            operator=operator,
            source=ConsentSource.PROFILE,
            kind=ConsentKind.PUBLICATION,
            field=field,
        )
    assert policies.can_view_profile(stranger, colleague)
    assert policies.can_view_avatar(stranger, colleague)
    assert policies.visible_profile_fields(stranger, colleague) == {"full_name", "avatar"}


def test_only_me_contacts_stay_hidden_from_colleagues(community):
    person = UserFactory(phone="+7 900 1", phone_visibility=Visibility.ONLY_ME)
    MembershipFactory(user=person, community=community)
    viewer = UserFactory()
    MembershipFactory(user=viewer, community=community)
    assert "phone" not in policies.visible_profile_fields(viewer, person)

"""Every communities policy for every actor, on an open and on a closed community."""

import pytest
from django.utils import timezone

from pedset.communities import policies
from pedset.communities.models import MemberKind
from pedset.communities.tests.factories import CommunityFactory
from pedset.core.testing import ACTORS

pytestmark = pytest.mark.django_db

MEMBERS = {"member", "expert", "moderator", "coordinator", "community_admin"}

# policy: actors allowed on an open community of persons
OPEN = {
    "can_view_community": set(ACTORS),
    "can_close_community": {"platform_admin"},
    "can_edit_community": {"platform_admin", "community_admin"},
    "can_edit_founding_details": {"platform_admin"},
    "can_request_join": {"registered", "education_authority", "platform_admin"},
    "can_cancel_request": {"pending"},
    "can_leave": MEMBERS,
    "can_decide_membership": {"platform_admin", "coordinator", "community_admin"},
    "can_assign_roles": {"platform_admin", "community_admin"},
    "can_view_members": MEMBERS | {"platform_admin"},
    "can_view_audit": {"platform_admin", "community_admin"},
    "is_member": MEMBERS,
}
# On a closed community nobody joins, decides, edits or assigns; leaving and reading stay.
CLOSED = {
    **OPEN,
    "can_close_community": set(),
    "can_edit_community": set(),
    "can_edit_founding_details": set(),
    "can_request_join": set(),
    "can_decide_membership": set(),
    "can_assign_roles": set(),
}
CELLS = [(policy, actor) for policy in OPEN for actor in ACTORS]


@pytest.mark.parametrize(("policy", "actor"), CELLS)
def test_open_community(policy, actor, make_person):
    community = CommunityFactory()
    user = make_person(actor, community)
    assert getattr(policies, policy)(user, community) is (actor in OPEN[policy])


@pytest.mark.parametrize(("policy", "actor"), CELLS)
def test_closed_community(policy, actor, make_person):
    community = CommunityFactory()
    user = make_person(actor, community)
    community.closed_at = timezone.now()
    community.save()
    assert getattr(policies, policy)(user, community) is (actor in CLOSED[policy])


@pytest.mark.parametrize("actor", ACTORS)
def test_platform_wide_policies(actor, make_person):
    user = make_person(actor)
    assert policies.can_create_community(user) is (actor == "platform_admin")
    assert policies.can_view_platform_audit(user) is (actor == "platform_admin")


def test_unconfirmed_email_cannot_request(make_person):
    community = CommunityFactory()
    user = make_person("registered")
    user.email_confirmed_at = None
    assert policies.can_request_join(user, community) is False


def test_organisation_community_needs_an_organisation(make_person):
    from pedset.organisations.tests.factories import OrganisationFactory

    community = CommunityFactory(member_kind=MemberKind.ORGANISATIONS)
    user = make_person("registered")
    assert policies.can_request_join(user, community) is False
    user.organisation = OrganisationFactory()
    assert policies.can_request_join(user, community) is True


def test_rejected_or_left_person_may_ask_again(make_person):
    from pedset.communities.models import MembershipStatus
    from pedset.communities.tests.factories import MembershipFactory

    community = CommunityFactory()
    user = make_person("registered")
    MembershipFactory(community=community, user=user, status=MembershipStatus.REJECTED)
    MembershipFactory(community=community, user=user, status=MembershipStatus.LEFT)
    assert policies.can_request_join(user, community) is True
    assert policies.can_leave(user, community) is False

import pytest

from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory


@pytest.fixture
def community(db):
    return CommunityFactory()


@pytest.fixture
def coordinator(community):
    return MembershipFactory(community=community, role=Role.COORDINATOR).user


@pytest.fixture
def member(community):
    return MembershipFactory(community=community).user


@pytest.fixture
def colleague(community):
    """Another ordinary member of the community."""
    return MembershipFactory(community=community).user

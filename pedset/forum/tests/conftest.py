import pytest

from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.forum.models import Section
from pedset.forum.services import section_create_defaults


@pytest.fixture
def community(db):
    community = CommunityFactory()
    section_create_defaults(community=community)
    return community


@pytest.fixture
def general(community):
    return Section.objects.get(community=community, kind=Section.Kind.REGULAR)


@pytest.fixture
def discussion_section(community):
    return Section.objects.get(community=community, kind=Section.Kind.MODERATION_DISCUSSION)


@pytest.fixture
def member(community):
    return MembershipFactory(community=community).user


@pytest.fixture
def other_member(community):
    return MembershipFactory(community=community).user


@pytest.fixture
def moderator(community):
    return MembershipFactory(community=community, role=Role.MODERATOR).user


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> the test client logged in as that person."""

    def login(user):
        client.force_login(user)
        return client

    return login

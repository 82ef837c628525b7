import pytest

from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.consultations.tests.factories import open_line
from pedset.events.models import EventRole
from pedset.events.tests.factories import event_person


@pytest.fixture
def community(db):
    return CommunityFactory()


@pytest.fixture
def line(community):
    """An announced consultation line of the community, open for questions now."""
    return open_line(community=community)


@pytest.fixture
def asker(community):
    return MembershipFactory(community=community).user


@pytest.fixture
def colleague(community):
    """Another ordinary member of the community."""
    return MembershipFactory(community=community).user


@pytest.fixture
def expert(community):
    return MembershipFactory(community=community, role=Role.EXPERT).user


@pytest.fixture
def speaker(line):
    """A speaker of the line who is an ordinary member (answers as a speaker)."""
    return event_person(line, EventRole.SPEAKER).user


@pytest.fixture
def organiser(line):
    """An organiser of the line who is an ordinary member (manages the event)."""
    return event_person(line, EventRole.ORGANISER).user


@pytest.fixture
def coordinator(community):
    return MembershipFactory(community=community, role=Role.COORDINATOR).user


@pytest.fixture
def moderator(community):
    return MembershipFactory(community=community, role=Role.MODERATOR).user


@pytest.fixture
def outsider(db):
    """A registered person who is not a member of the community."""
    from pedset.accounts.tests.factories import UserFactory

    return UserFactory()

import pytest

from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.moderation.tests.factories import discussion_section, regular_section


@pytest.fixture
def community(db):
    community = CommunityFactory(name="Сетевое сообщество учителей истории")
    regular_section(community)
    discussion_section(community)
    return community


def _person(community, role=Role.MEMBER):
    return MembershipFactory(community=community, role=role).user


@pytest.fixture
def member(community):
    return _person(community)


@pytest.fixture
def author(community):
    return _person(community)


@pytest.fixture
def moderator(community):
    return _person(community, Role.MODERATOR)


@pytest.fixture
def coordinator(community):
    return _person(community, Role.COORDINATOR)


@pytest.fixture
def community_admin(community):
    return _person(community, Role.ADMINISTRATOR)


@pytest.fixture
def platform_admin(db):
    from pedset.accounts.models import PlatformRole
    from pedset.accounts.tests.factories import UserFactory

    person = UserFactory()
    PlatformRole.objects.create(user=person, role=PlatformRole.Role.ADMINISTRATOR)
    return person


@pytest.fixture
def post(community, author):
    from pedset.moderation.tests.factories import make_post

    return make_post(community, author, body="Вы все **неучи**")


@pytest.fixture
def message(community, author, member):
    from pedset.moderation.tests.factories import make_message

    return make_message(community, author=author, reader=member, body="Грубое *сообщение*")


@pytest.fixture
def signed_in(client):
    def login(user):
        client.force_login(user)
        return client

    return login

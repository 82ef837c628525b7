import pytest

from pedset.communities.tests.factories import CommunityFactory, MembershipFactory


@pytest.fixture
def community(db):
    return CommunityFactory()


@pytest.fixture
def person(community):
    """The owner of the space: an ordinary member of the community."""
    return MembershipFactory(community=community).user


@pytest.fixture
def colleague(community):
    return MembershipFactory(community=community).user


@pytest.fixture
def stranger(db):
    """A member of another community only."""
    return MembershipFactory(community=CommunityFactory()).user


@pytest.fixture
def publish_name():
    """publish_name(person): the person's consent to distributing their full name."""
    from pedset.privacy.models import ConsentKind, ConsentSource
    from pedset.privacy.services import consent_give
    from pedset.privacy.tests.factories import ConsentTextFactory

    def give(person, community):
        ConsentTextFactory(operator=community.operator, kind=ConsentKind.PUBLICATION)
        return consent_give(
            user=person,
            operator=community.operator,
            source=ConsentSource.PROFILE,
            kind=ConsentKind.PUBLICATION,
            field="full_name",
        )

    return give

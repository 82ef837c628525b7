import pytest

from pedset.communities.tests.factories import CommunityFactory
from pedset.privacy.tests.factories import ConsentTextFactory


@pytest.fixture
def community(db):
    return CommunityFactory()


@pytest.fixture
def consent_text(community):
    """The current consent text of the community's operator."""
    return ConsentTextFactory(operator=community.operator)


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> the test client logged in as that person."""

    def login(user):
        client.force_login(user)
        return client

    return login

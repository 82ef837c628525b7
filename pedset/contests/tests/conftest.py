import pytest

from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.contests.tests import factories


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
def members(community):
    """members(n) -> n new ordinary members of the community."""

    def make(n):
        return [MembershipFactory(community=community).user for _ in range(n)]

    return make


@pytest.fixture
def contest(community):
    """An announced contest: entries accepted for a week."""
    return factories.contest(community)


@pytest.fixture
def media_files(settings):
    """media_files() -> the paths of every file stored under MEDIA_ROOT."""

    def stored():
        root = settings.MEDIA_ROOT
        if not root.exists():
            return []
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())

    return stored


@pytest.fixture(autouse=True)
def _english_messages():
    """Services' refusals are matched by their English text (pages render in Russian through
    the middleware whatever is active here)."""
    from django.utils import translation

    with translation.override("en"):
        yield

import pytest

from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory


@pytest.fixture
def community(db):
    return CommunityFactory()


@pytest.fixture
def author(community):
    return MembershipFactory(community=community).user


@pytest.fixture
def colleague(community):
    """Another ordinary member of the community."""
    return MembershipFactory(community=community).user


@pytest.fixture
def moderator(community):
    return MembershipFactory(community=community, role=Role.MODERATOR).user


@pytest.fixture
def coordinator(community):
    return MembershipFactory(community=community, role=Role.COORDINATOR).user


@pytest.fixture
def search_calls(monkeypatch):
    """The search index calls made after commit: [("update"|"remove", kind, pk)]."""
    calls = []
    from pedset.materials import personal_data, services

    monkeypatch.setattr(
        services, "schedule_update", lambda kind, pk: calls.append(("update", kind, pk))
    )
    monkeypatch.setattr(
        services, "schedule_remove", lambda kind, pk: calls.append(("remove", kind, pk))
    )
    monkeypatch.setattr(
        personal_data, "schedule_remove", lambda kind, pk: calls.append(("remove", kind, pk))
    )
    return calls


@pytest.fixture
def media_files(settings):
    """media_files() -> the paths of every file stored under MEDIA_ROOT."""

    def stored():
        root = settings.MEDIA_ROOT
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())

    return stored

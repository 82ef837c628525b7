import pytest

from pedset.communities.tests.factories import CommunityFactory


@pytest.fixture
def community(db):
    return CommunityFactory(time_zone="Europe/Moscow")


@pytest.fixture
def stored_files(settings):
    """The names of the files under MEDIA_ROOT/documents (what the storage really holds)."""

    def listing():
        root = settings.MEDIA_ROOT / "documents"
        return sorted(str(p.relative_to(settings.MEDIA_ROOT)) for p in root.rglob("*.*"))

    return listing

import pytest

from pedset.communities.tests.factories import CommunityFactory


@pytest.fixture
def community(db):
    return CommunityFactory(time_zone="Europe/Moscow")


@pytest.fixture
def fast_pdf(monkeypatch):
    """Documents without WeasyPrint (~0.15–0.5 s each): for tests of who gets what and what the
    documents say (Document.content). Read-back tests and the bulk test render for real."""
    monkeypatch.setattr(
        "pedset.documents.services.render_pdf", lambda printed: b"%PDF-1.4\n% test\n"
    )

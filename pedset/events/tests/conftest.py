import datetime

import pytest
from django.utils import timezone

from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.events.services import EventInput


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
def event_input():
    """event_input(**changes) -> the input of a webinar a week ahead, 90 minutes long."""

    def make(**changes):
        starts = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=7)
        fields = {
            "title": "Вебинар «Смысловое чтение на уроках истории»",
            "description": "Разберём приёмы **смыслового чтения**.",
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(minutes=90),
        }
        fields.update(changes)
        return EventInput(**fields)

    return make


@pytest.fixture
def search_calls(monkeypatch):
    """The search index calls made by the services: [("update", kind, pk)]."""
    calls = []
    from pedset.events import services

    monkeypatch.setattr(
        services, "schedule_update", lambda kind, pk: calls.append(("update", kind, pk))
    )
    return calls


@pytest.fixture
def media_files(settings):
    """media_files() -> the paths of every file stored under MEDIA_ROOT."""

    def stored():
        root = settings.MEDIA_ROOT
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())

    return stored

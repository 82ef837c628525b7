import datetime

import pytest
from django.utils import timezone

from pedset.communities.tests.factories import CommunityFactory, MembershipFactory


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings):
    """Tests that send many messages are not throttled; the rate-limit tests lower it."""
    settings.MESSAGES_LIMIT = 1000


@pytest.fixture
def community(db):
    return CommunityFactory(name="Синергия")


@pytest.fixture
def member(community):
    """member(**membership fields) -> a new active member of the community (a User)."""

    def make(**fields):
        return MembershipFactory(community=community, **fields).user

    return make


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> the test client logged in as that person."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def start():
    """start(actor, *people, community=..., body=..., subject=...) -> a conversation, through the
    service (as the site does it)."""
    from pedset.messaging import services

    def make(actor, *people, community, body="Добрый день, коллеги!", subject=""):
        return services.conversation_start(
            actor=actor, community=community, participants=list(people), body=body, subject=subject
        )

    return make


@pytest.fixture
def suspend():
    """suspend(user, community): a current suspension by a moderator."""
    from pedset.moderation.models import Suspension

    def make(user, community):
        return Suspension.objects.create(
            community=community,
            user=user,
            reason="Оскорбления в переписке",
            ends_at=timezone.now() + datetime.timedelta(days=7),
        )

    return make


@pytest.fixture
def flag():
    """flag(message, reporter): a report of the message (as the moderation app stores it)."""
    from pedset.moderation.models import Flag, FlagReason

    def make(message, reporter):
        return Flag.objects.create(
            community=message.conversation.community,
            reporter=reporter,
            reason=FlagReason.INSULT,
            message=message,
        )

    return make

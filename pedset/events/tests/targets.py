"""Targets of the permission table (pedset/core/permission_table.py) for events: each
``<name>(community, user)`` returns the arguments of the policy after the user. The events
are made by a separate coordinator of the community (EventFactory); organisers named on an
event are not actors of the table: pedset/events/tests/test_policies.py covers them."""

import datetime

from django.utils import timezone

from pedset.core.policies import is_active_user
from pedset.events.models import Audience, EventStatus
from pedset.events.tests.factories import EventFactory, registered


def published_event(community, user):
    """Announced, a week ahead, for the community's members, registration without a limit."""
    return (EventFactory(community=community),)


def draft_event(community, user):
    return (EventFactory(community=community, status=EventStatus.DRAFT, published_at=None),)


def cancelled_event(community, user):
    return (
        EventFactory(
            community=community,
            status=EventStatus.CANCELLED,
            cancelled_at=timezone.now(),
            cancellation_reason="Болезнь ведущего",
        ),
    )


def everyone_event(community, user):
    """Announced for every registered user of the platform."""
    return (EventFactory(community=community, audience=Audience.EVERYONE),)


def started_event(community, user):
    """Announced, started an hour ago, ends in half an hour."""
    now = timezone.now()
    return (
        EventFactory(
            community=community,
            starts_at=now - datetime.timedelta(hours=1),
            ends_at=now + datetime.timedelta(minutes=30),
        ),
    )


def own_registration_event(community, user):
    """An announced event the actor (any active account) is registered for."""
    event = EventFactory(community=community)
    if is_active_user(user):
        registered(event, user)
    return (event,)

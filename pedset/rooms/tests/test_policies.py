"""What the permission table cannot show: closed communities, and answers that do not depend on
the clock (the window is the service's check)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from pedset.communities.models import Role
from pedset.communities.tests.factories import MembershipFactory
from pedset.events.tests.factories import EventFactory, registered
from pedset.rooms import policies

pytestmark = pytest.mark.django_db


def test_a_closed_community_has_no_rooms():
    event = EventFactory()
    participant = registered(event).user
    coordinator = MembershipFactory(community=event.community, role=Role.COORDINATOR).user
    event.community.closed_at = timezone.now()
    event.community.save()
    assert not policies.can_join_room(participant, event)
    assert not policies.can_join_room(coordinator, event)
    assert not policies.can_configure_room(coordinator, event)


def test_the_answers_do_not_depend_on_the_time():
    event = EventFactory()
    participant = registered(event).user
    answers = []
    for moment in (
        event.starts_at - datetime.timedelta(days=3),
        event.starts_at,
        event.ends_at + datetime.timedelta(days=3),
    ):
        with time_machine.travel(moment, tick=False):
            fresh = type(event).objects.get(pk=event.pk)
            answers.append(policies.can_join_room(participant, fresh))
    assert answers == [True, True, True]

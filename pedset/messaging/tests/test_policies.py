"""The messaging policies for every actor of the permission table, as the rows proposed for
pedset/core/permission_table.py declare them (targets in tests/targets.py)."""

import pytest

from pedset.communities.tests.factories import MembershipFactory
from pedset.core.testing import ACTORS
from pedset.messaging import policies
from pedset.messaging.tests import targets

pytestmark = pytest.mark.django_db

ALL = frozenset(ACTORS)
SIGNED_IN = ALL - {"anonymous", "revoked"}
MEMBERS = frozenset({"member", "expert", "moderator", "coordinator", "community_admin"})
MODERATORS = frozenset({"moderator", "coordinator", "community_admin", "platform_admin"})
NOBODY = frozenset()


def _colleague(community, user):
    return MembershipFactory(community=community).user


ROWS = {
    # action: (policy, target builder, allowed)
    "message.start_conversation": (
        policies.can_start_conversation,
        lambda community, user: community,
        MEMBERS,
    ),
    "message.write_to_person": (policies.can_write_to, _colleague, MEMBERS),
    "message.block_person": (policies.can_block_person, _colleague, SIGNED_IN),
    "conversation.read_own": (
        policies.can_read_conversation,
        targets.own_conversation,
        SIGNED_IN,
    ),
    "conversation.read_others": (
        policies.can_read_conversation,
        targets.others_conversation,
        NOBODY,
    ),
    "message.read_own": (
        policies.can_read_message,
        targets.message_in_own_conversation,
        SIGNED_IN,
    ),
    "message.read_reported": (policies.can_read_message, targets.reported_message, NOBODY),
    "conversation.send_own": (policies.can_send_message, targets.own_conversation, MEMBERS),
    "conversation.send_others": (
        policies.can_send_message,
        targets.others_conversation,
        NOBODY,
    ),
    "conversation.leave_own": (
        policies.can_leave_conversation,
        targets.own_conversation,
        SIGNED_IN,
    ),
    "conversation.leave_others": (
        policies.can_leave_conversation,
        targets.others_conversation,
        NOBODY,
    ),
    "message.hide_reported": (policies.can_hide_message, targets.reported_message, MODERATORS),
}
CELLS = [(action, actor) for action in ROWS for actor in ACTORS]


@pytest.mark.parametrize(("action", "actor"), CELLS, ids=[f"{a}-{r}" for a, r in CELLS])
def test_policy_cell(action, actor, make_person, community):
    policy, build, allowed = ROWS[action]
    user = make_person(actor, community)
    target = build(community, user)
    assert policy(user, target) is (actor in allowed), (
        f"{action} for {actor}: expected {'allowed' if actor in allowed else 'refused'}"
    )


def test_a_suspended_member_may_not_start_nor_send(community, member, make_person, suspend):
    user = make_person("member", community)
    conversation = targets.own_conversation(community, user)
    suspend(user, community)
    user = type(user).objects.get(pk=user.pk)
    assert not policies.can_start_conversation(user, community)
    assert not policies.can_send_message(user, conversation)
    assert not policies.can_write_to(user, member())
    # reading is untouched by a suspension
    assert policies.can_read_conversation(user, conversation)


def test_a_closed_community_stops_starting_sending_and_hiding(community, make_person):
    from django.utils import timezone

    user = make_person("moderator", community)
    conversation = targets.own_conversation(community, user)
    message = targets.reported_message(community)
    community.closed_at = timezone.now()
    community.save()
    assert not policies.can_start_conversation(user, community)
    assert not policies.can_send_message(user, conversation)
    assert not policies.can_hide_message(user, message)
    assert policies.can_read_conversation(user, conversation)


def test_an_unreported_message_cannot_be_hidden(community, make_person):
    from pedset.messaging.models import Message

    moderator = make_person("moderator", community)
    conversation = targets.others_conversation(community)
    message = Message.objects.create(
        conversation=conversation, author=conversation.created_by, body="Обычное сообщение"
    )
    assert not policies.can_hide_message(moderator, message)


def test_nobody_writes_to_a_former_person(community, make_person):
    from django.utils import timezone

    user = make_person("member", community)
    former = MembershipFactory(community=community).user
    former.anonymised_at = timezone.now()
    former.save()
    assert not policies.can_write_to(user, former)
    assert not policies.can_block_person(user, former)
    assert not policies.can_write_to(user, user)

"""Who may report, moderate, warn, suspend and read the log; the suspension's effect in time."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from pedset.communities.models import MembershipStatus, Role
from pedset.communities.tests.factories import MembershipFactory
from pedset.moderation import policies
from pedset.moderation.models import Suspension
from pedset.moderation.tests.factories import fresh, make_message, make_post

pytestmark = pytest.mark.django_db

ROLES = {
    "member": Role.MEMBER,
    "expert": Role.EXPERT,
    "moderator": Role.MODERATOR,
    "coordinator": Role.COORDINATOR,
    "community_admin": Role.ADMINISTRATOR,
}


def _suspend(community, person, days=1):
    return Suspension.objects.create(
        community=community,
        user=person,
        reason="Оскорбления",
        ends_at=timezone.now() + datetime.timedelta(days=days),
    )


# --- Reporting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("anonymous", False),
        ("registered", False),
        ("pending", False),
        ("member", True),
        ("expert", True),
        ("moderator", True),
        ("coordinator", True),
        ("community_admin", True),
        ("education_authority", False),
        ("platform_admin", False),
        ("revoked", False),
    ],
)
def test_who_may_report_a_post(actor, allowed, make_person, community, post):
    # given a person in the actor's position
    person = make_person(actor, community)
    # then only active members of the post's community may report it
    assert policies.can_flag_post(person, post) is allowed


def test_nobody_reports_their_own_a_hidden_or_a_deleted_post(community, member, post):
    assert policies.can_flag_post(fresh(post.author), post) is False
    post.hidden_at = timezone.now()
    assert policies.can_flag_post(fresh(member), post) is False
    post.hidden_at, post.deleted_at = None, timezone.now()
    assert policies.can_flag_post(fresh(member), post) is False


def test_a_suspended_member_cannot_report(community, member, post):
    _suspend(community, member)
    assert policies.can_flag_post(fresh(member), post) is False


def test_nobody_reports_in_a_closed_community(community, member, post):
    community.closed_at = timezone.now()
    community.save()
    post.refresh_from_db()
    assert policies.can_flag_post(fresh(member), post) is False


def test_only_a_participant_reports_a_message(community, member, message, moderator):
    # given a member who reads the conversation and a moderator who does not
    # then the reader may report, the moderator may not (nor see the message)
    assert policies.can_flag_message(fresh(member), message) is True
    assert policies.sees_message(fresh(moderator), message) is False
    assert policies.can_flag_message(fresh(moderator), message) is False
    # and the author may not report their own message
    assert policies.can_flag_message(fresh(message.author), message) is False


def test_a_participant_who_left_the_community_cannot_report_a_message(community, member, message):
    member.memberships.update(status=MembershipStatus.LEFT)
    assert policies.sees_message(fresh(member), message) is True
    assert policies.can_flag_message(fresh(member), message) is False


def test_a_suspended_participant_cannot_report_a_message(community, member, message):
    _suspend(community, member)
    assert policies.can_flag_message(fresh(member), message) is False


def test_a_hidden_message_cannot_be_reported(community, member, message):
    message.hidden_at = timezone.now()
    assert policies.can_flag_message(fresh(member), message) is False


def test_reporting_a_post_costs_no_query_per_post(community, member, django_assert_max_num_queries):
    # given twenty posts with their community loaded, as the topic page loads them
    from pedset.forum.models import Post

    for _ in range(20):
        make_post(community)
    posts = list(Post.objects.select_related("topic__section__community"))
    reader = fresh(member)
    policies.can_flag_post(reader, posts[0])
    # then asking for every post costs nothing more
    with django_assert_max_num_queries(0):
        for post in posts:
            policies.can_flag_post(reader, post)


# --- Warning and suspending: the rank rule ------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "target", "allowed"),
    [
        ("moderator", "member", True),
        ("moderator", "expert", True),
        ("moderator", "moderator", False),
        ("moderator", "coordinator", False),
        ("moderator", "community_admin", False),
        ("coordinator", "member", True),
        ("coordinator", "moderator", False),
        ("coordinator", "community_admin", False),
        ("community_admin", "member", True),
        ("community_admin", "moderator", True),
        ("community_admin", "coordinator", True),
        ("community_admin", "community_admin", False),
        ("platform_admin", "member", True),
        ("platform_admin", "moderator", True),
        ("platform_admin", "community_admin", True),
        ("member", "member", False),
        ("expert", "member", False),
    ],
)
def test_who_may_warn_and_suspend_whom(actor, target, allowed, make_person, community):
    # given an actor and an active member with the target's role
    person = make_person(actor, community)
    target_user = MembershipFactory(community=community, role=ROLES[target]).user
    # then the rank rule decides, the same for warnings and suspensions
    assert policies.can_warn(person, community, target_user) is allowed
    assert policies.can_suspend(fresh(person), community, target_user) is allowed


def test_nobody_suspends_themselves_or_a_platform_admin(community, moderator, platform_admin):
    assert policies.can_suspend(moderator, community, moderator) is False
    assert policies.can_warn(moderator, community, moderator) is False
    MembershipFactory(community=community, user=platform_admin)
    assert policies.can_suspend(moderator, community, platform_admin) is False


def test_only_active_members_are_suspended(community, moderator):
    from pedset.accounts.tests.factories import UserFactory

    outsider = UserFactory()
    applicant = MembershipFactory(community=community, status=MembershipStatus.PENDING).user
    assert policies.can_suspend(moderator, community, outsider) is False
    assert policies.can_suspend(moderator, community, applicant) is False


# --- The log ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("anonymous", False),
        ("registered", False),
        ("pending", False),
        ("member", False),
        ("expert", False),
        ("moderator", True),
        ("coordinator", True),
        ("community_admin", True),
        ("education_authority", False),
        ("platform_admin", True),
        ("revoked", False),
    ],
)
def test_who_reads_the_moderation_log(actor, allowed, make_person, community):
    person = make_person(actor, community)
    assert policies.can_view_moderation_log(person, community) is allowed
    assert (
        policies.can_view_member_history(
            fresh(person) if actor != "anonymous" else person, community
        )
        is allowed
    )
    assert policies.can_view_queue(person, community) is allowed


def test_the_log_of_a_closed_community_stays_readable(community, coordinator):
    community.closed_at = timezone.now()
    community.save()
    assert policies.can_view_moderation_log(coordinator, community) is True
    assert policies.can_view_queue(fresh(coordinator), community) is False


# --- The suspension in time -------------------------------------------------------------------


def test_a_suspension_ends_on_time(community, member):
    # given a member suspended for one day at noon
    with time_machine.travel(
        datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC), tick=False
    ):
        Suspension.objects.create(
            community=community,
            user=member,
            reason="Угрозы",
            ends_at=timezone.now() + datetime.timedelta(days=1),
        )
        assert policies.is_suspended(fresh(member), community) is True
    # then a second before the end they are still suspended, and at the end they are not
    with time_machine.travel(datetime.datetime(2026, 3, 11, 11, 59, 59, tzinfo=datetime.UTC)):
        assert policies.is_suspended(fresh(member), community) is True
    with time_machine.travel(datetime.datetime(2026, 3, 11, 12, 0, tzinfo=datetime.UTC)):
        assert policies.is_suspended(fresh(member), community) is False


def test_a_suspension_is_per_community(community, member):
    from pedset.communities.tests.factories import CommunityFactory

    other = CommunityFactory()
    MembershipFactory(community=other, user=member)
    _suspend(community, member)
    assert policies.is_suspended(fresh(member), community) is True
    assert policies.is_suspended(fresh(member), other) is False


def test_a_lifted_suspension_no_longer_counts(community, member):
    suspension = _suspend(community, member, days=30)
    suspension.lifted_at = timezone.now()
    suspension.save()
    assert policies.is_suspended(fresh(member), community) is False


def test_a_suspension_blocks_writing_but_not_reading(community, member):
    from pedset.forum import policies as forum_policies
    from pedset.messaging import policies as messaging_policies

    _suspend(community, member)
    person = fresh(member)
    topic = make_post(community).topic
    assert forum_policies.can_read_forum(person, community) is True
    assert forum_policies.can_reply(person, topic) is False
    assert messaging_policies.can_start_conversation(person, community) is False
    message = make_message(community, reader=person)
    assert messaging_policies.can_read_message(person, message) is True
    assert messaging_policies.can_send_message(person, message.conversation) is False


# --- The rows this app reports for the permission table (pedset/core/permission_table.py) ----

ALL_ACTORS = (
    "anonymous",
    "registered",
    "pending",
    "member",
    "expert",
    "moderator",
    "coordinator",
    "community_admin",
    "education_authority",
    "platform_admin",
    "revoked",
)
MEMBERS = {"member", "expert", "moderator", "coordinator", "community_admin"}
MODERATING = {"moderator", "coordinator", "community_admin", "platform_admin"}


def _message_with_seat(community, person):
    """A message by an ordinary member in a conversation of the community; a signed-in actor
    has a seat in it from before the message."""
    from pedset.moderation.tests.factories import make_conversation

    author = MembershipFactory(community=community).user
    people = [author]
    if getattr(person, "pk", None) is not None:
        people.append(person)
    conversation = make_conversation(community, people)
    return make_message(community, author=author, conversation=conversation)


@pytest.mark.parametrize("actor", ALL_ACTORS)
def test_permission_rows(actor, make_person, community):
    person = make_person(actor, community)
    colleague = MembershipFactory(community=community).user
    message = _message_with_seat(community, person)
    expected = {
        policies.can_flag_message: (message, actor in MEMBERS),
        policies.can_warn: (colleague, actor in MODERATING),
        policies.can_suspend: (colleague, actor in MODERATING),
    }
    for policy, (target, allowed) in expected.items():
        args = (community, target) if policy is not policies.can_flag_message else (target,)
        assert policy(person, *args) is allowed, policy.__name__

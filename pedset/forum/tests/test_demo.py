"""The forum's demo content: discussions with a pinned and locked topic, a quotation, an edit
with its history, a post hidden by a moderator (logged) and a question about it in the
dedicated section. Idempotent, synthetic."""

import pytest

from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.forum.demo import load_forum_demo
from pedset.forum.models import Post, PostRevision, Section, Topic
from pedset.moderation.models import ModerationAction

pytestmark = pytest.mark.django_db


def test_demo_forum_content():
    # given a community with a coordinator, a moderator and members, without sections yet
    community = CommunityFactory()
    roles = [Role.ADMINISTRATOR, Role.COORDINATOR, Role.MODERATOR] + [Role.MEMBER] * 6
    members = [MembershipFactory(community=community, role=role).user for role in roles]
    # when the demo is loaded twice
    written = load_forum_demo(community, members)
    assert load_forum_demo(community, members) == 0
    # then the forum has both sections and its discussions, once
    topics = Topic.objects.filter(section__community=community)
    assert written == Post.objects.filter(topic__section__community=community).count() > 10
    assert Section.objects.filter(community=community, kind="moderation").count() == 1
    assert topics.filter(is_pinned=True, is_locked=True).count() == 1
    assert topics.filter(section__kind="moderation").count() == 1
    # and every topic's counters agree with its posts
    for topic in topics:
        positions = list(topic.posts.values_list("position", flat=True))
        assert positions == list(range(1, topic.posts_count + 1))
        assert topic.last_post_at == topic.posts.order_by("-position").first().created_at
    # quotations name the quoted post by reference, never its author
    quoting = Post.objects.filter(body__startswith="> [Сообщение № ")
    assert quoting.exists()
    for post in quoting:
        assert "/forum/p/" in post.body.splitlines()[0]
    assert PostRevision.objects.exists()
    hidden = Post.objects.get(hidden_at__isnull=False)
    assert ModerationAction.objects.get(action="hide").post == hidden


def test_demo_needs_a_few_members():
    community = CommunityFactory()
    assert load_forum_demo(community, [MembershipFactory(community=community).user]) == 0


def test_demo_in_another_community_is_independent():
    first, second = CommunityFactory(), CommunityFactory()
    for community in (first, second):
        people = [MembershipFactory(community=community).user for _ in range(5)]
        assert load_forum_demo(community, people) > 0

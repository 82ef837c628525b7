"""The forum's policies for every actor the permission table knows, with the targets the table
will use (pedset/forum/tests/factories.py permission_targets), plus the cases that depend on the
state of the target: locked, hidden, deleted, one's own post, a closed community, suspension."""

import pytest
from django.utils import timezone

from pedset.core.testing import ACTORS
from pedset.forum import policies
from pedset.forum.models import Post
from pedset.forum.tests.factories import permission_targets
from pedset.moderation.models import Suspension

pytestmark = pytest.mark.django_db

MEMBERS = {"member", "expert", "moderator", "coordinator", "community_admin"}
MODERATORS = {"moderator", "coordinator", "community_admin", "platform_admin"}
READERS = MEMBERS | {"platform_admin"}

# policy: (target, actors allowed) — the rows proposed for pedset/core/permission_table.py
TABLE = {
    "can_read_forum": ("community", READERS),
    "can_manage_sections": ("community", {"coordinator", "community_admin", "platform_admin"}),
    "can_post_topic": ("section", MEMBERS),
    "can_reply": ("topic", MEMBERS),
    "can_edit_post": ("post", MODERATORS),
    "can_view_post_body": ("post", READERS),
    "can_view_revisions": ("post", MODERATORS),
    "can_download_attachment": ("attachment", READERS),
}
CELLS = [(name, actor) for name in TABLE for actor in ACTORS]


@pytest.mark.parametrize(("name", "actor"), CELLS, ids=[f"{n}-{a}" for n, a in CELLS])
def test_policy_cell(name, actor, make_person):
    from pedset.communities.tests.factories import CommunityFactory

    community = CommunityFactory()
    user = make_person(actor, community)
    target_kind, allowed = TABLE[name]
    target = community if target_kind == "community" else permission_targets(community)[target_kind]
    assert getattr(policies, name)(user, target) is (actor in allowed)


def test_every_can_function_is_in_this_table():
    import inspect

    names = {
        name
        for name, func in inspect.getmembers(policies, inspect.isfunction)
        if name.startswith("can_") and func.__module__ == policies.__name__
    }
    assert names == set(TABLE)


@pytest.fixture
def targets(community):
    return permission_targets(community)


def test_the_author_edits_and_sees_the_history_of_their_post(targets):
    author = targets["post"].author
    assert policies.can_edit_post(author, targets["post"])
    assert policies.can_view_revisions(author, targets["post"])


def test_a_locked_topic_takes_replies_from_moderators_only(targets, member, moderator):
    topic = targets["topic"]
    topic.is_locked = True
    assert not policies.can_reply(member, topic)
    assert not policies.can_edit_post(topic.author, targets["post"])
    assert policies.can_reply(moderator, topic)


def test_a_hidden_post_is_for_its_author_and_moderators(targets, member, moderator):
    post = targets["post"]
    post.hidden_at = timezone.now()
    assert not policies.can_view_post_body(member, post)
    assert not policies.can_download_attachment(member, targets["attachment"])
    assert policies.can_view_post_body(post.author, post)
    assert policies.can_view_post_body(moderator, post)
    assert not policies.can_edit_post(post.author, post)  # the author cannot rewrite it away


def test_a_deleted_post_is_for_moderators_only(targets, moderator):
    post = targets["post"]
    post.deleted_at = timezone.now()
    assert not policies.can_view_post_body(post.author, post)
    assert not policies.can_view_revisions(post.author, post)
    assert policies.can_view_post_body(moderator, post)
    assert not policies.can_edit_post(moderator, post)


def test_a_suspended_member_reads_but_does_not_write(targets, community, member):
    Suspension.objects.create(
        community=community,
        user=member,
        reason="Оскорбления",
        ends_at=timezone.now() + timezone.timedelta(days=1),
    )
    assert policies.can_read_forum(member, community)
    assert not policies.can_post_topic(member, targets["section"])
    assert not policies.can_reply(member, targets["topic"])


def test_a_closed_community_is_read_only_and_moderators_still_see_traces(
    targets, community, member, moderator
):
    community.closed_at = timezone.now()
    community.save()
    post = Post.objects.select_related("topic__section__community").get(pk=targets["post"].pk)
    post.hidden_at = timezone.now()
    assert policies.can_read_forum(member, community)
    assert not policies.can_post_topic(member, post.topic.section)
    assert not policies.can_edit_post(moderator, post)
    assert policies.can_view_post_body(moderator, post)
    assert not policies.can_manage_sections(moderator, community)

"""Query budgets: the forum index, a section page and a topic page (20 posts a page) cost the
same number of queries for small and large data — 20 vs 2,000 posts in the topic, 2 vs 40
topics in the section. Pages of the topic are cut by position and counts come from the
denormalised counters, so nothing grows with the rows.

Each budget is the count measured today plus 2 (a middleware another app adds must not break
it); an N+1 would still blow it at the larger size."""

import pytest
from django.urls import reverse

from pedset.communities.tests.factories import MembershipFactory
from pedset.forum import services
from pedset.forum.models import Attachment, PostRevision, TopicReadMark
from pedset.forum.tests.factories import add_posts, make_topic

pytestmark = pytest.mark.django_db


def busy_topic(general, authors, posts):
    """A topic of ``posts`` posts by several authors, with files, edits and a hidden post."""
    topic = make_topic(general, authors[0], posts=1)
    per_author = max(1, (posts - 1) // len(authors))
    remaining = posts - 1
    for author in authors:
        count = min(per_author, remaining) if author is not authors[-1] else remaining
        if count:
            add_posts(topic, author, count)
            remaining -= count
    page_posts = list(topic.posts.order_by("position")[:20])
    for post in page_posts[::3]:
        Attachment.objects.create(
            post=post,
            file="forum/x.pdf",
            original_name="план.pdf",
            content_type="application/pdf",
            size=10,
        )
        PostRevision.objects.create(post=post, body="старый текст", edited_by=post.author)
    page_posts[5].hidden_at = page_posts[5].created_at
    page_posts[5].hidden_reason = "Нарушение"
    page_posts[5].save()
    return topic


@pytest.mark.parametrize("posts", [20, 2000])
def test_topic_page_budget(
    client, community, general, member, moderator, posts, django_assert_max_num_queries
):
    # given a topic of 20 or 2,000 posts by eight people, and a reader who has read some
    authors = [MembershipFactory(community=community).user for _ in range(7)] + [moderator]
    topic = busy_topic(general, authors, posts)
    TopicReadMark.objects.create(user=member, topic=topic, last_read_position=5)
    client.force_login(member)
    # when the reader opens the first page, then the queries do not depend on the size
    with django_assert_max_num_queries(15):
        response = client.get(reverse("forum:topic", args=[topic.pk]) + "?page=1")
    assert response.status_code == 200
    assert response.content.decode().count('class="card" id="post-') == 20
    # and the same holds for a moderator, who sees every control
    client.force_login(moderator)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("forum:topic", args=[topic.pk]) + "?page=1")
    assert response.status_code == 200


@pytest.mark.parametrize("topics", [2, 40])
def test_section_page_budget(
    client, community, general, member, topics, django_assert_max_num_queries
):
    authors = [MembershipFactory(community=community).user for _ in range(5)]
    for i in range(topics):
        topic = make_topic(general, authors[i % 5], title=f"Тема {i}", posts=2, is_pinned=i == 0)
        if i % 2:
            TopicReadMark.objects.create(user=member, topic=topic, last_read_position=1)
    client.force_login(member)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("forum:section", args=[general.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 40])
def test_forum_index_budget(
    client, community, general, member, size, django_assert_max_num_queries
):
    # given 2 or 40 topics (of 20 or 2,000 posts in all) in 1 or 5 more sections
    for n in range(size // 8):
        services.section_create(
            actor=MembershipFactory(community=community, role="coordinator").user,
            community=community,
            title=f"Раздел {n}",
        )
    sections = list(community.forum_sections.all())
    for i in range(size):
        topic = make_topic(sections[i % len(sections)], member, title=f"Тема {i}", posts=1)
        add_posts(topic, member, 49 if size > 2 else 9)
    client.force_login(member)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("forum:index", args=[community.slug]))
    assert response.status_code == 200

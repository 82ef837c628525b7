"""Factories of the forum. Topics and posts made here keep the counters the services keep."""

import factory

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.tests.factories import CommunityFactory
from pedset.forum.models import Post, Section, Topic


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Раздел {n}")
    kind = Section.Kind.REGULAR
    position = factory.Sequence(lambda n: n)


def make_topic(section, author, *, title="Обмен опытом", posts=1, bodies=None, **fields):
    """A topic with ``posts`` posts by ``author`` (positions 1..n), counters filled in."""
    topic = Topic.objects.create(section=section, title=title, author=author, **fields)
    add_posts(topic, author, posts, bodies=bodies)
    return topic


def add_posts(topic, author, count, *, bodies=None):
    start = topic.posts_count
    new = Post.objects.bulk_create(
        Post(
            topic=topic,
            position=start + i + 1,
            author=author,
            body=(bodies[i] if bodies else f"Сообщение номер {start + i + 1}"),
        )
        for i in range(count)
    )
    last = Post.objects.filter(topic=topic).order_by("-position").first()
    topic.posts_count = start + count
    topic.last_post_at = last.created_at
    topic.last_post_author = author
    topic.save(update_fields=["posts_count", "last_post_at", "last_post_author"])
    return new


def permission_targets(community):
    """The objects the permission table passes to the forum's policies: the community's first
    regular section; a topic there by an ordinary member; its first post; a file on that post."""
    from django.core.files.base import ContentFile

    from pedset.communities.tests.factories import MembershipFactory
    from pedset.forum.models import Attachment
    from pedset.forum.services import section_create_defaults

    section_create_defaults(community=community)
    section = Section.objects.filter(community=community, kind=Section.Kind.REGULAR).first()
    author = MembershipFactory(community=community).user
    topic = make_topic(section, author)
    post = topic.posts.get(position=1)
    attachment = Attachment(
        post=post, original_name="plan.pdf", content_type="application/pdf", size=9
    )
    attachment.file.save("plan.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return {"section": section, "topic": topic, "post": post, "attachment": attachment}


__all__ = ["SectionFactory", "UserFactory", "make_topic", "add_posts", "permission_targets"]

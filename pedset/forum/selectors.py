"""Reads of the forum, each with the prefetching its page needs. A page's number of queries does
not grow with the number of sections, topics or posts: counts come from the denormalised
counters of Topic, pages of a topic from the posts' positions."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from pedset.communities.models import Community, Membership, MembershipStatus
from pedset.forum.models import (
    Attachment,
    Post,
    PostRevision,
    Section,
    SectionFollow,
    Topic,
    TopicFollow,
    TopicReadMark,
)

POSTS_PER_PAGE = 20
TOPICS_PER_PAGE = 30


def page_of_position(position: int) -> int:
    return (max(position, 1) - 1) // POSTS_PER_PAGE + 1


def community_by_slug(slug: str) -> Community | None:
    return Community.objects.filter(slug=slug).first()


def forum_sections(community: Community) -> list[Section]:
    """The index: sections with their topic and post counts and the topic that was answered
    last (two queries whatever the number of sections and posts)."""
    last_topic = Topic.objects.filter(section=OuterRef("pk")).order_by("-last_post_at", "-id")
    sections = list(
        Section.objects.filter(community=community)
        .annotate(
            topics_count=Count("topics"),
            posts_total=Coalesce(Sum("topics__posts_count"), Value(0)),
            last_topic_id=Subquery(last_topic.values("id")[:1], output_field=IntegerField()),
        )
        .order_by("position", "id")
    )
    ids = [s.last_topic_id for s in sections if s.last_topic_id]
    topics = (
        {t.pk: t for t in Topic.objects.filter(pk__in=ids).select_related("last_post_author")}
        if ids
        else {}
    )
    for section in sections:
        section.last_topic = topics.get(section.last_topic_id)
    return sections


def section_for_page(pk: int) -> Section | None:
    return Section.objects.select_related("community").filter(pk=pk).first()


def moderation_section(community: Community) -> Section | None:
    return (
        Section.objects.filter(community=community, kind=Section.Kind.MODERATION_DISCUSSION)
        .order_by("position", "id")
        .first()
    )


def section_topics(section: Section, user, page_number):
    """A page of the section's topics, pinned first, each with the reader's read position."""
    topics = Topic.objects.filter(section=section).select_related("author", "last_post_author")
    if user.is_authenticated:
        marks = TopicReadMark.objects.filter(topic=OuterRef("pk"), user=user)
        topics = topics.annotate(read_position=Subquery(marks.values("last_read_position")[:1]))
    topics = topics.order_by("-is_pinned", "-last_post_at", "-id")
    page = Paginator(topics, TOPICS_PER_PAGE).get_page(page_number)
    for topic in page.object_list:
        read = getattr(topic, "read_position", None)
        topic.never_read = read is None
        topic.has_unread = read is None or read < topic.posts_count
    return page


def topic_for_page(pk: int) -> Topic | None:
    return Topic.objects.select_related("section__community", "author").filter(pk=pk).first()


def post_with_topic(pk: int) -> Post | None:
    return Post.objects.select_related("topic__section__community", "author").filter(pk=pk).first()


def attachment_with_post(pk: int) -> Attachment | None:
    return (
        Attachment.objects.select_related("post__topic__section__community").filter(pk=pk).first()
    )


def topic_page(topic: Topic, page_number):
    """(page object, posts of that page). Pages are cut by position, so the page of a post is
    known from its position alone and links to it keep their place."""
    page = Paginator(range(topic.posts_count), POSTS_PER_PAGE).get_page(page_number)
    first = (page.number - 1) * POSTS_PER_PAGE + 1
    revisions = (
        PostRevision.objects.filter(post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(n=Count("*"))
        .values("n")
    )
    posts = list(
        Post.objects.filter(topic=topic, position__gte=first, position__lt=first + POSTS_PER_PAGE)
        .select_related("author", "hidden_by", "edited_by")
        .annotate(revisions_count=Coalesce(Subquery(revisions, output_field=IntegerField()), 0))
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
        .order_by("position")
    )
    for post in posts:
        post.topic = topic  # the policies read post.topic.section.community: no query per post
    return page, posts


def author_roles(community: Community, author_ids) -> dict[int, str]:
    """{user id: role} of the posts' authors who are active members (one query)."""
    return dict(
        Membership.objects.filter(
            community=community, status=MembershipStatus.ACTIVE, user_id__in=set(author_ids)
        ).values_list("user_id", "role")
    )


def read_position(user, topic: Topic) -> int | None:
    if not user.is_authenticated:
        return None
    return (
        TopicReadMark.objects.filter(user=user, topic=topic)
        .values_list("last_read_position", flat=True)
        .first()
    )


def post_id_at(topic: Topic, position: int) -> int | None:
    return Post.objects.filter(topic=topic, position=position).values_list("id", flat=True).first()


def follows_topic(user, topic: Topic) -> bool:
    return user.is_authenticated and TopicFollow.objects.filter(user=user, topic=topic).exists()


def follows_section(user, section: Section) -> bool:
    return (
        user.is_authenticated and SectionFollow.objects.filter(user=user, section=section).exists()
    )


def post_revisions(post: Post):
    return (
        PostRevision.objects.filter(post=post)
        .select_related("edited_by")
        .order_by("-edited_at", "-id")
    )


def my_forums(user):
    """Communities whose forum the person reads, with their topic counts (the /forum/ page)."""
    return (
        Community.objects.filter(
            memberships__user=user, memberships__status=MembershipStatus.ACTIVE
        )
        .annotate(topics_count=Count("forum_sections__topics", distinct=True))
        .order_by("name")
    )


def active_followers(*, community: Community, topic=None, section=None, exclude_id=None):
    """(id, language) of the followers who may still read the forum (active members, or the
    platform administrator), without the author of what they are told about."""
    from pedset.accounts.models import PlatformRole

    if topic is not None:
        follows = TopicFollow.objects.filter(topic=topic)
    else:
        follows = SectionFollow.objects.filter(section=section)
    readers = Q(
        user__memberships__community=community,
        user__memberships__status=MembershipStatus.ACTIVE,
    ) | Q(user__platform_roles__role=PlatformRole.Role.ADMINISTRATOR)
    return list(
        follows.filter(readers, user__is_active=True)
        .exclude(user_id=exclude_id)
        .order_by()
        .values_list("user_id", "user__language")
        .distinct()
    )

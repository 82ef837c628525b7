"""Forum posts and private messages built straight with the ORM, so that moderation tests do not
depend on how the forum and messaging write them."""

from django.db.models import Max

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.tests.factories import MembershipFactory
from pedset.forum.models import Post, Section, Topic
from pedset.messaging.models import Conversation, Message, Participant


def regular_section(community) -> Section:
    section = community.forum_sections.filter(kind=Section.Kind.REGULAR).first()
    if section is None:
        section = Section.objects.create(
            community=community, title="Общие вопросы", kind=Section.Kind.REGULAR
        )
    return section


def discussion_section(community) -> Section:
    section = community.forum_sections.filter(kind=Section.Kind.MODERATION_DISCUSSION).first()
    if section is None:
        section = Section.objects.create(
            community=community,
            title="Обсуждение действий модераторов",
            kind=Section.Kind.MODERATION_DISCUSSION,
            position=1000,
        )
    return section


def make_topic(community, author=None, title="Методическая неделя") -> Topic:
    author = author or MembershipFactory(community=community).user
    return Topic.objects.create(section=regular_section(community), title=title, author=author)


def make_post(community, author=None, topic=None, body="Текст сообщения") -> Post:
    author = author or MembershipFactory(community=community).user
    topic = topic or make_topic(community, author)
    position = (topic.posts.aggregate(n=Max("position"))["n"] or 0) + 1
    post = Post.objects.create(topic=topic, author=author, body=body, position=position)
    topic.posts_count = position
    topic.last_post_at = post.created_at
    topic.save(update_fields=["posts_count", "last_post_at"])
    return post


def make_conversation(community, people) -> Conversation:
    conversation = Conversation.objects.create(community=community, created_by=people[0])
    for person in people:
        Participant.objects.create(conversation=conversation, user=person)
    return conversation


def make_message(community, author=None, reader=None, body="Личное сообщение", conversation=None):
    """A message by ``author`` to ``reader`` (both active members unless given)."""
    if conversation is None:
        author = author or MembershipFactory(community=community).user
        reader = reader or MembershipFactory(community=community).user
        conversation = make_conversation(community, [author, reader])
    return Message.objects.create(conversation=conversation, author=author, body=body)


def fresh(user):
    """The same person as a new request loads them (no memoised roles or suspensions)."""
    return type(user).objects.get(pk=user.pk)


__all__ = ["UserFactory", "fresh", "make_conversation", "make_message", "make_post", "make_topic"]

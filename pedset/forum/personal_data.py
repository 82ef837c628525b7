"""Personal-data hooks of the forum: the person's posts (with their earlier versions and file
names), the topics they started and what they follow.

Found by pedset.privacy.registry. On withdrawal the posts stay — a community's discussion is
its record, and regulation 002 forbids anonymous comments, not former ones: they are signed
«Бывший участник» by User.get_full_name once the account is anonymised. What is erased are
the person's subscriptions and read marks, which only served them.
"""

from django.db.models import Prefetch
from django.utils.translation import pgettext_lazy

from pedset.forum.models import (
    Attachment,
    Post,
    PostRevision,
    SectionFollow,
    Topic,
    TopicFollow,
    TopicReadMark,
)

FORUM_SUBSCRIPTIONS = pgettext_lazy(
    "personal data category", "subscriptions to forum topics and sections"
)


def _iso(value):
    return value.isoformat() if value is not None else None


def _community(section) -> dict:
    community = section.community
    return {"id": community.pk, "slug": community.slug, "name": community.name}


def export(user) -> dict:
    posts = (
        Post.objects.filter(author=user)
        .select_related("topic__section__community")
        .prefetch_related(
            Prefetch("revisions", queryset=PostRevision.objects.order_by("edited_at", "id")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("id")),
        )
        .order_by("created_at", "id")
    )
    forum_posts = [
        {
            "id": post.pk,
            "community": _community(post.topic.section),
            "section": post.topic.section.title,
            "topic": {"id": post.topic_id, "title": post.topic.title},
            "position": post.position,
            "created_at": _iso(post.created_at),
            "edited_at": _iso(post.edited_at),
            "text": post.body,
            "hidden_by_moderator": post.is_hidden,
            "hidden_reason": post.hidden_reason,
            "deleted_by_moderator": post.is_deleted,
            "deleted_reason": post.deleted_reason,
            "earlier_versions": [
                {"until": _iso(revision.edited_at), "text": revision.body}
                for revision in post.revisions.all()
            ],
            "attachments": [
                {
                    "name": file.original_name,
                    "size": file.size,
                    "uploaded_at": _iso(file.uploaded_at),
                }
                for file in post.attachments.all()
            ],
        }
        for post in posts
    ]
    topics = [
        {
            "id": topic.pk,
            "community": _community(topic.section),
            "section": topic.section.title,
            "title": topic.title,
            "created_at": _iso(topic.created_at),
        }
        for topic in Topic.objects.filter(author=user)
        .select_related("section__community")
        .order_by("created_at", "id")
    ]
    followed_topics = [
        {
            "topic": {"id": follow.topic_id, "title": follow.topic.title},
            "community": _community(follow.topic.section),
            "since": _iso(follow.created_at),
        }
        for follow in TopicFollow.objects.filter(user=user)
        .select_related("topic__section__community")
        .order_by("created_at", "id")
    ]
    followed_sections = [
        {
            "section": {"id": follow.section_id, "title": follow.section.title},
            "community": _community(follow.section),
            "since": _iso(follow.created_at),
        }
        for follow in SectionFollow.objects.filter(user=user)
        .select_related("section__community")
        .order_by("created_at", "id")
    ]
    return {
        "forum_posts": forum_posts,
        "forum_topics_started": topics,
        "forum_followed_topics": followed_topics,
        "forum_followed_sections": followed_sections,
    }


def erase(user) -> list[str]:
    """Posts and topics stay, signed «Бывший участник»; subscriptions and read marks go."""
    topics, _ = TopicFollow.objects.filter(user=user).delete()
    sections, _ = SectionFollow.objects.filter(user=user).delete()
    TopicReadMark.objects.filter(user=user).delete()
    return [str(FORUM_SUBSCRIPTIONS)] if topics or sections else []

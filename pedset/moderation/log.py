"""Writing the moderation log. Every moderation service (forum, messaging, moderation) calls it
inside its own transaction, so an action and its log entry stand or fall together."""

from __future__ import annotations

from pedset.moderation.models import ModerationAction


def moderation_record(
    action: str,
    *,
    community,
    actor,
    reason: str,
    post=None,
    topic=None,
    message=None,
    target_user=None,
    flag=None,
    data: dict | None = None,
) -> ModerationAction:
    if target_user is None:
        target_user = getattr(post, "author", None) or getattr(message, "author", None)
    if topic is None and post is not None:
        topic = post.topic
    return ModerationAction.objects.create(
        action=action,
        community=community,
        actor=actor,
        reason=reason,
        post=post,
        topic=topic,
        message=message,
        target_user=target_user,
        flag=flag,
        data=data or {},
    )

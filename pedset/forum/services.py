"""Every write of the forum. Each runs in one transaction; notices are written with it and their
e-mails leave after commit (pedset.core.notify). Moderation actions take a required reason, write the moderation log
(pedset.moderation.log.moderation_record) in the same transaction and tell the author why.

The moderation app's queue calls post_hide(..., flag=) and post_delete(..., flag=): keep these
names and signatures.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pedset.communities.models import Community
from pedset.communities.policies import is_member
from pedset.communities.services import ActionRefused
from pedset.core import ratelimit
from pedset.core.markup import quote_markdown
from pedset.core.notify import notify, notify_many
from pedset.core.policies import is_active_user
from pedset.forum import attachments, policies
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
from pedset.forum.selectors import moderation_section, page_of_position
from pedset.moderation.log import moderation_record
from pedset.moderation.models import ModerationAction
from pedset.moderation.policies import can_moderate, is_suspended
from pedset.search.index import schedule_remove, schedule_update

__all__ = ["ActionRefused"]

Action = ModerationAction.Action

TITLE_MAX = 200
BODY_MAX = 20_000
REASON_MAX = 2000
SECTION_DESCRIPTION_MAX = 2000
RATE_SCOPE = "forum-post"


# --- Checks shared with the forms ------------------------------------------------------------


def clean_title(title: str | None) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ActionRefused(_("Enter the title of the topic."))
    if len(title) > TITLE_MAX:
        raise ActionRefused(
            _("The title is too long: at most %(max)s characters (now %(n)s).")
            % {"max": TITLE_MAX, "n": len(title)}
        )
    return title


def clean_body(body: str | None) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ActionRefused(_("Write the text of the post."))
    if len(body) > BODY_MAX:
        raise ActionRefused(
            _("The text is too long: at most %(max)s characters (now %(n)s).")
            % {"max": f"{BODY_MAX:,}".replace(",", "\u00a0"), "n": len(body)}
        )
    return body


def clean_reason(reason: str | None, *, required: bool = True) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ActionRefused(_("State the reason: the author will see it."))
    if len(reason) > REASON_MAX:
        raise ActionRefused(
            _("The reason is too long (at most %(n)s characters).") % {"n": REASON_MAX}
        )
    return reason


def _checked_files(files) -> list[attachments.CheckedUpload]:
    try:
        return attachments.check_uploads(files)
    except ValidationError as error:
        raise ActionRefused(" ".join(error.messages)) from None


def posting_obstacle(user, community: Community, topic: Topic | None = None) -> str | None:
    """Why the person cannot write here, in words, or None when they can."""
    if not is_active_user(user):
        return _("Log in to write in the forum.")
    if community.is_closed:
        return _("The community is closed: nothing new can be posted in its forum.")
    if not is_member(user, community):
        return _("Only members of the community write in its forum.")
    if is_suspended(user, community):
        from pedset.moderation.models import Suspension

        suspension = (
            Suspension.objects.filter(
                community=community,
                user=user,
                lifted_at__isnull=True,
                ends_at__gt=timezone.now(),
            )
            .order_by("-ends_at")
            .first()
        )
        until = (
            formats.date_format(timezone.localtime(suspension.ends_at), "j E Y, H:i")
            if suspension
            else ""
        )
        return _(
            "A moderator has suspended your right to post in this community until %(until)s."
        ) % {"until": until}
    if topic is not None and topic.is_locked and not can_moderate(user, community):
        return _("The topic is locked: only moderators can post in it.")
    return None


# --- Posting rate limit ----------------------------------------------------------------------


def post_limit() -> tuple[int, int]:
    """(posts, seconds): FORUM_POST_LIMIT posts per FORUM_POST_WINDOW per person."""
    return (
        settings.FORUM_POST_LIMIT,
        settings.FORUM_POST_WINDOW,
    )


def _window_start_key(user) -> str:
    return f"rl-start:{RATE_SCOPE}:{user.pk}"


def _check_rate(user) -> None:
    limit, window = post_limit()
    ident = str(user.pk)
    if not ratelimit.is_limited(RATE_SCOPE, ident, limit):
        return
    started = cache.get(_window_start_key(user))
    wait = window if started is None else max(1, math.ceil(started + window - time.time()))
    raise ActionRefused(
        ngettext(
            "You are posting too often. Try again in %(n)s second.",
            "You are posting too often. Try again in %(n)s seconds.",
            wait,
        )
        % {"n": wait}
    )


def _count_post(user) -> None:
    _limit, window = post_limit()
    cache.add(_window_start_key(user), time.time(), timeout=window)
    ratelimit.hit(RATE_SCOPE, str(user.pk), window)


# --- URLs and notices ------------------------------------------------------------------------


def post_url(post: Post) -> str:
    """The page and anchor of a post (what /forum/p/<id>/ redirects to)."""
    page = page_of_position(post.position)
    url = reverse("forum:topic", args=[post.topic_id])
    return f"{url}?page={page}#post-{post.pk}"


def _language_of(user) -> str:
    return user.language or settings.LANGUAGE_CODE


def _notice_title(text: str) -> str:
    return Truncator(text).chars(300)


def _tell_followers(*, kind: str, recipients: list[tuple[int, str]], post: Post) -> None:
    """One bulk notice per language: notify_many inserts the notifications with the post and
    sends the e-mails after commit through the task framework, in chunks, so a topic with 150
    followers does not hold the request that answered it."""
    by_language: dict[str, list[int]] = {}
    for user_id, language in recipients:
        by_language.setdefault(language or settings.LANGUAGE_CODE, []).append(user_id)
    for language, ids in sorted(by_language.items()):
        with translation.override(language):
            title, body, url = follower_notice(kind, post)
            notify_many(ids, kind=kind, title=title, body=body, url=url)


def follower_notice(kind: str, post: Post) -> tuple[str, str, str]:
    """(title, body, url) of a notice to a follower, in the active language."""
    # Neither the author's name nor any of the post's text in the stored notice: a notification
    # outlives the author's consent and the post itself (a moderator may hide or delete it), and
    # it is shown in the centre, the data export and the digests. The link leads to the post,
    # which is signed live and shown only to whoever may still read it.
    topic = post.topic
    if kind == "forum_topic":
        title = _("New topic in «%(section)s»: %(topic)s") % {
            "section": topic.section.title,
            "topic": topic.title,
        }
    else:
        title = _("New reply in the topic «%(topic)s»") % {"topic": topic.title}
    return _notice_title(title), "", post_url(post)


def post_quote(post: Post) -> str:
    """The Markdown quoting ``post`` to prefill a reply: by reference (its number, linked to its
    permanent address), never by its author's name, which would outlive their withdrawal."""
    return quote_markdown(
        _("Post No. %(n)s") % {"n": post.position},
        reverse("forum:post", args=[post.pk]),
        post.body,
    )


def _moderation_notice(*, recipient, actor, community: Community, title: str, reason: str, url):
    """Tell the author what a moderator did and why; the discussion of moderators' actions
    belongs to the dedicated section only (regulations 001 3.6, 002 6), so the notice names it."""
    if recipient is None or recipient.pk == getattr(actor, "pk", None):
        return
    section = moderation_section(community)
    body = _("Reason: %(reason)s") % {"reason": reason}
    if section is not None:
        section_url = settings.SITE_URL + reverse("forum:section", args=[section.pk])
        body += "\n\n" + _(
            "Moderators' actions are discussed only in the section «%(section)s»: %(url)s"
        ) % {"section": section.title, "url": section_url}
    notify(recipient, kind="moderation", title=_notice_title(title), body=body, url=url)


# --- Sections ------------------------------------------------------------------------------


@transaction.atomic
def section_create_defaults(*, community: Community) -> list[Section]:
    """The sections every community is created with: a general one and the dedicated section
    for discussing moderators' actions. Idempotent."""
    created = []
    existing = set(Section.objects.filter(community=community).values_list("kind", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        if Section.Kind.REGULAR not in existing:
            created.append(
                Section.objects.create(
                    community=community,
                    title=_("General discussion"),
                    description=_("Questions and discussions of the members of the community."),
                    kind=Section.Kind.REGULAR,
                    position=10,
                )
            )
        if Section.Kind.MODERATION_DISCUSSION not in existing:
            created.append(
                Section.objects.create(
                    community=community,
                    title=_("Discussion of moderators' actions"),
                    description=_(
                        "The actions of the coordinator and the moderators are discussed only "
                        "in this section, as the community's rules of conduct require."
                    ),
                    kind=Section.Kind.MODERATION_DISCUSSION,
                    position=1000,
                )
            )
    return created


def _clean_section_fields(title: str, description: str) -> tuple[str, str]:
    title = " ".join((title or "").split())
    if not title:
        raise ActionRefused(_("Enter the title of the section."))
    if len(title) > TITLE_MAX:
        raise ActionRefused(
            _("The title is too long: at most %(max)s characters (now %(n)s).")
            % {"max": TITLE_MAX, "n": len(title)}
        )
    description = (description or "").strip()
    if len(description) > SECTION_DESCRIPTION_MAX:
        raise ActionRefused(
            _("The description is too long: at most %(max)s characters.")
            % {"max": SECTION_DESCRIPTION_MAX}
        )
    return title, description


@transaction.atomic
def section_create(
    *, actor, community: Community, title: str, description: str = "", position: int | None = None
) -> Section:
    if not policies.can_manage_sections(actor, community):
        raise PermissionDenied
    title, description = _clean_section_fields(title, description)
    if position is None:
        # New sections go after the regular ones, before the moderation discussion.
        last = (
            Section.objects.filter(community=community, kind=Section.Kind.REGULAR).aggregate(
                Max("position")
            )["position__max"]
            or 0
        )
        position = last + 10
    return Section.objects.create(
        community=community,
        title=title,
        description=description,
        kind=Section.Kind.REGULAR,
        position=position,
    )


@transaction.atomic
def section_update(
    *, actor, section: Section, title: str, description: str, position: int
) -> Section:
    if not policies.can_manage_sections(actor, section.community):
        raise PermissionDenied
    section.title, section.description = _clean_section_fields(title, description)
    section.position = position
    section.save(update_fields=["title", "description", "position"])
    return section


# --- Topics and posts ----------------------------------------------------------------------


def _attach(post: Post, checked: list[attachments.CheckedUpload]) -> None:
    for item in checked:
        attachment = Attachment(
            post=post,
            original_name=item.original_name,
            content_type=item.content_type,
            size=item.upload.size,
        )
        item.upload.seek(0)
        attachment.file.save(attachments.storage_name(item), item.upload, save=False)
        attachment.save()


def _mark_read(user, topic: Topic, position: int) -> None:
    """Move the person's read mark forward to ``position`` (never back)."""
    mark, created = TopicReadMark.objects.get_or_create(
        user=user, topic=topic, defaults={"last_read_position": position}
    )
    if not created and mark.last_read_position < position:
        TopicReadMark.objects.filter(pk=mark.pk, last_read_position__lt=position).update(
            last_read_position=position, read_at=timezone.now()
        )


@transaction.atomic
def topic_create(*, actor, section: Section, title: str, body: str, files=()) -> Topic:
    """A new topic with its first post; the author follows it; the section's followers are told."""
    community = section.community
    if not policies.can_post_topic(actor, section):
        raise ActionRefused(posting_obstacle(actor, community) or _("You cannot post here."))
    title = clean_title(title)
    body = clean_body(body)
    checked = _checked_files(files)
    _check_rate(actor)
    now = timezone.now()
    topic = Topic.objects.create(
        section=section,
        title=title,
        author=actor,
        last_post_at=now,
        last_post_author=actor,
        posts_count=1,
    )
    post = Post.objects.create(topic=topic, position=1, author=actor, body=body)
    _attach(post, checked)
    schedule_update("post", post.pk)
    TopicFollow.objects.get_or_create(user=actor, topic=topic)
    TopicReadMark.objects.create(user=actor, topic=topic, last_read_position=1)
    _count_post(actor)
    _tell_followers(
        kind="forum_topic",
        recipients=_followers(community=community, section=section, exclude_id=actor.pk),
        post=post,
    )
    return topic


def _followers(**kwargs) -> list[tuple[int, str]]:
    from pedset.forum.selectors import active_followers

    return active_followers(**kwargs)


def _locked_topic(topic: Topic) -> Topic:
    """The topic row locked for the transaction: positions are handed out one at a time."""
    return (
        Topic.objects.select_for_update(of=("self",))
        .select_related("section__community", "author")
        .get(pk=topic.pk)
    )


@transaction.atomic
def post_create(*, actor, topic: Topic, body: str, files=()) -> Post:
    """A reply at the end of the topic. The topic's followers are told, the author is not."""
    topic = _locked_topic(topic)
    community = topic.section.community
    if not policies.can_reply(actor, topic):
        raise ActionRefused(posting_obstacle(actor, community, topic) or _("You cannot post here."))
    body = clean_body(body)
    checked = _checked_files(files)
    _check_rate(actor)
    position = topic.posts_count + 1
    post = Post.objects.create(topic=topic, position=position, author=actor, body=body)
    _attach(post, checked)
    schedule_update("post", post.pk)
    topic.posts_count = position
    topic.last_post_at = post.created_at
    topic.last_post_author = actor
    topic.save(update_fields=["posts_count", "last_post_at", "last_post_author"])
    _mark_read(actor, topic, position)
    _count_post(actor)
    _tell_followers(
        kind="forum_reply",
        recipients=_followers(community=community, topic=topic, exclude_id=actor.pk),
        post=post,
    )
    return post


@transaction.atomic
def post_edit(*, actor, post: Post, body: str, reason: str = "") -> Post:
    """Edit a post, keeping the previous text as a revision. The author's reason is optional; a
    moderator editing another person's post must give one, it is logged and the author told."""
    post = _locked_post(post)
    community = post.topic.section.community
    if not policies.can_edit_post(actor, post):
        raise PermissionDenied
    as_moderator = post.author_id != actor.pk
    reason = clean_reason(reason, required=as_moderator)
    body = clean_body(body)
    if body == post.body:
        raise ActionRefused(_("The text has not changed."))
    PostRevision.objects.create(post=post, body=post.body, edited_by=actor, reason=reason)
    post.body = body
    post.edited_at = timezone.now()
    post.edited_by = actor
    post.save(update_fields=["body", "edited_at", "edited_by"])
    schedule_update("post", post.pk)
    if as_moderator:
        moderation_record(Action.EDIT, community=community, actor=actor, reason=reason, post=post)
        with translation.override(_language_of(post.author)):
            _moderation_notice(
                recipient=post.author,
                actor=actor,
                community=community,
                title=_("A moderator has edited your post in the topic «%(topic)s»")
                % {"topic": post.topic.title},
                reason=reason,
                url=post_url(post),
            )
    return post


# --- Following and reading -----------------------------------------------------------------


@transaction.atomic
def topic_follow_set(*, actor, topic: Topic, follow: bool) -> bool:
    if not policies.can_read_forum(actor, topic.section.community):
        raise PermissionDenied
    if follow:
        TopicFollow.objects.get_or_create(user=actor, topic=topic)
    else:
        TopicFollow.objects.filter(user=actor, topic=topic).delete()
    return follow


@transaction.atomic
def section_follow_set(*, actor, section: Section, follow: bool) -> bool:
    if not policies.can_read_forum(actor, section.community):
        raise PermissionDenied
    if follow:
        SectionFollow.objects.get_or_create(user=actor, section=section)
    else:
        SectionFollow.objects.filter(user=actor, section=section).delete()
    return follow


def topic_mark_read(*, user, topic: Topic, position: int, known: int | None) -> None:
    """Called by the topic page for the last post the reader has been shown. ``known`` is the
    reader's mark as the page read it (None: they have no mark yet), which saves queries."""
    if not is_active_user(user) or position < 1:
        return
    if known is None:
        # The first visit: one INSERT; a parallel first visit (double click) simply wins.
        TopicReadMark.objects.bulk_create(
            [TopicReadMark(user=user, topic=topic, last_read_position=position)],
            ignore_conflicts=True,
        )
    elif known < position:
        TopicReadMark.objects.filter(
            user=user, topic=topic, last_read_position__lt=position
        ).update(last_read_position=position, read_at=timezone.now())


# --- Moderation ----------------------------------------------------------------------------


def _require_moderator(actor, community: Community) -> None:
    if not can_moderate(actor, community):
        raise PermissionDenied


def _locked_post(post: Post) -> Post:
    return (
        Post.objects.select_for_update(of=("self",))
        .select_related("topic__section__community", "author")
        .get(pk=post.pk)
    )


def _topic_words(post: Post) -> dict:
    return {"topic": post.topic.title, "n": post.position}


def _moderated_post(actor, post: Post, reason: str) -> tuple[Post, Community, str]:
    """What every action on a post begins with: the post locked, the moderator checked, the
    reason cleaned."""
    post = _locked_post(post)
    community = post.topic.section.community
    _require_moderator(actor, community)
    return post, community, clean_reason(reason)


def _post_moderated(
    *, actor, post: Post, community: Community, action, reason: str, title, flag=None, data=None
) -> Post:
    """What every action on a post ends with: the moderation log, and the author told why (in
    their language: ``title`` is a lazy text with %(n)s and %(topic)s)."""
    moderation_record(
        action, community=community, actor=actor, reason=reason, post=post, flag=flag, data=data
    )
    with translation.override(_language_of(post.author)):
        _moderation_notice(
            recipient=post.author,
            actor=actor,
            community=community,
            title=str(title) % _topic_words(post),
            reason=reason,
            url=post_url(post),
        )
    return post


@transaction.atomic
def post_hide(*, actor, post: Post, reason: str, flag=None) -> Post:
    """Hide a post: readers see «Скрыто модератором: <причина>», the author sees their text with
    the reason, moderators see everything."""
    post, community, reason = _moderated_post(actor, post, reason)
    if post.is_deleted:
        raise ActionRefused(_("The post has been deleted already."))
    if post.is_hidden:
        raise ActionRefused(_("The post is hidden already."))
    post.hidden_at = timezone.now()
    post.hidden_by = actor
    post.hidden_reason = reason
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    schedule_remove("post", post.pk)
    return _post_moderated(
        actor=actor,
        post=post,
        community=community,
        action=Action.HIDE,
        reason=reason,
        flag=flag,
        title=gettext_lazy("A moderator has hidden your post No. %(n)s in the topic «%(topic)s»"),
    )


@transaction.atomic
def post_restore(*, actor, post: Post, reason: str) -> Post:
    """Show a hidden or deleted post again."""
    post, community, reason = _moderated_post(actor, post, reason)
    if not (post.is_hidden or post.is_deleted):
        raise ActionRefused(_("The post is neither hidden nor deleted."))
    was = "deleted" if post.is_deleted else "hidden"
    post.hidden_at = post.hidden_by = post.deleted_at = post.deleted_by = None
    post.hidden_reason = post.deleted_reason = ""
    post.save(
        update_fields=[
            "hidden_at",
            "hidden_by",
            "hidden_reason",
            "deleted_at",
            "deleted_by",
            "deleted_reason",
        ]
    )
    schedule_update("post", post.pk)
    return _post_moderated(
        actor=actor,
        post=post,
        community=community,
        action=Action.RESTORE,
        reason=reason,
        data={"was": was},
        title=gettext_lazy("A moderator has restored your post No. %(n)s in the topic «%(topic)s»"),
    )


@transaction.atomic
def post_delete(*, actor, post: Post, reason: str, flag=None) -> Post:
    """Soft deletion: the text is shown to nobody but moderators; the trace «Удалено
    модератором: <причина>» keeps the post's place in the topic."""
    post, community, reason = _moderated_post(actor, post, reason)
    if post.is_deleted:
        raise ActionRefused(_("The post has been deleted already."))
    post.deleted_at = timezone.now()
    post.deleted_by = actor
    post.deleted_reason = reason
    post.save(update_fields=["deleted_at", "deleted_by", "deleted_reason"])
    schedule_remove("post", post.pk)
    return _post_moderated(
        actor=actor,
        post=post,
        community=community,
        action=Action.DELETE,
        reason=reason,
        flag=flag,
        title=gettext_lazy("A moderator has deleted your post No. %(n)s in the topic «%(topic)s»"),
    )


def _topic_action(*, actor, topic: Topic, reason: str, action: str, field: str, value: bool):
    topic = _locked_topic(topic)
    community = topic.section.community
    _require_moderator(actor, community)
    reason = clean_reason(reason)
    if getattr(topic, field) == value:
        already = {
            Action.LOCK: _("The topic is locked already."),
            Action.UNLOCK: _("The topic is not locked."),
            Action.PIN: _("The topic is pinned already."),
            Action.UNPIN: _("The topic is not pinned."),
        }
        raise ActionRefused(already[action])
    setattr(topic, field, value)
    topic.save(update_fields=[field])
    moderation_record(
        action,
        community=community,
        actor=actor,
        reason=reason,
        topic=topic,
        target_user=topic.author,
    )
    titles = {
        Action.LOCK: _("A moderator has locked your topic «%(topic)s»"),
        Action.UNLOCK: _("A moderator has unlocked your topic «%(topic)s»"),
        Action.PIN: _("A moderator has pinned your topic «%(topic)s»"),
        Action.UNPIN: _("A moderator has unpinned your topic «%(topic)s»"),
    }
    with translation.override(_language_of(topic.author)):
        _moderation_notice(
            recipient=topic.author,
            actor=actor,
            community=community,
            title=str(titles[action]) % {"topic": topic.title},
            reason=reason,
            url=reverse("forum:topic", args=[topic.pk]),
        )
    return topic


@transaction.atomic
def topic_lock(*, actor, topic: Topic, reason: str) -> Topic:
    return _topic_action(
        actor=actor, topic=topic, reason=reason, action=Action.LOCK, field="is_locked", value=True
    )


@transaction.atomic
def topic_unlock(*, actor, topic: Topic, reason: str) -> Topic:
    return _topic_action(
        actor=actor,
        topic=topic,
        reason=reason,
        action=Action.UNLOCK,
        field="is_locked",
        value=False,
    )


@transaction.atomic
def topic_pin(*, actor, topic: Topic, reason: str) -> Topic:
    return _topic_action(
        actor=actor, topic=topic, reason=reason, action=Action.PIN, field="is_pinned", value=True
    )


@transaction.atomic
def topic_unpin(*, actor, topic: Topic, reason: str) -> Topic:
    return _topic_action(
        actor=actor,
        topic=topic,
        reason=reason,
        action=Action.UNPIN,
        field="is_pinned",
        value=False,
    )


def _target_section(topic: Topic, section: Section | None) -> Section:
    if section is None or section.community_id != topic.section.community_id:
        raise ActionRefused(_("Choose a section of the same community."))
    return section


@transaction.atomic
def topic_move(*, actor, topic: Topic, section: Section, reason: str) -> Topic:
    """Move a topic to another section of the same community."""
    topic = _locked_topic(topic)
    community = topic.section.community
    _require_moderator(actor, community)
    reason = clean_reason(reason)
    section = _target_section(topic, section)
    if section.pk == topic.section_id:
        raise ActionRefused(_("The topic is in this section already."))
    old_section = topic.section
    topic.section = section
    topic.save(update_fields=["section"])
    moderation_record(
        Action.MOVE,
        community=community,
        actor=actor,
        reason=reason,
        topic=topic,
        target_user=topic.author,
        data={
            "from_section": old_section.pk,
            "from_title": old_section.title,
            "to_section": section.pk,
            "to_title": section.title,
        },
    )
    with translation.override(_language_of(topic.author)):
        _moderation_notice(
            recipient=topic.author,
            actor=actor,
            community=community,
            title=_("A moderator has moved your topic «%(topic)s» to the section «%(section)s»")
            % {"topic": topic.title, "section": section.title},
            reason=reason,
            url=reverse("forum:topic", args=[topic.pk]),
        )
    return topic


@transaction.atomic
def topic_rename(*, actor, topic: Topic, title: str, reason: str) -> Topic:
    """A moderator replaces a topic's title (slander or personal data in it, regulation 002
    section 4). The log keeps both titles for the moderators; the author's notice gives the
    reason and the new title, never the old one, and the followers' notices that named the
    topic are rewritten to the new title."""
    topic = _locked_topic(topic)
    community = topic.section.community
    _require_moderator(actor, community)
    reason = clean_reason(reason)
    title = clean_title(title)
    if title == topic.title:
        raise ActionRefused(_("The topic already has this title."))
    old_title = topic.title
    topic.title = title
    topic.save(update_fields=["title"])
    # Search indexes a topic's title with its first post.
    first_post = topic.posts.filter(position=1).values_list("pk", flat=True).first()
    if first_post is not None:
        schedule_update("post", first_post)
    moderation_record(
        Action.EDIT,
        community=community,
        actor=actor,
        reason=reason,
        topic=topic,
        target_user=topic.author,
        data={"old_title": old_title, "new_title": title},
    )
    _forget_title_in_notices(topic, old_title)
    with translation.override(_language_of(topic.author)):
        _moderation_notice(
            recipient=topic.author,
            actor=actor,
            community=community,
            title=_("A moderator has renamed your topic to «%(topic)s»") % {"topic": title},
            reason=reason,
            url=reverse("forum:topic", args=[topic.pk]),
        )
    return topic


def _forget_title_in_notices(topic: Topic, old_title: str) -> None:
    """Followers' notices of this topic name it by its title (in any language): the renamed
    title must not survive there (the notices are shown in the centre, exports and digests)."""
    from django.db.models import Value
    from django.db.models.functions import Left, Replace

    from pedset.core.models import Notification

    prefix = reverse("forum:topic", args=[topic.pk]) + "?"
    Notification.objects.filter(
        kind__in=("forum_reply", "forum_topic"),
        url__startswith=prefix,
        title__contains=old_title,
    ).update(title=Left(Replace("title", Value(old_title), Value(topic.title)), 300))


def _refresh_counters(topic: Topic) -> None:
    last = (
        Post.objects.filter(topic=topic)
        .order_by("-position")
        .values("position", "created_at", "author_id")
        .first()
    )
    topic.posts_count = last["position"] if last else 0
    topic.last_post_at = last["created_at"] if last else None
    topic.last_post_author_id = last["author_id"] if last else None
    topic.save(update_fields=["posts_count", "last_post_at", "last_post_author"])


@transaction.atomic
def topic_split(
    *, actor, topic: Topic, first_position: int, title: str, section: Section, reason: str
) -> Topic:
    """Move the post at ``first_position`` and every later one into a new topic; positions are
    renumbered from 1 in the new topic, the old one keeps 1..first_position-1."""
    topic = _locked_topic(topic)
    community = topic.section.community
    _require_moderator(actor, community)
    reason = clean_reason(reason)
    title = clean_title(title)
    section = _target_section(topic, section)
    try:
        first_position = int(first_position)
    except (TypeError, ValueError):
        first_position = 0
    if not 2 <= first_position <= topic.posts_count:
        raise ActionRefused(
            _("Choose a post from No. 2 to No. %(n)s: the first post stays in the topic.")
            % {"n": topic.posts_count}
        )
    first = Post.objects.select_related("author").get(topic=topic, position=first_position)
    new_topic = Topic.objects.create(section=section, title=title, author=first.author)
    moved = Post.objects.filter(topic=topic, position__gte=first_position)
    moved_authors = set(moved.values_list("author_id", flat=True))
    moved_count = moved.update(topic=new_topic, position=F("position") - (first_position - 1))
    _refresh_counters(topic)
    _refresh_counters(new_topic)
    schedule_update("post", first.pk)  # now the first post: search indexes the title with it
    # Read marks follow the posts: what a reader had read of the tail is read in the new topic.
    kept = first_position - 1
    new_marks = [
        TopicReadMark(
            user_id=mark.user_id,
            topic=new_topic,
            last_read_position=min(mark.last_read_position - kept, moved_count),
        )
        for mark in TopicReadMark.objects.filter(topic=topic, last_read_position__gt=kept)
    ]
    TopicReadMark.objects.bulk_create(new_marks)
    TopicReadMark.objects.filter(topic=topic, last_read_position__gt=kept).update(
        last_read_position=kept
    )
    TopicFollow.objects.get_or_create(user=first.author, topic=new_topic)
    moderation_record(
        Action.SPLIT,
        community=community,
        actor=actor,
        reason=reason,
        topic=topic,
        target_user=first.author,
        data={
            "new_topic": new_topic.pk,
            "new_title": new_topic.title,
            "first_position": first_position,
            "moved_posts": moved_count,
            "section": section.pk,
        },
    )
    from pedset.accounts.models import User

    for author in User.objects.filter(pk__in=moved_authors):
        with translation.override(_language_of(author)):
            _moderation_notice(
                recipient=author,
                actor=actor,
                community=community,
                title=_(
                    "A moderator has moved posts of the topic «%(topic)s» to a new topic «%(new)s»"
                )
                % {"topic": topic.title, "new": new_topic.title},
                reason=reason,
                url=reverse("forum:topic", args=[new_topic.pk]),
            )
    return new_topic

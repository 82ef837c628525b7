"""Every write of the announcements app, each in one transaction.

Publishing tells every active member (notification kind "announcement", delivered by each
person's preference) through notify_many: the notifications are written with the announcement,
the e-mails leave after commit in chunks through the task framework.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pedset.announcements import policies, selectors
from pedset.announcements.models import Announcement
from pedset.communities.models import Community
from pedset.core import ratelimit
from pedset.core.models import Notification
from pedset.core.notify import notify_many

TITLE_MAX = Announcement._meta.get_field("title").max_length
BODY_MAX = 10_000
PIN_MAX_DAYS = 366
NOTIFICATION_EXCERPT = 500
RATE_SCOPE = "announcement-publish"


def publish_limit() -> tuple[int, int]:
    """How many announcements one person may publish per window (seconds); each one mails
    every member, so the limit is low."""
    return (
        settings.ANNOUNCEMENT_LIMIT,
        settings.ANNOUNCEMENT_WINDOW,
    )


class AnnouncementRefused(ValueError):
    """Bad content; ``message`` says why, in the reader's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def pinned_until_problem(
    value: datetime.date | None, community: Community, *, unchanged_from=None
) -> str | None:
    """Why this "pinned until" date cannot be used, or None. An unchanged date on edit stays."""
    if value is None or value == unchanged_from:
        return None
    today = selectors.community_today(community)
    if value < today:
        return _("The date is in the past: choose today or a later day.")
    if value > today + datetime.timedelta(days=PIN_MAX_DAYS):
        return _("An announcement can be pinned for a year at most.")
    return None


def _clean(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise AnnouncementRefused(_("Enter the title."))
    if len(title) > TITLE_MAX:
        raise AnnouncementRefused(
            _("The title is too long: at most %(n)s characters.") % {"n": TITLE_MAX}
        )
    if not body:
        raise AnnouncementRefused(_("Enter the text of the announcement."))
    if len(body) > BODY_MAX:
        raise AnnouncementRefused(
            _("The text is too long: at most %(n)s characters.") % {"n": BODY_MAX}
        )
    return title, body


def announcement_url(announcement: Announcement) -> str:
    return reverse("announcements:detail", args=[announcement.community.slug, announcement.pk])


def _count_publication(actor) -> None:
    """Counts this publication, or refuses it once the person's window is full. Counting first
    (an atomic increment) keeps parallel requests from slipping past the limit together."""
    limit, window = publish_limit()
    minutes = ratelimit.take(RATE_SCOPE, str(actor.pk), limit=limit, window=window)
    if not minutes:
        return
    raise AnnouncementRefused(
        ngettext(
            "You have reached the limit of announcements (%(limit)s in a short time): each one "
            "is e-mailed to all members. Try again in %(minutes)s minute.",
            "You have reached the limit of announcements (%(limit)s in a short time): each one "
            "is e-mailed to all members. Try again in %(minutes)s minutes.",
            minutes,
        )
        % {"limit": limit, "minutes": minutes}
    )


@transaction.atomic
def announcement_publish(
    *, actor, community: Community, title: str, body: str, pinned_until=None
) -> Announcement:
    if not policies.can_publish_announcement(actor, community):
        raise PermissionDenied
    title, body = _clean(title, body)
    if problem := pinned_until_problem(pinned_until, community):
        raise AnnouncementRefused(problem)
    _count_publication(actor)
    announcement = Announcement.objects.create(
        community=community, title=title, body=body, author=actor, pinned_until=pinned_until
    )
    notify_many(
        selectors.announcement_recipients(announcement),
        kind="announcement",
        # The author's own words: the same for every reader, whatever their language.
        title=f"{community.name}: {title}",
        body=Truncator(body).chars(NOTIFICATION_EXCERPT),
        url=announcement_url(announcement),
    )
    announcement.delivered_at = timezone.now()
    announcement.save(update_fields=["delivered_at"])
    return announcement


@transaction.atomic
def announcement_edit(
    *, actor, announcement: Announcement, title: str, body: str, pinned_until=None
) -> Announcement:
    """Changes the text and the pin; members are not told again."""
    if not policies.can_edit_announcement(actor, announcement):
        raise PermissionDenied
    title, body = _clean(title, body)
    problem = pinned_until_problem(
        pinned_until, announcement.community, unchanged_from=announcement.pinned_until
    )
    if problem:
        raise AnnouncementRefused(problem)
    announcement.title, announcement.body = title, body
    announcement.pinned_until = pinned_until
    announcement.updated_at, announcement.updated_by = timezone.now(), actor
    announcement.save(update_fields=["title", "body", "pinned_until", "updated_at", "updated_by"])
    return announcement


@transaction.atomic
def announcement_delete(*, actor, announcement: Announcement) -> None:
    """Removed from every page; the row stays with who removed it and when. The members'
    notifications of it lose its words too (e-mails already sent cannot be recalled)."""
    if not policies.can_delete_announcement(actor, announcement):
        raise PermissionDenied
    announcement.deleted_at, announcement.deleted_by = timezone.now(), actor
    announcement.save(update_fields=["deleted_at", "deleted_by"])
    _blank_notifications(announcement)


def _notifications_of(announcement: Announcement):
    """The notifications told of it. They store its address; the community's slug may have
    changed since, so any slug matches. They were written with it, so never earlier."""
    placeholder = "slug-placeholder"
    address = reverse("announcements:detail", args=[placeholder, announcement.pk])
    pattern = "^" + re.escape(address).replace(re.escape(placeholder), r"[-a-zA-Z0-9_]+") + "$"
    return Notification.objects.filter(
        kind="announcement", created_at__gte=announcement.created_at, url__regex=pattern
    )


def _blank_notifications(announcement: Announcement) -> None:
    """One update per language of the recipients: the title says it was deleted, in theirs."""
    notifications = _notifications_of(announcement)
    languages = set(
        notifications.order_by().values_list("recipient__language", flat=True).distinct()
    )
    community = announcement.community.name
    for language in languages:
        with translation.override(language or settings.LANGUAGE_CODE):
            title = _("%(community)s: the announcement was deleted") % {"community": community}
        notifications.filter(recipient__language=language).update(
            title=title[: Notification._meta.get_field("title").max_length], body="", url=""
        )

"""Every write of the announcements app, each in one transaction.

Publishing tells every active member (notification kind "announcement", delivered by each
person's preference) through notify_many: the notifications are written with the announcement,
the e-mails leave after commit in chunks through the task framework.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from pedset.announcements import policies, selectors
from pedset.announcements.models import Announcement
from pedset.communities.models import Community
from pedset.core.notify import notify_many

TITLE_MAX = Announcement._meta.get_field("title").max_length
BODY_MAX = 10_000
PIN_MAX_DAYS = 366
NOTIFICATION_EXCERPT = 500


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


@transaction.atomic
def announcement_publish(
    *, actor, community: Community, title: str, body: str, pinned_until=None
) -> Announcement:
    if not policies.can_publish_announcement(actor, community):
        raise PermissionDenied
    title, body = _clean(title, body)
    if problem := pinned_until_problem(pinned_until, community):
        raise AnnouncementRefused(problem)
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
    """Removed from every page; the row stays with who removed it and when."""
    if not policies.can_delete_announcement(actor, announcement):
        raise PermissionDenied
    announcement.deleted_at, announcement.deleted_by = timezone.now(), actor
    announcement.save(update_fields=["deleted_at", "deleted_by"])

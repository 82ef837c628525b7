"""The letters: one notification at once, or the day's digest. Each is written in the
recipient's language and time zone and carries a one-click unsubscribe link (RFC 8058)."""

from __future__ import annotations

import textwrap
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import ngettext

from pedset.notifications.kinds import get_kind
from pedset.notifications.tokens import unsubscribe_token

DIGEST_EXCERPT = 300


def absolute(path: str) -> str:
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def unsubscribe_url(user_id: int, kinds: Iterable[str]) -> str:
    token = unsubscribe_token(user_id, kinds)
    return absolute(reverse("notifications:unsubscribe", args=[token]))


def _zone(name: str):
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _language(user) -> str:
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _headers(list_unsubscribe: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{list_unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        # RFC 3834: automatic letters must not trigger out-of-office replies.
        "Auto-Submitted": "auto-generated",
    }


def _subject(text: str) -> str:
    # A header line: no line breaks, and not longer than a mail client can show.
    return " ".join(f"{settings.SITE_NAME}: {text}".split())[:250]


def notification_message(notification) -> EmailMessage:
    """One notification, e-mailed at once."""
    user = notification.recipient
    kind = get_kind(notification.kind)
    stop_url = unsubscribe_url(user.pk, [kind.code])
    with translation.override(_language(user)), timezone.override(_zone(user.time_zone)):
        body = render_to_string(
            "notifications/email/notification.txt",
            {
                "notification": notification,
                "kind_label": kind.label,
                "link": absolute(notification.url),
                "unsubscribe_url": stop_url,
                "preferences_url": absolute(reverse("notifications:preferences")),
                "site_name": settings.SITE_NAME,
            },
        )
    return EmailMessage(
        subject=_subject(notification.title),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers=_headers(stop_url),
    )


def digest_message(user, notifications: list, *, now) -> EmailMessage:
    """The day's digest: the person's unread digest notifications, oldest first, by kind."""
    groups: dict[str, dict] = {}
    for item in notifications:
        kind = get_kind(item.kind)
        group = groups.setdefault(kind.code, {"kind": kind, "items": []})
        group["items"].append(item)
        item.link = absolute(item.url)
        # Indented under its title, so a many-line text still reads as one item.
        item.excerpt = textwrap.indent(Truncator(item.body).chars(DIGEST_EXCERPT), "  ")
    for group in groups.values():
        group["unsubscribe_url"] = unsubscribe_url(user.pk, [group["kind"].code])
    stop_all_url = unsubscribe_url(user.pk, list(groups))
    with translation.override(_language(user)), timezone.override(_zone(user.time_zone)):
        count = len(notifications)
        subject = ngettext(
            "digest of notifications: %(n)s new",
            "digest of notifications: %(n)s new",
            count,
        ) % {"n": count}
        body = render_to_string(
            "notifications/email/digest.txt",
            {
                "user": user,
                "groups": list(groups.values()),
                "count": count,
                "since": notifications[0].created_at if notifications else now,
                "now": now,
                "unsubscribe_url": stop_all_url,
                "preferences_url": absolute(reverse("notifications:preferences")),
                "centre_url": absolute(reverse("core:notifications")),
                "site_name": settings.SITE_NAME,
            },
        )
    return EmailMessage(
        subject=_subject(subject),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers=_headers(stop_all_url),
    )

"""iCalendar (RFC 5545) for one event and for a person's private calendar feed.

Lines end in CRLF and are folded at 75 octets (a continuation line starts with one space; a
UTF-8 character is never split). TEXT values escape backslash, semicolon, comma and line
breaks; other control characters are dropped. Times are in UTC with «Z». What goes in: the
title, the description, the venue, the event's address on the site, its status (CANCELLED for
a cancelled event) — never the names of organisers, speakers or participants.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from pedset.events.models import Event, EventStatus

FOLD_AT = 75
PRODID = "-//Pedset//Events//RU"
_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    value = _BREAKS.sub("\n", value or "")
    value = "".join(
        ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cs"}
    )
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets, CRLF-separated (RFC 5545 3.1)."""
    parts: list[str] = []
    current, size, limit = [], 0, FOLD_AT
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, FOLD_AT - 1  # the leading space counts
        current.append(ch)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _uid(event: Event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "pedset"
    return f"event-{event.pk}@{host}"


def event_lines(event: Event) -> list[str]:
    url = site_url(reverse("events:detail", args=[event.pk]))
    description = event.description
    if event.status == EventStatus.CANCELLED and event.cancellation_reason:
        description = f"{event.cancellation_reason}\n\n{description}".strip()
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_uid(event)}",
        f"DTSTAMP:{utc(event.updated_at or timezone.now())}",
        f"LAST-MODIFIED:{utc(event.updated_at or timezone.now())}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.title)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if event.venue:
        lines.append(f"LOCATION:{escape_text(event.venue)}")
    lines += [
        f"URL:{url}",
        "STATUS:CANCELLED" if event.status == EventStatus.CANCELLED else "STATUS:CONFIRMED",
        "END:VEVENT",
    ]
    return lines


def calendar(events: Iterable[Event], *, name: str = "") -> str:
    """A VCALENDAR with one VEVENT per event, as the text of an .ics file."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    lines.append("METHOD:PUBLISH")
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines += event_lines(event)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)

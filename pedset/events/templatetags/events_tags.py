"""Event times in the reader's zone and the community's zone, and the community page's block.

    {% load events_tags %}
    {% event_time event %}            «5 марта, 20:00–21:30 ЯКТ / 14:00–15:30 МСК»
    {% community_events_block community %}

The reader's zone is the one pedset.core.middleware activated (the profile's, else the
browser's, else Moscow). When the community's zone shows the same clock, one time is printed.
When the two zones fall on different dates, each time carries its own date:
«04:30–05:30 ЯКТ, 6 марта / 22:30–23:30 МСК, 5 марта»; a span over midnight carries both
dates («5 марта, 23:30 – 6 марта, 01:00 МСК»).
"""

from __future__ import annotations

import datetime
import zoneinfo

from django import template
from django.conf import settings
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.translation import pgettext_lazy

register = template.Library()

# Short names of the zones of Russia as people write them next to a time.
ZONE_ABBREVIATIONS = {
    "Europe/Kaliningrad": pgettext_lazy("time zone", "KALT"),
    "Europe/Moscow": pgettext_lazy("time zone", "MSK"),
    "Europe/Samara": pgettext_lazy("time zone", "SAMT"),
    "Asia/Yekaterinburg": pgettext_lazy("time zone", "YEKT"),
    "Asia/Omsk": pgettext_lazy("time zone", "OMST"),
    "Asia/Krasnoyarsk": pgettext_lazy("time zone", "KRAT"),
    "Asia/Irkutsk": pgettext_lazy("time zone", "IRKT"),
    "Asia/Yakutsk": pgettext_lazy("time zone", "YAKT"),
    "Asia/Vladivostok": pgettext_lazy("time zone", "VLAT"),
    "Asia/Magadan": pgettext_lazy("time zone", "MAGT"),
    "Asia/Kamchatka": pgettext_lazy("time zone", "PETT"),
}
# Zones that keep the same clock as a listed one (Rostov and Nalchik keep Moscow time).
ZONE_ALIASES = {
    "Europe/Simferopol": "Europe/Moscow",
    "Europe/Volgograd": "Europe/Moscow",
    "Europe/Kirov": "Europe/Moscow",
    "W-SU": "Europe/Moscow",
    "Europe/Ulyanovsk": "Europe/Samara",
    "Europe/Astrakhan": "Europe/Samara",
    "Europe/Saratov": "Europe/Samara",
    "Asia/Novosibirsk": "Asia/Krasnoyarsk",
    "Asia/Barnaul": "Asia/Krasnoyarsk",
    "Asia/Tomsk": "Asia/Krasnoyarsk",
    "Asia/Novokuznetsk": "Asia/Krasnoyarsk",
    "Asia/Chita": "Asia/Yakutsk",
    "Asia/Khandyga": "Asia/Yakutsk",
    "Asia/Ust-Nera": "Asia/Vladivostok",
    "Asia/Sakhalin": "Asia/Magadan",
    "Asia/Srednekolymsk": "Asia/Magadan",
    "Asia/Anadyr": "Asia/Kamchatka",
}


def as_zone(zone) -> zoneinfo.ZoneInfo:
    """A ZoneInfo from a zone or a zone name; an unknown name is the site's zone."""
    if isinstance(zone, datetime.tzinfo):
        return zone
    try:
        return zoneinfo.ZoneInfo(zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _zone_key(zone) -> str:
    return getattr(zone, "key", "") or str(zone)


def zone_abbreviation(zone, moment: datetime.datetime) -> str:
    """«МСК», «ЯКТ» for the zones of Russia; «UTC+5:30» (the offset at that moment) otherwise.
    Novosibirsk keeps Krasnoyarsk time but is not in Krasnoyarsk: it is shown by its offset."""
    key = _zone_key(zone)
    if key in ZONE_ABBREVIATIONS:
        return str(ZONE_ABBREVIATIONS[key])
    if ZONE_ALIASES.get(key) == "Europe/Moscow":
        return str(ZONE_ABBREVIATIONS["Europe/Moscow"])
    offset = moment.astimezone(zone).utcoffset() or datetime.timedelta()
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes > 0 else '-'}{hours}" + (f":{rest:02d}" if rest else "")


def _date(moment: datetime.datetime, now: datetime.datetime) -> str:
    """«5 марта» this year, «5 марта 2027» another year."""
    if moment.year == now.year:
        return dateformat.format(moment, "j E")
    return dateformat.format(moment, "j E Y")


def _span(starts: datetime.datetime, ends: datetime.datetime, zone, now) -> tuple[str, str]:
    """(the span in one zone, the date of its start or "" when the span carries its dates):
    («14:00–15:30 МСК», «5 марта») or, over midnight, («5 марта, 23:30 – 6 марта, 01:00 МСК», "")."""
    start, end = starts.astimezone(zone), ends.astimezone(zone)
    abbreviation = zone_abbreviation(zone, start)
    if start.date() == end.date():
        return f"{start:%H:%M}–{end:%H:%M} {abbreviation}", _date(start, now)
    return (
        f"{_date(start, now)}, {start:%H:%M} – {_date(end, now)}, {end:%H:%M} {abbreviation}",
        "",
    )


def _same_clock(zone, other, moment) -> bool:
    return moment.astimezone(zone).utcoffset() == moment.astimezone(
        other
    ).utcoffset() and zone_abbreviation(zone, moment) == zone_abbreviation(other, moment)


def event_time_text(starts, ends, reader_zone, community_zone) -> str:
    """The plain text of {% event_time %} (notifications and tests use it too)."""
    reader_zone, community_zone = as_zone(reader_zone), as_zone(community_zone)
    now = timezone.now().astimezone(reader_zone)
    reader, reader_date = _span(starts, ends, reader_zone, now)
    if _same_clock(reader_zone, community_zone, starts):
        return f"{reader_date}, {reader}" if reader_date else reader
    there, there_date = _span(starts, ends, community_zone, now)
    if reader_date and reader_date == there_date:
        return f"{reader_date}, {reader} / {there}"
    parts = [
        f"{text}, {date}" if date else text
        for text, date in ((reader, reader_date), (there, there_date))
    ]
    return " / ".join(parts)


@register.simple_tag
def event_time(event):
    """The event's start and end in the reader's zone and, if it differs, the community's."""
    text = event_time_text(
        event.starts_at,
        event.ends_at,
        timezone.get_current_timezone(),
        event.community.time_zone,
    )
    return format_html(
        '<time datetime="{}" class="event-time">{}</time>',
        event.starts_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%MZ"),
        text,
    )


@register.simple_tag
def moment_in_zones(moment, community):
    """One moment (registration closes, entries accepted until) in both zones, same style:
    «5 марта, 18:00 ЯКТ / 12:00 МСК»."""
    if moment is None:
        return ""
    reader_zone = as_zone(timezone.get_current_timezone())
    community_zone = as_zone(community.time_zone)
    now = timezone.now().astimezone(reader_zone)
    here, there = moment.astimezone(reader_zone), moment.astimezone(community_zone)
    text = f"{_date(here, now)}, {here:%H:%M} {zone_abbreviation(reader_zone, here)}"
    if _same_clock(reader_zone, community_zone, moment):
        return text
    if here.date() != there.date():
        return (
            text
            + f" / {_date(there, now)}, {there:%H:%M} {zone_abbreviation(community_zone, there)}"
        )
    return text + f" / {there:%H:%M} {zone_abbreviation(community_zone, there)}"


@register.inclusion_tag("events/_community_block.html", takes_context=True)
def community_events_block(context, community):
    """The community page's «Мероприятия»: the next three announced events, the link to all of
    them and «Создать мероприятие» for those who may."""
    from pedset.events import policies, selectors

    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "community": community,
        "events": selectors.upcoming_in_community(user, community),
        "can_create": policies.can_create_event(user, community),
        "request": request,
    }

"""The Russian production calendar and the terms counted on it (expertise deadlines and others).

Years with a Government decree on the transfer of days off are kept here as data: the weekdays
that are not working (holidays and the days off moved onto weekdays) and the Saturdays that are
working. For any other year the calendar is provisional: the holidays of the Labour Code art. 112
apply, and a holiday that falls on a weekend moves to the next working day, except the January
ones (their transfer is decided by each year's decree). Pages say so through is_provisional().

Terms follow the Civil Code: counting starts on the day after the event (art. 191); a term in
working days skips non-working days; a term in calendar days that ends on a non-working day ends
on the next working day (art. 193). The term ends at the end of its last day in the community's
time zone.

Add a year: copy the two lists of the decree (Постановление Правительства РФ о переносе
выходных дней) into DECREES and check the number of working days in the test.
"""

from __future__ import annotations

import datetime
import math
import zoneinfo
from functools import lru_cache

from django.conf import settings

CALENDAR = "calendar"
WORKING = "working"


def _days(year: int, *pairs: tuple[int, int]) -> frozenset[datetime.date]:
    return frozenset(datetime.date(year, month, day) for month, day in pairs)


def _jan(year: int, *days: int) -> list[tuple[int, int]]:
    return [(1, day) for day in days]


# year: (weekdays that are not working, Saturdays/Sundays that are working)
DECREES: dict[int, tuple[frozenset[datetime.date], frozenset[datetime.date]]] = {
    # Постановление Правительства РФ от 10.08.2023 № 1314: 248 working days.
    2024: (
        _days(
            2024,
            *_jan(2024, 1, 2, 3, 4, 5, 8),
            (2, 23),
            (3, 8),
            (4, 29),
            (4, 30),
            (5, 1),
            (5, 9),
            (5, 10),
            (6, 12),
            (11, 4),
            (12, 30),
            (12, 31),
        ),
        _days(2024, (4, 27), (11, 2), (12, 28)),
    ),
    # Постановление Правительства РФ от 04.10.2024 № 1335: 247 working days.
    2025: (
        _days(
            2025,
            *_jan(2025, 1, 2, 3, 6, 7, 8),
            (5, 1),
            (5, 2),
            (5, 8),
            (5, 9),
            (6, 12),
            (6, 13),
            (11, 3),
            (11, 4),
            (12, 31),
        ),
        _days(2025, (11, 1)),
    ),
    # The Government decree on the transfer of days off in 2026: 247 working days.
    2026: (
        _days(
            2026,
            *_jan(2026, 1, 2, 5, 6, 7, 8, 9),
            (2, 23),
            (3, 9),
            (5, 1),
            (5, 11),
            (6, 12),
            (11, 4),
            (12, 31),
        ),
        frozenset(),
    ),
}

# Labour Code art. 112: the non-working holidays.
JANUARY_HOLIDAYS = (1, 2, 3, 4, 5, 6, 7, 8)
OTHER_HOLIDAYS = ((2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4))


def is_provisional(year: int) -> bool:
    """True when no decree for the year is in the data: terms follow art. 112 only."""
    return year not in DECREES


@lru_cache(maxsize=64)
def _statutory_days_off(year: int) -> frozenset[datetime.date]:
    """Weekdays off by art. 112 alone: the holidays, and a holiday on a weekend moved to the next
    working day (January holidays are not moved: the decree decides where they go)."""
    days_off = {datetime.date(year, 1, day) for day in JANUARY_HOLIDAYS}
    holidays = {datetime.date(year, month, day) for month, day in OTHER_HOLIDAYS}
    days_off |= holidays
    for holiday in sorted(holidays):
        if holiday.weekday() < 5:
            continue
        moved = holiday + datetime.timedelta(days=1)
        while moved.weekday() >= 5 or moved in days_off:
            moved += datetime.timedelta(days=1)
        days_off.add(moved)
    return frozenset(day for day in days_off if day.weekday() < 5)


def is_working_day(day: datetime.date) -> bool:
    if isinstance(day, datetime.datetime):
        day = day.date()
    decree = DECREES.get(day.year)
    if decree is not None:
        days_off, working_weekends = decree
        if day in working_weekends:
            return True
        return day.weekday() < 5 and day not in days_off
    return day.weekday() < 5 and day not in _statutory_days_off(day.year)


def working_days_in_year(year: int) -> int:
    day, count = datetime.date(year, 1, 1), 0
    while day.year == year:
        count += is_working_day(day)
        day += datetime.timedelta(days=1)
    return count


def add_term(start: datetime.date, days: int, day_kind: str) -> datetime.date:
    """The last day of a term of ``days`` days that starts with the event on ``start``."""
    if isinstance(start, datetime.datetime):
        start = start.date()
    if days <= 0:
        return start
    one = datetime.timedelta(days=1)
    if day_kind == WORKING:
        day, counted = start, 0
        while counted < days:
            day += one
            counted += is_working_day(day)
        return day
    if day_kind != CALENDAR:
        raise ValueError(f"Unknown kind of days: {day_kind!r}")
    day = start + datetime.timedelta(days=days)
    while not is_working_day(day):
        day += one
    return day


def community_zone(community) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(community.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def term_deadline(
    community, start: datetime.datetime, days: int | None = None
) -> datetime.datetime:
    """The end of the term's last day (23:59:59.999999 in the community's zone), in UTC.

    ``days`` defaults to the community's term of expertise; the kind of days is the community's.
    """
    zone = community_zone(community)
    if days is None:
        days = community.expertise_days
    local_start = start.astimezone(zone).date()
    last_day = add_term(local_start, days, community.deadline_day_kind)
    end = datetime.datetime.combine(last_day, datetime.time.max, tzinfo=zone)
    return end.astimezone(datetime.UTC)


def days_left(deadline: datetime.datetime, now: datetime.datetime) -> int:
    """Days until the deadline, the current day counted («осталось N дн.»): at least 1 while the
    term runs. Negative once it passed: -N means «просрочено на N дн.».

    The deadline is the end of a local day, so whole 24-hour steps are whole local days."""
    seconds = (deadline - now).total_seconds()
    if seconds >= 0:
        return max(1, math.ceil(seconds / 86400))
    return -math.ceil(-seconds / 86400)

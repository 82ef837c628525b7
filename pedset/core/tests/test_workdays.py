"""The production calendar and the terms counted on it (pedset.core.workdays)."""

import datetime
import zoneinfo

import pytest

from pedset.core import workdays
from pedset.core.workdays import add_term, days_left, is_working_day, term_deadline

D = datetime.date
UTC = datetime.UTC


class Community:
    """Just the fields term_deadline reads."""

    def __init__(self, *, days=10, kind="calendar", zone="Europe/Moscow"):
        self.expertise_days, self.deadline_day_kind, self.time_zone = days, kind, zone


@pytest.mark.parametrize(("year", "expected"), [(2024, 248), (2025, 247), (2026, 247)])
def test_working_days_per_year_match_the_decrees(year, expected):
    assert workdays.working_days_in_year(year) == expected
    assert not workdays.is_provisional(year)


@pytest.mark.parametrize(
    "day",
    [
        D(2024, 1, 8),
        D(2024, 4, 29),
        D(2024, 12, 30),
        D(2025, 1, 8),
        D(2025, 5, 2),
        D(2025, 6, 13),
        D(2025, 11, 3),
        D(2025, 12, 31),
        D(2026, 1, 9),
        D(2026, 3, 9),
        D(2026, 5, 11),
        D(2026, 12, 31),
    ],
)
def test_days_off_moved_onto_weekdays(day):
    assert day.weekday() < 5 and not is_working_day(day)


@pytest.mark.parametrize("day", [D(2024, 4, 27), D(2024, 11, 2), D(2024, 12, 28), D(2025, 11, 1)])
def test_transferred_working_saturdays(day):
    assert day.weekday() == 5 and is_working_day(day)


def test_an_ordinary_saturday_is_not_working():
    assert not is_working_day(D(2025, 11, 8))
    assert is_working_day(D(2025, 11, 5))


def test_working_days_across_the_new_year_holidays():
    # Given a material assigned on Friday 26 December 2025, 10 working days:
    # 29, 30 December; 31 December and 1–11 January are off; then 12–16, 19, 20, 21 January.
    assert add_term(D(2025, 12, 26), 10, "working") == D(2026, 1, 21)


def test_transferred_saturday_counts_as_a_working_day():
    # Friday 31 October 2025 + 1 working day: Saturday 1 November is working (3, 4 are off).
    assert add_term(D(2025, 10, 31), 1, "working") == D(2025, 11, 1)
    assert add_term(D(2025, 10, 31), 2, "working") == D(2025, 11, 5)
    # Friday 27 December 2024 + 1 working day = Saturday 28 December.
    assert add_term(D(2024, 12, 27), 1, "working") == D(2024, 12, 28)
    assert add_term(D(2024, 12, 27), 2, "working") == D(2025, 1, 9)


def test_counting_starts_the_next_day():
    # Monday + 1 working day = Tuesday (art. 191), + 1 calendar day = Tuesday.
    assert add_term(D(2025, 9, 15), 1, "working") == D(2025, 9, 16)
    assert add_term(D(2025, 9, 15), 1, "calendar") == D(2025, 9, 16)
    assert add_term(D(2025, 9, 15), 0, "calendar") == D(2025, 9, 15)


def test_calendar_term_ending_on_a_holiday_moves_to_the_next_working_day():
    # 21 April 2024 + 10 calendar days = 1 May, a holiday → 2 May (a working Thursday).
    assert add_term(D(2024, 4, 21), 10, "calendar") == D(2024, 5, 2)
    # 24 December 2025 + 10 calendar days = 3 January 2026 (off) → 12 January.
    assert add_term(D(2025, 12, 24), 10, "calendar") == D(2026, 1, 12)
    # Ending on a Saturday → Monday.
    assert add_term(D(2025, 9, 10), 10, "calendar") == D(2025, 9, 22)
    # A calendar term ending on a working day stays there.
    assert add_term(D(2025, 9, 1), 10, "calendar") == D(2025, 9, 11)


def test_unknown_kind_of_days_is_an_error():
    with pytest.raises(ValueError, match="Unknown kind"):
        add_term(D(2025, 9, 1), 3, "lunar")


def test_years_without_a_decree_follow_article_112():
    # 2027 has no decree in the data: provisional.
    assert workdays.is_provisional(2027)
    # 8 March 2027 is a Monday holiday; 9 May 2027 is a Sunday → Monday 10 May off.
    assert not is_working_day(D(2027, 3, 8))
    assert not is_working_day(D(2027, 5, 10))
    # 12 June 2027 is a Saturday → Monday 14 June off.
    assert not is_working_day(D(2027, 6, 14))
    # January holidays on a weekend are not moved by the code: 11 January 2027 works.
    assert not is_working_day(D(2027, 1, 8))
    assert is_working_day(D(2027, 1, 11))


def test_deadline_is_the_end_of_the_last_day_in_the_community_zone():
    # Given a Moscow community, 10 calendar days, assigned 1 September 2025 at 15:00 Moscow
    moscow = zoneinfo.ZoneInfo("Europe/Moscow")
    start = datetime.datetime(2025, 9, 1, 15, 0, tzinfo=moscow)
    deadline = term_deadline(Community(), start)
    # Then the term ends on 11 September 23:59:59.999999 Moscow = 20:59:59.999999 UTC
    assert deadline.tzinfo == UTC
    assert deadline == datetime.datetime(2025, 9, 11, 20, 59, 59, 999999, tzinfo=UTC)


def test_deadline_in_yakutsk_time():
    # Given a UTC+9 community; the assignment is at 23:30 UTC on 1 September = 2 September local
    start = datetime.datetime(2025, 9, 1, 23, 30, tzinfo=UTC)
    deadline = term_deadline(Community(zone="Asia/Yakutsk", days=3, kind="working"), start)
    # Then counting starts on 3 September local: 3, 4, 5 → Friday 5 September 23:59 Yakutsk
    local = deadline.astimezone(zoneinfo.ZoneInfo("Asia/Yakutsk"))
    assert (local.date(), local.hour, local.minute) == (D(2025, 9, 5), 23, 59)
    assert deadline == datetime.datetime(2025, 9, 5, 14, 59, 59, 999999, tzinfo=UTC)


def test_deadline_days_override_and_working_kind():
    start = datetime.datetime(2025, 12, 26, 9, 0, tzinfo=UTC)
    deadline = term_deadline(Community(kind="working"), start, days=10)
    assert deadline.astimezone(zoneinfo.ZoneInfo("Europe/Moscow")).date() == D(2026, 1, 21)


def test_a_bad_zone_falls_back_to_the_platform_zone(settings):
    start = datetime.datetime(2025, 9, 1, 12, 0, tzinfo=UTC)
    assert term_deadline(Community(zone="Mars/Olympus"), start) == term_deadline(
        Community(zone=settings.TIME_ZONE), start
    )


def test_days_left_and_overdue():
    deadline = datetime.datetime(2025, 9, 11, 20, 59, 59, 999999, tzinfo=UTC)
    # On the last day itself: 1 day left (today)
    assert days_left(deadline, datetime.datetime(2025, 9, 11, 6, 0, tzinfo=UTC)) == 1
    assert days_left(deadline, datetime.datetime(2025, 9, 9, 6, 0, tzinfo=UTC)) == 3
    # A minute after the end: overdue by 1 day; in the third day after it: by 3
    assert days_left(deadline, datetime.datetime(2025, 9, 11, 21, 1, tzinfo=UTC)) == -1
    assert days_left(deadline, datetime.datetime(2025, 9, 13, 21, 1, tzinfo=UTC)) == -3

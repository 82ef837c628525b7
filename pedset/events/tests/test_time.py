"""Event times in the reader's zone and the community's zone."""

import datetime

import pytest
import time_machine
from django.template import Context, Template
from django.utils import timezone

from pedset.events.templatetags.events_tags import event_time_text, zone_abbreviation
from pedset.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UTC)


@time_machine.travel(at(2026, 2, 1, 9), tick=False)
def test_yakutia_reader_of_a_rostov_event_across_the_date_line():
    # given an event of a Rostov community (Moscow time) at 22:30–23:30 on 5 March,
    # which is 04:30–05:30 on 6 March in Yakutsk
    starts = at(2026, 3, 5, 19, 30)
    # when a reader in Yakutsk sees it, then each time carries its own date
    text = event_time_text(
        starts, starts + datetime.timedelta(hours=1), "Asia/Yakutsk", "Europe/Moscow"
    )
    assert text == "04:30–05:30 ЯКТ, 6 марта / 22:30–23:30 МСК, 5 марта"
    # and a Moscow reader sees one time only
    assert (
        event_time_text(
            starts, starts + datetime.timedelta(hours=1), "Europe/Moscow", "Europe/Moscow"
        )
        == "5 марта, 22:30–23:30 МСК"
    )


@time_machine.travel(at(2026, 2, 1, 9), tick=False)
def test_same_date_in_both_zones_is_written_once():
    starts = at(2026, 3, 5, 11)  # 14:00 in Moscow, 20:00 in Yakutsk
    text = event_time_text(
        starts, starts + datetime.timedelta(minutes=90), "Europe/Moscow", "Asia/Yakutsk"
    )
    assert text == "5 марта, 14:00–15:30 МСК / 20:00–21:30 ЯКТ"


@time_machine.travel(at(2026, 2, 1, 9), tick=False)
def test_a_span_over_midnight_and_another_year():
    starts = at(2027, 1, 10, 20, 30)  # 23:30 in Moscow, 01:00 next day
    text = event_time_text(
        starts, starts + datetime.timedelta(minutes=90), "Europe/Moscow", "Asia/Krasnoyarsk"
    )
    assert (
        text
        == "10 января 2027, 23:30 – 11 января 2027, 01:00 МСК / 03:30–05:00 КРАТ, 11 января 2027"
    )


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Europe/Kaliningrad", "КАЛТ"),
        ("Europe/Samara", "САМТ"),
        ("Asia/Yekaterinburg", "ЕКАТ"),
        ("Asia/Omsk", "ОМСК"),
        ("Asia/Irkutsk", "ИРКТ"),
        ("Asia/Vladivostok", "ВЛАТ"),
        ("Asia/Magadan", "МАГТ"),
        ("Asia/Kamchatka", "ПЕТТ"),
        ("Europe/Volgograd", "МСК"),
        ("Asia/Novosibirsk", "UTC+7"),
        ("Asia/Kolkata", "UTC+5:30"),
        ("America/New_York", "UTC-5"),
        ("UTC", "UTC"),
    ],
)
def test_zone_abbreviations(zone, expected):
    import zoneinfo

    assert zone_abbreviation(zoneinfo.ZoneInfo(zone), at(2026, 1, 15, 12)) == expected


@time_machine.travel(at(2026, 2, 1, 9), tick=False)
def test_the_tag_uses_the_active_zone_and_the_community_zone():
    # given a community in Krasnoyarsk and an event at 10:00 there
    event = EventFactory(
        community__time_zone="Asia/Krasnoyarsk",
        starts_at=at(2026, 3, 5, 3),
        ends_at=at(2026, 3, 5, 4),
    )
    template = Template("{% load events_tags %}{% event_time event %}")
    # when a Moscow reader's page renders it
    with timezone.override("Europe/Moscow"):
        html = template.render(Context({"event": event}))
    # then both clocks are shown, with a machine-readable start
    assert "5 марта, 06:00–07:00 МСК / 10:00–11:00 КРАТ" in html
    assert 'datetime="2026-03-05T03:00Z"' in html


def test_yakutia_reader_sees_both_zones_on_the_event_page(client, django_user_model):
    from pedset.communities.tests.factories import MembershipFactory

    # given a Yakutia member of a Rostov community and its event at 22:30 Moscow time
    with time_machine.travel(at(2026, 2, 1, 9), tick=False):
        event = EventFactory(
            community__time_zone="Europe/Moscow",
            starts_at=at(2026, 3, 5, 19, 30),
            ends_at=at(2026, 3, 5, 20, 30),
        )
        reader = MembershipFactory(community=event.community).user
        reader.time_zone = "Asia/Yakutsk"
        reader.save()
        client.force_login(reader)
        # when they open the event's page
        html = client.get(f"/events/{event.pk}/").content.decode()
    # then the time is shown in Yakutsk first and in Moscow after, each with its date
    assert "04:30–05:30 ЯКТ, 6 марта / 22:30–23:30 МСК, 5 марта" in html

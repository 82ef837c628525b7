"""iCalendar files: one event's file and the private calendar feed, read back with a small
RFC 5545 parser (unfolding, unescaping), and the feed's privacy."""

import datetime
import re

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.tests.factories import MembershipFactory
from pedset.events import ics, services
from pedset.events.models import Event, EventRole, EventStatus, RegistrationStatus
from pedset.events.tests.factories import EventFactory, event_person, past_event, registered

pytestmark = pytest.mark.django_db


# --- A tiny RFC 5545 reader --------------------------------------------------------------------


def unfold(text: str) -> list[str]:
    """Content lines: every physical line ends in CRLF, is at most 75 octets, and a line
    starting with a space continues the previous one."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert "\n" not in line and "\r" not in line
        assert len(line.encode("utf-8")) <= 75, line
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            following = value[i + 1]
            out.append("\n" if following in "nN" else following)
            i += 2
        else:
            assert ch not in ",;", f"unescaped {ch!r} in {value!r}"
            out.append(ch)
            i += 1
    return "".join(out)


def parse(text: str) -> list[dict]:
    """The VEVENTs as {name: value} (values unescaped for TEXT properties)."""
    events, current = [], None
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    for line in lines:
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            if name in {"SUMMARY", "DESCRIPTION", "LOCATION"}:
                value = unescape(value)
            current[name] = value
    return events


def utc(value: str) -> datetime.datetime:
    assert re.fullmatch(r"\d{8}T\d{6}Z", value), value
    return datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)


# --- One event ---------------------------------------------------------------------------------


def test_the_event_file_reads_back(client, settings):
    settings.SITE_URL = "https://pedset.example.ru"
    event = EventFactory(
        title="Вебинар: «Читаем, считаем; думаем», часть 1",
        description="Первая строка\nВторая строка; с запятой, и \\ обратной чертой",
        venue="МБОУ СОШ № 2, каб. 14",
    )
    response = client.get(f"/events/{event.pk}/event.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    (vevent,) = parse(response.content.decode("utf-8"))
    assert vevent["SUMMARY"] == event.title
    assert vevent["DESCRIPTION"] == event.description
    assert vevent["LOCATION"] == event.venue
    assert utc(vevent["DTSTART"]) == event.starts_at
    assert utc(vevent["DTEND"]) == event.ends_at
    assert utc(vevent["DTSTAMP"])
    assert vevent["UID"] == f"event-{event.pk}@pedset.example.ru"
    assert vevent["URL"] == f"https://pedset.example.ru/events/{event.pk}/"
    assert vevent["STATUS"] == "CONFIRMED"


def test_a_cancelled_event_says_so(client):
    event = EventFactory(status=EventStatus.CANCELLED, cancellation_reason="Карантин")
    (vevent,) = parse(client.get(f"/events/{event.pk}/event.ics").content.decode())
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["DESCRIPTION"].startswith("Карантин")


def test_a_draft_file_is_not_found_by_outsiders(client):
    event = EventFactory(status=EventStatus.DRAFT)
    assert client.get(f"/events/{event.pk}/event.ics").status_code == 404
    client.force_login(MembershipFactory(community=event.community).user)
    assert client.get(f"/events/{event.pk}/event.ics").status_code == 404
    client.force_login(event.created_by)
    assert client.get(f"/events/{event.pk}/event.ics").status_code == 200


TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("Аабвгдеёжзийклмнопрстуфхцчшщъыьэюя ,;:\\\n\r\t\"'«»—№")),
        st.characters(blacklist_categories=("Cs",)),
    ),
    min_size=1,
    max_size=400,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TEXT, description=TEXT)
def test_any_text_is_folded_and_escaped_and_reads_back(title, description):
    # given any title and description (Cyrillic, commas, semicolons, backslashes, line breaks)
    event = Event(
        pk=7,
        title=title,
        description=description,
        starts_at=timezone.now(),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
        updated_at=timezone.now(),
    )
    # when it is written to a calendar and read back
    (vevent,) = parse(ics.calendar([event]))

    # then the text is the same, line breaks normalised and control characters dropped
    def expected(text):
        text = re.sub(r"\r\n|\r|\n|\u2028|\u2029|\x85", "\n", text)
        return "".join(
            ch for ch in text if ch in "\n\t" or not (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F)
        )

    assert vevent["SUMMARY"] == expected(title)
    if expected(description):
        assert vevent["DESCRIPTION"] == expected(description)


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "Ж" * 100 + "x" + "漢" * 50
    folded = ics.fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
        part.encode("utf-8").decode("utf-8")
    assert folded.replace("\r\n ", "") == line


# --- The private feed --------------------------------------------------------------------------


def test_the_feed_lists_my_events_only(client):
    # given a member registered for one event, waiting for another, organising a third,
    # having cancelled a fourth; an old event and a draft; and another person's event
    member = UserFactory()
    mine = EventFactory(title="Зарегистрирован")
    MembershipFactory(community=mine.community, user=member)
    registered(mine, member)
    waiting = EventFactory(community=mine.community, title="Жду места")
    registered(waiting, member, status=RegistrationStatus.WAITLISTED)
    running = EventFactory(community=mine.community, title="Организую")
    event_person(running, EventRole.ORGANISER, user=member)
    given_up = EventFactory(community=mine.community, title="Отменил регистрацию")
    registered(given_up, member, status=RegistrationStatus.CANCELLED)
    old = EventFactory(
        community=mine.community,
        title="Давнее",
        starts_at=timezone.now() - datetime.timedelta(days=40),
        ends_at=timezone.now() - datetime.timedelta(days=40, hours=-1),
    )
    registered(old, member)
    recent = past_event(community=mine.community, title="Вчерашнее")
    registered(recent, member)
    draft = EventFactory(community=mine.community, title="Черновик", status=EventStatus.DRAFT)
    event_person(draft, EventRole.ORGANISER, user=member)
    cancelled = EventFactory(
        community=mine.community, title="Отменённое", status=EventStatus.CANCELLED
    )
    registered(cancelled, member)
    registered(EventFactory(community=mine.community, title="Чужое"))
    feed = services.calendar_feed_for(member)
    # when the calendar asks for the feed (no login)
    response = client.get(f"/events/feed/{feed.token}.ics")
    # then it lists exactly my events from 30 days ago on, the cancelled one marked
    assert response.status_code == 200
    events = {e["SUMMARY"]: e for e in parse(response.content.decode())}
    assert set(events) == {"Зарегистрирован", "Жду места", "Организую", "Вчерашнее", "Отменённое"}
    assert events["Отменённое"]["STATUS"] == "CANCELLED"


def test_the_feed_names_nobody(client):
    # given an event with organisers, speakers and participants
    member = UserFactory(last_name="Самойлова")
    event = EventFactory(title="Открытый микрофон")
    MembershipFactory(community=event.community, user=member)
    registered(event, member)
    speaker = event_person(event, EventRole.SPEAKER, topic="Опыт наставничества").user
    other = registered(event).user
    feed = services.calendar_feed_for(member)
    text = client.get(f"/events/feed/{feed.token}.ics").content.decode()
    unfolded = "".join(unfold(text))
    # then no name or e-mail of anybody appears in it
    for person in (member, speaker, other):
        for value in (person.last_name, person.first_name, person.email):
            assert value not in unfolded


def test_unknown_reset_and_inactive_feeds_are_not_found(client):
    member = UserFactory()
    old = services.calendar_feed_for(member)
    assert client.get("/events/feed/no-such-token.ics").status_code == 404
    assert client.get(f"/events/feed/{'x' * 70}.ics").status_code == 404
    # when the address is reset, the old one stops working
    new = services.calendar_feed_reset(actor=member)
    assert client.get(f"/events/feed/{old.token}.ics").status_code == 404
    assert client.get(f"/events/feed/{new.token}.ics").status_code == 200
    # and an inactive account's feed answers nothing
    member.is_active = False
    member.save()
    assert client.get(f"/events/feed/{new.token}.ics").status_code == 404

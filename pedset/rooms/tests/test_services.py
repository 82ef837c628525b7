"""Setting up, entering and ending rooms; attendance from joins; recordings."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.models import Role
from pedset.communities.tests.factories import MembershipFactory
from pedset.core.models import AuditEvent
from pedset.events.models import Audience, EventRole, EventStatus, Registration, RegistrationStatus
from pedset.events.tests.factories import EventFactory, event_person, registered
from pedset.moderation.models import Suspension
from pedset.rooms import services
from pedset.rooms.models import Provider, Room, RoomJoin
from pedset.rooms.services import ActionRefused, RoomUnavailable
from pedset.rooms.tests.factories import closes_at, opens_at, room_for

pytestmark = pytest.mark.django_db

LINK = "https://telemost.yandex.ru/j/12345678901234"


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def coordinator(event):
    return MembershipFactory(community=event.community, role=Role.COORDINATOR).user


@pytest.fixture
def participant(event):
    return registered(event).user


def _during(event):
    return time_machine.travel(event.starts_at + datetime.timedelta(minutes=5), tick=False)


# --- Setting up ---------------------------------------------------------------------------------


def test_only_a_plain_link_without_conferencing_servers(no_conferencing):
    assert services.available_providers() == [Provider.LINK]


def test_servers_are_offered_when_set_up(bbb, jitsi_settings):
    assert services.available_providers() == [Provider.BIGBLUEBUTTON, Provider.JITSI, Provider.LINK]


def test_bbb_needs_both_address_and_secret(settings):
    settings.BBB_URL, settings.BBB_SECRET, settings.JITSI_URL = (
        "https://bbb.example.ru/bigbluebutton/",
        "",
        "",
    )
    assert services.available_providers() == [Provider.LINK]


def test_configure_a_link(event, coordinator, no_conferencing):
    # given a coordinator, when they set up a link room, then it is kept with a random meeting id
    room = services.room_configure(
        actor=coordinator, event=event, provider=Provider.LINK, external_url=f"  {LINK} "
    )
    assert room.provider == Provider.LINK and room.external_url == LINK
    assert room.meeting_id.startswith("pedset-") and len(room.meeting_id) == 39
    # and the audit log has the provider but not the link
    audit = AuditEvent.objects.get(action="room_configured")
    assert audit.actor == coordinator and audit.data == {"provider": "link"}
    assert LINK not in str(audit.data)


def test_configure_bbb_makes_random_secrets_and_keeps_them(event, coordinator, bbb):
    room = services.room_configure(actor=coordinator, event=event, provider=Provider.BIGBLUEBUTTON)
    assert len(room.attendee_secret) == 32 and len(room.moderator_secret) == 32
    assert room.attendee_secret != room.moderator_secret
    again = services.room_configure(actor=coordinator, event=event, provider=Provider.BIGBLUEBUTTON)
    assert (again.pk, again.meeting_id, again.moderator_secret) == (
        room.pk,
        room.meeting_id,
        room.moderator_secret,
    )
    assert Room.objects.count() == 1


def test_meeting_ids_are_not_derived_from_the_event(coordinator, no_conferencing):
    first = EventFactory(
        community=MembershipFactory(user=coordinator, role=Role.COORDINATOR).community
    )
    second = EventFactory(community=first.community, title=first.title)
    ids = {
        services.room_configure(
            actor=coordinator, event=e, provider=Provider.LINK, external_url=LINK
        ).meeting_id
        for e in (first, second)
    }
    assert len(ids) == 2


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Give the link"),
        ("   ", "Give the link"),
        ("javascript:alert(1)", "web address"),
        ("ftp://example.ru/room", "web address"),
        ("telemost.yandex.ru/j/1", "web address"),
        ("https://example.ru/" + "a" * 500, "too long"),
    ],
)
def test_a_bad_link_is_refused_and_nothing_is_kept(
    event, coordinator, no_conferencing, url, message
):
    with translation.override("en"), pytest.raises(ActionRefused, match=message):
        services.room_configure(
            actor=coordinator, event=event, provider=Provider.LINK, external_url=url
        )
    assert (
        not Room.objects.exists()
        and not AuditEvent.objects.filter(action="room_configured").exists()
    )


def test_a_provider_not_set_up_is_refused(event, coordinator, no_conferencing):
    for provider in (Provider.BIGBLUEBUTTON, Provider.JITSI, "zoom"):
        with pytest.raises(ActionRefused):
            services.room_configure(actor=coordinator, event=event, provider=provider)
    assert not Room.objects.exists()


def test_members_and_forms_without_a_room_are_refused(
    event, participant, coordinator, no_conferencing
):
    with pytest.raises(PermissionDenied):
        services.room_configure(
            actor=participant, event=event, provider=Provider.LINK, external_url=LINK
        )
    contest = EventFactory(community=event.community, form="contest")
    with pytest.raises(PermissionDenied):
        services.room_configure(
            actor=coordinator, event=contest, provider=Provider.LINK, external_url=LINK
        )
    assert not Room.objects.exists()


def test_the_events_organiser_may_configure(event, no_conferencing):
    organiser = event_person(event, EventRole.ORGANISER).user
    room = services.room_configure(
        actor=organiser, event=event, provider=Provider.LINK, external_url=LINK
    )
    assert room.event == event


# --- Who enters -----------------------------------------------------------------------------------


def test_a_registered_participant_enters_as_a_viewer_and_is_marked_attended(
    event, participant, no_conferencing
):
    room_for(event)
    with _during(event):
        url = services.room_join(user=participant, event=event)
    assert url == LINK
    join = RoomJoin.objects.get()
    assert (join.room.event, join.user, join.as_moderator) == (event, participant, False)
    registration = Registration.objects.get(event=event, user=participant)
    assert registration.attended_at == event.starts_at + datetime.timedelta(minutes=5)
    assert registration.attendance_source == "room"


def test_attendance_is_marked_once_while_every_join_is_recorded(
    event, participant, no_conferencing
):
    room_for(event)
    with _during(event):
        services.room_join(user=participant, event=event)
    first = Registration.objects.get(user=participant).attended_at
    with time_machine.travel(event.starts_at + datetime.timedelta(minutes=40), tick=False):
        services.room_join(user=participant, event=event)
    assert Registration.objects.get(user=participant).attended_at == first
    assert RoomJoin.objects.filter(user=participant).count() == 2
    event.refresh_from_db()
    assert event.registered_count == 1


@pytest.mark.parametrize(
    "kind", ["organiser", "speaker", "coordinator", "community_admin", "platform_admin"]
)
def test_people_who_run_the_event_enter_as_moderators_and_are_not_participants(
    event, make_person, no_conferencing, kind
):
    if kind in {"organiser", "speaker"}:
        user = event_person(event, kind).user
    else:
        user = make_person(kind, event.community)
    room_for(event)
    with _during(event):
        assert services.room_join(user=user, event=event) == LINK
    assert RoomJoin.objects.get(user=user).as_moderator is True
    assert not Registration.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    "kind", ["anonymous", "registered", "pending", "member", "education_authority", "revoked"]
)
def test_people_without_a_registration_are_refused(event, make_person, no_conferencing, kind):
    user = make_person(kind, event.community)
    room_for(event)
    with _during(event), pytest.raises(PermissionDenied):
        services.room_join(user=user, event=event)
    assert not RoomJoin.objects.exists()


def test_the_waiting_list_and_cancelled_registrations_do_not_enter(event, no_conferencing):
    waiting = registered(event, status=RegistrationStatus.WAITLISTED).user
    cancelled = registered(event, status=RegistrationStatus.CANCELLED).user
    room_for(event)
    for user in (waiting, cancelled):
        with _during(event), pytest.raises(PermissionDenied):
            services.room_join(user=user, event=event)
    assert not RoomJoin.objects.exists()
    assert not Registration.objects.filter(attended_at__isnull=False).exists()


def test_a_suspended_participant_does_not_enter(event, participant, no_conferencing):
    Suspension.objects.create(
        community=event.community,
        user=participant,
        reason="Оскорбления",
        ends_at=timezone.now() + datetime.timedelta(days=30),
    )
    room_for(event)
    with _during(event), pytest.raises(PermissionDenied):
        services.room_join(user=participant, event=event)


def test_a_participant_who_left_the_community_does_not_enter(event, participant, no_conferencing):
    participant.memberships.update(status="left")
    room_for(event)
    with _during(event), pytest.raises(PermissionDenied):
        services.room_join(user=participant, event=event)


def test_without_registration_the_audience_enters_and_is_registered_as_attended(no_conferencing):
    event = EventFactory(registration_required=False)
    member = MembershipFactory(community=event.community).user
    outsider = UserFactory()
    room_for(event)
    with _during(event):
        assert services.room_join(user=member, event=event) == LINK
        with pytest.raises(PermissionDenied):
            services.room_join(user=outsider, event=event)
    registration = Registration.objects.get(event=event)
    assert registration.user == member and registration.status == RegistrationStatus.REGISTERED
    assert registration.attendance_source == "room"


def test_an_event_for_everyone_lets_in_any_registered_user(no_conferencing):
    event = EventFactory(audience=Audience.EVERYONE)
    guest = registered(event, UserFactory()).user
    room_for(event)
    with _during(event):
        assert services.room_join(user=guest, event=event) == LINK


def test_a_cancelled_event_has_no_room(event, participant, coordinator, no_conferencing):
    room_for(event)
    event.status = EventStatus.CANCELLED
    event.save()
    for user in (participant, coordinator):
        with _during(event), pytest.raises(PermissionDenied):
            services.room_join(user=user, event=event)


def test_no_room_set_up_yet(event, participant, no_conferencing):
    with (
        _during(event),
        translation.override("en"),
        pytest.raises(ActionRefused, match="not set up"),
    ):
        services.room_join(user=participant, event=event)


# --- The window ---------------------------------------------------------------------------------


def test_window_edges(event, participant, no_conferencing, settings):
    # given the defaults: 15 minutes before the start, 30 minutes after the end
    assert (settings.ROOM_OPENS_MINUTES_BEFORE, settings.ROOM_CLOSES_MINUTES_AFTER) == (15, 30)
    room_for(event)
    second = datetime.timedelta(seconds=1)
    refused_before = opens_at(event) - second
    refused_after = closes_at(event) + second
    for moment in (refused_before, refused_after):
        with time_machine.travel(moment, tick=False), pytest.raises(ActionRefused):
            services.room_join(user=participant, event=event)
    assert not RoomJoin.objects.exists()
    for moment in (opens_at(event), event.starts_at, event.ends_at, closes_at(event)):
        with time_machine.travel(moment, tick=False):
            assert services.room_join(user=participant, event=event) == LINK
    assert RoomJoin.objects.count() == 4


def test_the_window_applies_to_moderators_too(event, coordinator, no_conferencing):
    room_for(event)
    with (
        time_machine.travel(opens_at(event) - datetime.timedelta(minutes=1), tick=False),
        pytest.raises(ActionRefused),
    ):
        services.room_join(user=coordinator, event=event)


def test_the_message_before_the_window_says_when_it_opens_in_the_readers_zone(
    participant, no_conferencing
):
    # given an event at 14:00 Moscow time today, a reader in Moscow at 10:00
    moscow = datetime.timezone(datetime.timedelta(hours=3))
    event = EventFactory(
        starts_at=datetime.datetime(2026, 10, 5, 14, 0, tzinfo=moscow),
        ends_at=datetime.datetime(2026, 10, 5, 15, 30, tzinfo=moscow),
    )
    person = registered(event).user
    room_for(event)
    with (
        time_machine.travel(datetime.datetime(2026, 10, 5, 10, 0, tzinfo=moscow), tick=False),
        translation.override("ru"),
        timezone.override("Europe/Moscow"),
        pytest.raises(ActionRefused) as refused,
    ):
        services.room_join(user=person, event=event)
    assert refused.value.message == "Вход в комнату откроется за 15 минут до начала (в 13:45 МСК)."
    # and a reader in Yakutsk the day before sees the date and their own zone
    with (
        time_machine.travel(datetime.datetime(2026, 10, 4, 10, 0, tzinfo=moscow), tick=False),
        translation.override("ru"),
        timezone.override("Asia/Yakutsk"),
        pytest.raises(ActionRefused) as refused,
    ):
        services.room_join(user=person, event=event)
    assert refused.value.message == (
        "Вход в комнату откроется за 15 минут до начала (5 октября в 19:45 ЯКТ)."
    )


# --- BigBlueButton --------------------------------------------------------------------------------


@pytest.fixture
def bbb_room(event, coordinator, bbb):
    return services.room_configure(actor=coordinator, event=event, provider=Provider.BIGBLUEBUTTON)


def test_the_first_join_creates_the_meeting_and_returns_a_signed_viewer_url(
    event, participant, bbb, bbb_room
):
    participant.last_name, participant.first_name, participant.patronymic = (
        "Козлова",
        "Анна",
        "Сергеевна",
    )
    participant.save()
    with _during(event):
        url = services.room_join(user=participant, event=event)
    # then the server got create with the room's passwords and the event's title
    create = bbb.calls("create")[0]
    assert create.accepted
    assert create.params["meetingID"] == bbb_room.meeting_id
    assert create.params["name"] == event.title
    assert create.params["attendeePW"] == bbb_room.attendee_secret
    assert create.params["moderatorPW"] == bbb_room.moderator_secret
    assert create.params["record"] == "true"
    assert create.params["logoutURL"].endswith(f"/events/{event.pk}/")
    assert create.params["meta_pedset-event"] == str(event.pk)
    # and the person's URL is the join call, signed, as a viewer with the attendee password
    parts = urlsplit(url)
    assert url.startswith(bbb.url + "api/join?")
    params = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert params["role"] == "VIEWER" and params["password"] == bbb_room.attendee_secret
    assert params["fullName"] == "Козлова Анна Сергеевна"
    assert params["redirect"] == "true" and params["userID"] == f"pedset-{participant.pk}"
    assert bbb.verify("join", parts.query)[0] is True
    # and the join itself was not fetched by the platform
    assert not bbb.calls("join")
    bbb_room.refresh_from_db()
    assert bbb_room.created_on_server_at is not None
    assert Registration.objects.get(user=participant).attended_at is not None


def test_a_moderator_gets_the_moderator_role(event, coordinator, bbb, bbb_room):
    with _during(event):
        url = services.room_join(user=coordinator, event=event)
    params = parse_qs(urlsplit(url).query)
    assert params["role"] == ["MODERATOR"] and params["password"] == [bbb_room.moderator_secret]


def test_every_join_calls_create_and_the_server_keeps_one_meeting(
    event, participant, coordinator, bbb, bbb_room
):
    with _during(event):
        services.room_join(user=coordinator, event=event)
        services.room_join(user=participant, event=event)
    assert len(bbb.calls("create")) == 2 and len(bbb.meetings) == 1


def test_bbb_down_is_a_message_and_nothing_is_recorded(event, participant, bbb, bbb_room, settings):
    bbb.mode, bbb.slow_seconds = "slow", 2
    settings.ROOM_HTTP_TIMEOUT = 0.2
    with _during(event), translation.override("ru"), pytest.raises(RoomUnavailable) as refused:
        services.room_join(user=participant, event=event)
    assert refused.value.message == "Сервер вебинаров не отвечает, попробуйте через минуту."
    assert not RoomJoin.objects.exists()
    assert Registration.objects.get(user=participant).attended_at is None


def test_bbb_removed_from_the_settings_is_unavailable(event, participant, bbb, bbb_room, settings):
    settings.BBB_URL = ""
    with _during(event), pytest.raises(RoomUnavailable):
        services.room_join(user=participant, event=event)


def test_end_ends_the_meeting_and_participants_wait_for_a_moderator(
    event, participant, coordinator, bbb, bbb_room
):
    with _during(event):
        services.room_join(user=coordinator, event=event)
        services.room_end(actor=coordinator, event=event)
        assert bbb.meetings[bbb_room.meeting_id].running is False
        assert bbb.calls("end")[0].params["password"] == bbb_room.moderator_secret
        with pytest.raises(ActionRefused):
            services.room_join(user=participant, event=event)
        # when a moderator enters again, the meeting is created again and participants follow
        services.room_join(user=coordinator, event=event)
        services.room_join(user=participant, event=event)
    assert bbb.meetings[bbb_room.meeting_id].running is True
    assert AuditEvent.objects.get(action="room_ended").data == {
        "provider": "bbb",
        "was_running": True,
    }


def test_only_those_who_run_the_event_end_it(event, participant, bbb, bbb_room):
    with _during(event), pytest.raises(PermissionDenied):
        services.room_end(actor=participant, event=event)
    assert not bbb.calls("end")


def test_recordings_fetch_saves_the_first_published_playback(event, coordinator, bbb, bbb_room):
    bbb.recordings[bbb_room.meeting_id] = [
        {
            "record_id": "r2",
            "start_time": 2000,
            "formats": [("presentation", "https://bbb.example.ru/playback/r2")],
        },
        {
            "record_id": "r1",
            "start_time": 1000,
            "formats": [("presentation", "https://bbb.example.ru/playback/r1")],
        },
        {
            "record_id": "r0",
            "start_time": 10,
            "published": False,
            "formats": [("presentation", "https://bbb.example.ru/playback/r0")],
        },
    ]
    url = services.recordings_fetch(actor=coordinator, event=event)
    assert url == "https://bbb.example.ru/playback/r1"
    event.refresh_from_db()
    assert event.recording_url == url
    assert AuditEvent.objects.filter(action="room_recording_saved").count() == 1
    # a second fetch changes nothing and writes nothing
    services.recordings_fetch(actor=coordinator, event=event)
    assert AuditEvent.objects.filter(action="room_recording_saved").count() == 1


def test_no_recording_yet_keeps_the_event_as_it_is(event, coordinator, bbb, bbb_room):
    assert services.recordings_fetch(actor=coordinator, event=event) == ""
    event.refresh_from_db()
    assert event.recording_url == ""


def test_a_recording_url_that_is_not_a_web_address_is_refused(event, coordinator, bbb, bbb_room):
    bbb.recordings[bbb_room.meeting_id] = [
        {"record_id": "r", "formats": [("presentation", "javascript:alert(1)")]}
    ]
    with pytest.raises(RoomUnavailable):
        services.recordings_fetch(actor=coordinator, event=event)
    event.refresh_from_db()
    assert event.recording_url == ""


def test_recordings_only_from_bbb(event, coordinator, no_conferencing):
    room_for(event)
    with pytest.raises(ActionRefused):
        services.recordings_fetch(actor=coordinator, event=event)


# --- Jitsi --------------------------------------------------------------------------------------


def test_jitsi_join_is_the_room_with_a_token_until_the_room_closes(
    event, participant, coordinator, jitsi_settings, settings
):
    settings.BBB_URL = ""
    room = services.room_configure(actor=coordinator, event=event, provider=Provider.JITSI)
    with _during(event):
        url = services.room_join(user=participant, event=event)
    parts = urlsplit(url)
    assert (
        f"{parts.scheme}://{parts.netloc}{parts.path}"
        == f"https://meet.example.ru/{room.meeting_id}"
    )
    from pedset.rooms.tests.test_jitsi import verify

    claims = verify(parse_qs(parts.query)["jwt"][0], settings.JITSI_APP_SECRET, now=event.starts_at)
    assert claims["exp"] == int(closes_at(event).timestamp())
    assert claims["context"]["user"]["moderator"] is False
    assert Registration.objects.get(user=participant).attendance_source == "room"

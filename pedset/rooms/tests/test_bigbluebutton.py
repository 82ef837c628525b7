"""The BigBlueButton client against the API documentation and a local server that checks
every request's checksum with its own code."""

import hashlib
import logging
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured

from pedset.rooms.bigbluebutton import (
    MAX_RESPONSE_BYTES,
    BigBlueButton,
    RoomUnavailable,
    checksum,
)
from pedset.rooms.tests.conftest import SECRET

# The example of "API Security Model → Usage" in the API documentation
# (docs.bigbluebutton.org/development/api): call, query, shared secret and the SHA-1 it gives.
DOC_CALL = "create"
DOC_QUERY = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444"
DOC_SECRET = "639259d4-9dd8-4b25-bf01-95f9567eaf4b"
DOC_SHA1 = "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"
# The documentation gives only the SHA-1 example; the same string under the other algorithms
# BBB 2.5+ accepts, computed with coreutils (sha256sum, sha384sum, sha512sum), not Python.
OTHER_DIGESTS = {
    "sha256": "da9185f7f333cfdfcd6eeac32dca3777510c4c436020d8b887ba5515bd1d189e",
    "sha384": (
        "891ac633df39d0a1b4f8d597f3e190833216c4b29c4fb51ea3ca72757eeb958d"
        "6e7b49a845cf29f5c6019c7d29d029d1"
    ),
    "sha512": (
        "de73ad61d11a5c801b68d4bd6ec5248546085cefb0b25c85f3c46249ea93a3a4"
        "b120f92c0a8a58d7512cb77821884951a3b01245f3435dbbef49fff3cc3988b4"
    ),
}
TITLE = "Вебинар «Функциональная грамотность: читаем & считаем» № 7"


def _client(server, **kwargs):
    return BigBlueButton(
        url=server.url,
        secret=kwargs.pop("secret", SECRET),
        timeout=kwargs.pop("timeout", 2),
        **kwargs,
    )


# --- Checksums ---------------------------------------------------------------------------------


def test_checksum_equals_the_documented_example():
    # given the documented call, query and secret, when summed, then the documented SHA-1
    assert checksum(DOC_CALL, DOC_QUERY, DOC_SECRET) == DOC_SHA1
    assert checksum(DOC_CALL, DOC_QUERY, DOC_SECRET, "sha1") == DOC_SHA1


@pytest.mark.parametrize("algorithm", sorted(OTHER_DIGESTS))
def test_checksum_of_the_other_algorithms_equals_an_independent_implementation(algorithm):
    # given the documented string, when summed with another algorithm, then it equals both the
    # value computed by coreutils and an incremental hashlib computation of call+query+secret
    ours = checksum(DOC_CALL, DOC_QUERY, DOC_SECRET, algorithm)
    incremental = hashlib.new(algorithm)
    for part in (DOC_CALL, DOC_QUERY, DOC_SECRET):
        incremental.update(part.encode())
    assert ours == OTHER_DIGESTS[algorithm] == incremental.hexdigest()


def test_signed_url_is_byte_identical_to_the_documented_one():
    # given the documented parameters in order, when the client signs the create call,
    # then the URL is the documented query with the documented checksum
    client = BigBlueButton(url="https://bbb.example.com/bigbluebutton/", secret=DOC_SECRET)
    url = client.url(
        "create",
        [
            ("name", "Test Meeting"),
            ("meetingID", "abc123"),
            ("attendeePW", "111222"),
            ("moderatorPW", "333444"),
        ],
    )
    assert url == (
        f"https://bbb.example.com/bigbluebutton/api/create?{DOC_QUERY}&checksum={DOC_SHA1}"
    )


@pytest.mark.parametrize(
    "base",
    [
        "https://bbb.example.com/bigbluebutton/",
        "https://bbb.example.com/bigbluebutton",
        "https://bbb.example.com/bigbluebutton/api/",
    ],
)
def test_the_base_url_is_accepted_with_or_without_slash_and_api(base):
    client = BigBlueButton(url=base, secret=DOC_SECRET)
    assert client.url("getMeetings").startswith(
        "https://bbb.example.com/bigbluebutton/api/getMeetings?"
    )


def test_a_call_without_parameters_is_signed_over_the_empty_query():
    client = BigBlueButton(url="https://bbb.example.com/bigbluebutton/", secret=DOC_SECRET)
    expected = hashlib.new("sha1", f"getMeetings{DOC_SECRET}".encode()).hexdigest()  # noqa: S324
    assert client.url("getMeetings").endswith(f"/api/getMeetings?checksum={expected}")


@pytest.mark.parametrize(
    ("url", "secret", "algorithm"),
    [
        ("", "secret", "sha1"),
        ("https://bbb.example.ru/bigbluebutton/", "", "sha1"),
        ("file:///etc/passwd", "secret", "sha1"),
        ("https://bbb.example.ru/bigbluebutton/", "secret", "md5"),
    ],
)
def test_bad_settings_are_refused_at_once(url, secret, algorithm):
    with pytest.raises(ImproperlyConfigured):
        BigBlueButton(url=url, secret=secret, algorithm=algorithm)


def test_the_secret_is_not_in_the_client_repr_nor_in_any_url():
    client = BigBlueButton(url="https://bbb.example.com/bigbluebutton/", secret=DOC_SECRET)
    assert DOC_SECRET not in repr(client)
    assert DOC_SECRET not in client.join_url(
        meeting_id="m", full_name="Иванова Анна", moderator=False
    )


# --- Calls through the local server -------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["sha1", "sha256", "sha384", "sha512"])
def test_create_is_accepted_by_the_server_with_each_algorithm(bbb, algorithm):
    # given a client with the algorithm, when it creates a meeting with a Cyrillic name and
    # meta parameters, then the server's own checksum matches and it received every parameter
    created = _client(bbb, algorithm=algorithm).create(
        meeting_id="pedset-0a1b",
        name=TITLE,
        attendee_pw="ap-secret",
        moderator_pw="mp-secret",
        welcome="Добро пожаловать!",
        record=True,
        duration=135,
        logout_url="https://pedset.example.ru/events/7/",
        meta={"bbb-origin": "pedset", "pedset-event": "7"},
    )
    seen = bbb.calls("create")[-1]
    assert seen.accepted and seen.algorithm == algorithm
    assert seen.params == {
        "meetingID": "pedset-0a1b",
        "name": TITLE,
        "attendeePW": "ap-secret",
        "moderatorPW": "mp-secret",
        "welcome": "Добро пожаловать!",
        "record": "true",
        "duration": "135",
        "logoutURL": "https://pedset.example.ru/events/7/",
        "meta_bbb-origin": "pedset",
        "meta_pedset-event": "7",
    }
    assert created.duplicate is False and created.internal_meeting_id.startswith("int-")


def test_create_twice_is_idempotent(bbb):
    # given a created meeting, when created again with the same passwords, then SUCCESS with
    # the documented duplicateWarning and still one meeting
    client = _client(bbb)
    first = client.create(meeting_id="m1", name="Вебинар", attendee_pw="a", moderator_pw="m")
    again = client.create(meeting_id="m1", name="Вебинар", attendee_pw="a", moderator_pw="m")
    assert first.duplicate is False and again.duplicate is True
    assert list(bbb.meetings) == ["m1"]


def test_join_url_is_signed_for_the_server_and_carries_the_role(bbb):
    # given a running meeting, when the client builds join URLs, then the server (fetched here
    # only to check it) accepts each with a redirect and sees the role, password and user id
    client = _client(bbb)
    client.create(meeting_id="m2", name="Вебинар", attendee_pw="ap", moderator_pw="mp")
    opener = urllib.request.build_opener(_NoRedirect)
    for moderator, role, password in [(True, "MODERATOR", "mp"), (False, "VIEWER", "ap")]:
        url = client.join_url(
            meeting_id="m2",
            full_name="Петрова Мария Ивановна",
            moderator=moderator,
            password=password,
            user_id="pedset-42",
        )
        assert urlsplit(url).path == "/bigbluebutton/api/join"
        with pytest.raises(urllib.error.HTTPError) as answer:
            opener.open(url, timeout=2)
        answer.value.close()
        assert answer.value.code == 302
        seen = bbb.calls("join")[-1]
        assert seen.accepted
        assert seen.params == {
            "fullName": "Петрова Мария Ивановна",
            "meetingID": "m2",
            "role": role,
            "password": password,
            "userID": "pedset-42",
            "redirect": "true",
        }


def test_a_tampered_join_url_is_refused_by_the_server(bbb):
    # given a viewer's join URL, when the person turns it into a moderator's, then checksumError
    client = _client(bbb)
    client.create(meeting_id="m3", name="Вебинар", attendee_pw="ap", moderator_pw="mp")
    url = client.join_url(meeting_id="m3", full_name="Иванов Пётр", moderator=False, password="ap")
    forged = url.replace("role=VIEWER", "role=MODERATOR")
    with urllib.request.urlopen(forged, timeout=2) as answer:  # noqa: S310 — the local server
        body = answer.read().decode()
    assert "<messageKey>checksumError</messageKey>" in body
    assert bbb.calls("join")[-1].accepted is False


def test_end_and_is_meeting_running(bbb):
    client = _client(bbb)
    client.create(meeting_id="m4", name="Вебинар", attendee_pw="ap", moderator_pw="mp")
    assert client.is_meeting_running(meeting_id="m4") is True
    # when ended, then the server ends it; a second end finds nothing to end (notFound)
    assert client.end(meeting_id="m4", password="mp") is True
    assert client.is_meeting_running(meeting_id="m4") is False
    assert client.end(meeting_id="m4", password="mp") is False
    assert all(seen.accepted for seen in bbb.requests)
    assert bbb.calls("end")[0].params == {"meetingID": "m4", "password": "mp"}


def test_get_recordings_parses_the_documented_answer(bbb):
    # given two recordings with podcast and presentation formats, when fetched, then each is
    # parsed with its playback formats in order
    bbb.recordings["m5"] = [
        {
            "record_id": "ffbf-1530718721124",
            "start_time": 1530718721124,
            "formats": [
                ("presentation", "https://bbb.example.ru/playback/presentation/2.3/ffbf-1"),
                ("podcast", "https://bbb.example.ru/podcast/ffbf-1/audio.ogg"),
            ],
        },
        {"record_id": "ffbf-2", "published": False, "start_time": 1530718999000, "formats": []},
    ]
    recordings = _client(bbb).get_recordings(meeting_id="m5")
    assert [r.record_id for r in recordings] == ["ffbf-1530718721124", "ffbf-2"]
    first = recordings[0]
    assert first.published is True and first.state == "published"
    assert first.start_time == 1530718721124
    assert first.url == "https://bbb.example.ru/playback/presentation/2.3/ffbf-1"
    assert first.playback[1] == ("podcast", "https://bbb.example.ru/podcast/ffbf-1/audio.ogg")
    assert recordings[1].url == "" and recordings[1].published is False
    assert bbb.calls("getRecordings")[0].params == {"meetingID": "m5"}


def test_no_recordings_is_an_empty_list(bbb):
    assert _client(bbb).get_recordings(meeting_id="nothing") == []


# --- Failures -----------------------------------------------------------------------------------


def test_a_wrong_secret_gets_checksum_error_and_a_clear_message(bbb, caplog):
    # given a client with another secret, when it calls, then the server answers FAILED
    # checksumError and the client raises RoomUnavailable; the log names the settings, not the secret
    client = _client(bbb, secret="not-the-secret")
    with caplog.at_level(logging.WARNING), pytest.raises(RoomUnavailable) as refused:
        client.create(meeting_id="m6", name="Вебинар")
    assert refused.value.message_key == "checksumError"
    assert refused.value.message == (
        "Сервер вебинаров отклонил запрос платформы: не совпадают настройки. "
        "Сообщите, пожалуйста, администратору платформы."
    )
    assert bbb.calls("create")[0].accepted is False and not bbb.meetings
    assert "BBB_SECRET" in caplog.text
    assert "not-the-secret" not in caplog.text and SECRET not in caplog.text


def test_an_algorithm_the_server_does_not_accept_is_a_checksum_error(bbb):
    bbb.accepted = {"sha1"}
    with pytest.raises(RoomUnavailable) as refused:
        _client(bbb, algorithm="sha512").is_meeting_running(meeting_id="x")
    assert refused.value.message_key == "checksumError"


def test_a_server_that_does_not_answer_in_time(bbb):
    # given a server slower than the timeout, when called, then RoomUnavailable in about the timeout
    bbb.mode, bbb.slow_seconds = "slow", 3
    started = time.monotonic()
    with pytest.raises(RoomUnavailable) as refused:
        _client(bbb, timeout=0.3).create(meeting_id="m7", name="Вебинар")
    assert time.monotonic() - started < 2
    assert refused.value.message_key == ""


def test_the_message_is_russian(bbb):
    from django.utils import translation

    bbb.mode = "http500"
    with translation.override("ru"), pytest.raises(RoomUnavailable) as refused:
        _client(bbb).create(meeting_id="m8", name="Вебинар")
    assert refused.value.message == "Сервер вебинаров не отвечает, попробуйте через минуту."


@pytest.mark.parametrize("mode", ["garbage", "doctype", "huge", "http500", "unknown_code"])
def test_malformed_or_hostile_answers_are_refused(bbb, mode):
    # given a server answering badly, when called, then RoomUnavailable (never an exception of
    # the XML parser nor an entity expansion)
    bbb.mode = mode
    with pytest.raises(RoomUnavailable):
        _client(bbb).get_recordings(meeting_id="m9")


def test_a_failed_answer_with_another_key_is_refused(bbb):
    client = _client(bbb)
    client.create(meeting_id="m10", name="Вебинар", attendee_pw="a", moderator_pw="m")
    with pytest.raises(RoomUnavailable) as refused:
        client.create(meeting_id="m10", name="Вебинар", attendee_pw="other", moderator_pw="m")
    assert refused.value.message_key == "idNotUnique"


def test_a_closed_port_is_unavailable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = BigBlueButton(url=f"http://127.0.0.1:{port}/bigbluebutton/", secret="s", timeout=1)
    with pytest.raises(RoomUnavailable):
        client.is_meeting_running(meeting_id="x")


def test_the_response_limit_is_larger_than_a_real_answer():
    assert MAX_RESPONSE_BYTES >= 1024 * 1024


def test_the_query_keeps_the_order_and_encoding_the_checksum_was_made_of(bbb):
    # given a create with spaces, Cyrillic and reserved characters, then the raw query the server
    # received decodes to the same values (what was summed is what was sent)
    _client(bbb).create(
        meeting_id="a b&c=d", name="Тест + проверка / 100%", attendee_pw="x", moderator_pw="y"
    )
    seen = bbb.calls("create")[0]
    assert seen.accepted
    pairs = parse_qsl(seen.raw_query)
    assert pairs[0] == ("meetingID", "a b&c=d") and pairs[1] == ("name", "Тест + проверка / 100%")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

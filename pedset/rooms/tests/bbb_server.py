"""A local stand-in for a BigBlueButton server (http.server on 127.0.0.1, in a thread).

It checks every request the way bbb-web does — the checksum is recomputed from the raw query
string without its ``checksum`` parameter, the algorithm told by the checksum's length — with
its own code (hashlib.new by name), not the client's. It keeps meetings in memory and answers
the XML of the API documentation. ``mode`` makes it misbehave: "slow", "garbage", "doctype",
"huge", "http500", "unknown_code".
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape

LENGTHS = {40: "sha1", 64: "sha256", 96: "sha384", 128: "sha512"}
CHECKSUM_PARAM = re.compile(r"(?:^|&)checksum=([0-9a-fA-F]*)$")


@dataclass
class Meeting:
    meeting_id: str
    name: str
    attendee_pw: str
    moderator_pw: str
    running: bool = True
    create_time: int = field(default_factory=lambda: int(time.time() * 1000))


@dataclass
class Seen:
    call: str
    raw_query: str
    params: dict
    algorithm: str
    accepted: bool


def _response(returncode: str, body: str = "") -> str:
    return f"<response><returncode>{returncode}</returncode>{body}</response>"


def _failed(key: str, message: str) -> str:
    return _response(
        "FAILED", f"<messageKey>{key}</messageKey><message>{escape(message)}</message>"
    )


class FakeBigBlueButton:
    def __init__(self, secret: str, *, accepted=("sha1", "sha256", "sha384", "sha512")):
        self.secret = secret
        self.accepted = set(accepted)
        self.meetings: dict[str, Meeting] = {}
        self.recordings: dict[str, list[dict]] = {}
        self.requests: list[Seen] = []
        self.mode = ""
        self.slow_seconds = 2.0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/bigbluebutton/"

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def calls(self, name: str) -> list[Seen]:
        return [seen for seen in self.requests if seen.call == name]

    # --- The API -----------------------------------------------------------------------------

    def verify(self, call: str, raw_query: str) -> tuple[bool, str]:
        match = CHECKSUM_PARAM.search(raw_query)
        if not match:
            return False, ""
        given = match.group(1).lower()
        algorithm = LENGTHS.get(len(given), "")
        if algorithm not in self.accepted:
            return False, algorithm
        query = raw_query[: match.start()]
        expected = hashlib.new(algorithm, f"{call}{query}{self.secret}".encode()).hexdigest()
        return expected == given, algorithm

    def answer(self, call: str, raw_query: str) -> tuple[int, str, dict]:
        """(status, body, headers) for one request."""
        ok, algorithm = self.verify(call, raw_query)
        params = dict(parse_qsl(CHECKSUM_PARAM.sub("", raw_query), keep_blank_values=True))
        self.requests.append(Seen(call, raw_query, params, algorithm, ok))
        if not ok:
            return 200, _failed("checksumError", "Checksums do not match"), {}
        handler = getattr(self, f"api_{call}", None)
        if handler is None:
            return 200, _failed("unsupportedRequest", "This request is not supported."), {}
        return handler(params)

    def api_create(self, params):
        meeting_id = params.get("meetingID", "")
        if not meeting_id:
            return 200, _failed("missingParamMeetingID", "You must specify a meeting ID"), {}
        existing = self.meetings.get(meeting_id)
        attendee = params.get("attendeePW", "")
        moderator = params.get("moderatorPW", "")
        extra = ""
        if existing is not None and existing.running:
            if (existing.attendee_pw, existing.moderator_pw) != (attendee, moderator):
                return 200, _failed("idNotUnique", "A meeting already exists with that ID."), {}
            extra = (
                "<messageKey>duplicateWarning</messageKey>"
                "<message>This conference was already in existence.</message>"
            )
            meeting = existing
        else:
            meeting = Meeting(meeting_id, params.get("name", ""), attendee, moderator)
            self.meetings[meeting_id] = meeting
        body = (
            f"<meetingID>{escape(meeting_id)}</meetingID>"
            f"<internalMeetingID>int-{meeting.create_time}</internalMeetingID>"
            f"<attendeePW>{escape(attendee)}</attendeePW><moderatorPW>{escape(moderator)}</moderatorPW>"
            f"<createTime>{meeting.create_time}</createTime><hasUserJoined>false</hasUserJoined>"
            f"<duration>{escape(params.get('duration', '0'))}</duration>{extra}"
        )
        return 200, _response("SUCCESS", body), {}

    def api_join(self, params):
        meeting = self.meetings.get(params.get("meetingID", ""))
        if meeting is None or not meeting.running:
            return 200, _failed("invalidMeetingIdentifier", "The meeting ID is not valid."), {}
        role = params.get("role", "")
        password = params.get("password", "")
        if role not in {"MODERATOR", "VIEWER"} and password not in {
            meeting.attendee_pw,
            meeting.moderator_pw,
        }:
            return 200, _failed("invalidPassword", "The password is wrong."), {}
        if params.get("redirect", "true") == "true":
            return (
                302,
                "",
                {"Location": "http://127.0.0.1/client/BigBlueButton.html?sessionToken=x"},
            )
        return 200, _response("SUCCESS", "<messageKey>successfullyJoined</messageKey>"), {}

    def api_end(self, params):
        meeting = self.meetings.get(params.get("meetingID", ""))
        if meeting is None or not meeting.running:
            return 200, _failed("notFound", "We could not find a meeting with that meeting ID"), {}
        meeting.running = False
        return 200, _response("SUCCESS", "<messageKey>sentEndMeetingRequest</messageKey>"), {}

    def api_isMeetingRunning(self, params):  # noqa: N802 — the API's name
        meeting = self.meetings.get(params.get("meetingID", ""))
        running = "true" if meeting is not None and meeting.running else "false"
        return 200, _response("SUCCESS", f"<running>{running}</running>"), {}

    def api_getRecordings(self, params):  # noqa: N802 — the API's name
        items = self.recordings.get(params.get("meetingID", ""), [])
        if not items:
            return (
                200,
                _response(
                    "SUCCESS",
                    "<recordings></recordings><messageKey>noRecordings</messageKey>"
                    "<message>There are no recordings for the meeting(s).</message>",
                ),
                {},
            )
        body = "".join(
            "<recording>"
            f"<recordID>{escape(r['record_id'])}</recordID>"
            f"<meetingID>{escape(params['meetingID'])}</meetingID>"
            f"<published>{'true' if r.get('published', True) else 'false'}</published>"
            f"<state>{'published' if r.get('published', True) else 'unpublished'}</state>"
            f"<startTime>{r.get('start_time', 1530718721124)}</startTime>"
            "<playback>"
            + "".join(
                f"<format><type>{escape(kind)}</type><url>{escape(url)}</url>"
                "<processingTime>0</processingTime><length>33</length></format>"
                for kind, url in r["formats"]
            )
            + "</playback></recording>"
            for r in items
        )
        return 200, _response("SUCCESS", f"<recordings>{body}</recordings>"), {}

    # --- HTTP --------------------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 — http.server's name
                parts = urlsplit(self.path)
                if not parts.path.startswith("/bigbluebutton/api/"):
                    self.send_error(404)
                    return
                call = parts.path.removeprefix("/bigbluebutton/api/")
                status, body, headers = fake.answer(call, parts.query)
                if fake.mode == "slow":
                    time.sleep(fake.slow_seconds)
                elif fake.mode == "garbage":
                    body = "<response><returncode>SUCCESS</returncode><meetingID>"
                elif fake.mode == "doctype":
                    body = (
                        '<?xml version="1.0"?><!DOCTYPE response [<!ENTITY a "aaaaaaaaaa">]>'
                        "<response><returncode>SUCCESS</returncode><m>&a;&a;</m></response>"
                    )
                elif fake.mode == "huge":
                    body = _response("SUCCESS", "<x>" + "я" * (3 * 1024 * 1024) + "</x>")
                elif fake.mode == "http500":
                    status, body = 500, "Internal Server Error"
                elif fake.mode == "unknown_code":
                    body = _response("MAYBE")
                data = body.encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "text/xml;charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler

"""A client of the BigBlueButton API (https://docs.bigbluebutton.org/development/api).

Every call is ``<BBB_URL>api/<call>?<query>&checksum=<hex>`` where the checksum is
``hash(call + query + secret)`` over exactly the URL-encoded query that is sent, with the
algorithm the server accepts (``BBB_CHECKSUM``: sha1 on every version; sha256, sha384, sha512
since 2.5). The server answers XML: ``<response><returncode>SUCCESS|FAILED</returncode>…``; a
FAILED answer carries a stable ``messageKey`` (``checksumError``, ``notFound``…).

``join`` is never fetched here: its signed URL is where the person's browser is redirected.
Roles go as ``role=MODERATOR|VIEWER`` (2.4+) together with the matching password, which older
servers need and newer ones ignore when a role is given.

Anything that goes wrong on the way — no answer within ``ROOM_HTTP_TIMEOUT``, an HTTP error, a
response that is too big, not XML or has a DOCTYPE/entities, a FAILED return code — becomes
``RoomUnavailable`` with a message for the person; the log says which call failed and why, and
never the secret.
"""

from __future__ import annotations

import hashlib
import http.client
import logging
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET  # noqa: S405 — bounded size, DOCTYPE and entities refused
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from pedset.communities.services import ActionRefused

logger = logging.getLogger(__name__)

ALGORITHMS = {
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}
# A getRecordings answer of one meeting is a few kilobytes; anything this big is not BBB.
MAX_RESPONSE_BYTES = 2 * 1024 * 1024
MODERATOR, VIEWER = "MODERATOR", "VIEWER"


class RoomUnavailable(ActionRefused):
    """The conferencing server cannot be used right now; ``message`` is for the person."""

    def __init__(self, message: str | None = None, *, message_key: str = ""):
        super().__init__(message or unavailable_message())
        self.message_key = message_key


def unavailable_message() -> str:
    return _("The webinar server is not answering; try again in a minute.")


def misconfigured_message() -> str:
    return _(
        "The webinar server refused the platform's request: its settings do not match. "
        "Please tell the platform administrator."
    )


def checksum(call: str, query: str, secret: str, algorithm: str = "sha1") -> str:
    """The documented checksum: hash(callName + queryString + sharedSecret) as lowercase hex."""
    try:
        digest = ALGORITHMS[algorithm]
    except KeyError:
        raise ImproperlyConfigured(
            f"BBB_CHECKSUM must be one of {', '.join(ALGORITHMS)}, not {algorithm!r}"
        ) from None
    return digest((call + query + secret).encode()).hexdigest()


@dataclass(frozen=True)
class Recording:
    record_id: str
    meeting_id: str
    published: bool
    state: str
    start_time: int  # milliseconds since the epoch, as BBB gives it
    # (format type, url) in the order of the answer: "presentation", "video", "podcast"…
    playback: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def url(self) -> str:
        """The first playback URL (the presentation format comes first on most servers)."""
        return self.playback[0][1] if self.playback else ""


@dataclass(frozen=True)
class Created:
    internal_meeting_id: str
    create_time: str
    duplicate: (
        bool  # the meeting already existed (messageKey duplicateWarning): create is idempotent
    )


class BigBlueButton:
    """One server. Arguments default to the settings (tests pass their own)."""

    def __init__(self, url=None, secret=None, algorithm=None, timeout=None):
        url = settings.BBB_URL if url is None else url
        self.secret = settings.BBB_SECRET if secret is None else secret
        self.algorithm = (settings.BBB_CHECKSUM if algorithm is None else algorithm) or "sha1"
        self.timeout = settings.ROOM_HTTP_TIMEOUT if timeout is None else timeout
        if not url or not self.secret:
            raise ImproperlyConfigured("BBB_URL and BBB_SECRET must both be set")
        if urlsplit(url).scheme not in {"http", "https"}:
            raise ImproperlyConfigured("BBB_URL must be an http:// or https:// address")
        if self.algorithm not in ALGORITHMS:
            raise ImproperlyConfigured(
                f"BBB_CHECKSUM must be one of {', '.join(ALGORITHMS)}, not {self.algorithm!r}"
            )
        # https://bbb.example.ru/bigbluebutton/ (the API lives under api/); a base given with
        # the api/ part or without the trailing slash is accepted as well.
        url = url.rstrip("/")
        if url.endswith("/api"):
            url = url[: -len("/api")]
        self.base = url + "/"

    def __repr__(self):  # never shows the secret
        return f"<BigBlueButton {self.base} {self.algorithm}>"

    # --- URLs -----------------------------------------------------------------------------

    def query(self, call: str, params) -> str:
        """The query string with its checksum appended (params: dict or pairs, order kept)."""
        pairs = [
            (name, _text(value))
            for name, value in (params.items() if isinstance(params, dict) else params)
            if value is not None
        ]
        query = urlencode(pairs)
        signature = checksum(call, query, self.secret, self.algorithm)
        return f"{query}&checksum={signature}" if query else f"checksum={signature}"

    def url(self, call: str, params=()) -> str:
        return f"{self.base}api/{call}?{self.query(call, params)}"

    # --- Calls ----------------------------------------------------------------------------

    def create(
        self,
        *,
        meeting_id: str,
        name: str,
        attendee_pw: str = "",
        moderator_pw: str = "",
        welcome: str = "",
        record: bool = False,
        duration: int = 0,
        logout_url: str = "",
        meta: dict[str, str] | None = None,
    ) -> Created:
        """Creates the meeting, or confirms it exists (idempotent with the same passwords)."""
        params = [("meetingID", meeting_id), ("name", name)]
        if attendee_pw:
            params.append(("attendeePW", attendee_pw))
        if moderator_pw:
            params.append(("moderatorPW", moderator_pw))
        if welcome:
            params.append(("welcome", welcome))
        params.append(("record", record))
        if duration:
            params.append(("duration", int(duration)))
        if logout_url:
            params.append(("logoutURL", logout_url))
        for key, value in (meta or {}).items():
            params.append((f"meta_{key}", value))
        response = self._call("create", params)
        return Created(
            internal_meeting_id=_child(response, "internalMeetingID"),
            create_time=_child(response, "createTime"),
            duplicate=_child(response, "messageKey") == "duplicateWarning",
        )

    def join_url(
        self,
        *,
        meeting_id: str,
        full_name: str,
        moderator: bool,
        password: str = "",
        user_id: str = "",
    ) -> str:
        """The signed address the person's browser goes to (not fetched here)."""
        params = [
            ("fullName", full_name),
            ("meetingID", meeting_id),
            ("role", MODERATOR if moderator else VIEWER),
        ]
        if password:
            params.append(("password", password))
        if user_id:
            params.append(("userID", user_id))
        params.append(("redirect", True))
        return self.url("join", params)

    def end(self, *, meeting_id: str, password: str = "") -> bool:
        """Ends the meeting. False when it was not running (nothing to end)."""
        params = [("meetingID", meeting_id)]
        if password:
            params.append(("password", password))
        try:
            self._call("end", params)
        except RoomUnavailable as failure:
            if failure.message_key in {"notFound", "invalidMeetingIdentifier"}:
                return False
            raise
        return True

    def is_meeting_running(self, *, meeting_id: str) -> bool:
        response = self._call("isMeetingRunning", [("meetingID", meeting_id)])
        return _child(response, "running").lower() == "true"

    def get_recordings(self, *, meeting_id: str) -> list[Recording]:
        try:
            response = self._call("getRecordings", [("meetingID", meeting_id)])
        except RoomUnavailable as failure:
            if failure.message_key in {"noRecordings", "notFound"}:
                return []
            raise
        recordings = []
        container = response.find("recordings")
        for item in container.findall("recording") if container is not None else []:
            playback = item.find("playback")
            formats = playback.findall("format") if playback is not None else []
            start = _child(item, "startTime")
            recordings.append(
                Recording(
                    record_id=_child(item, "recordID"),
                    meeting_id=_child(item, "meetingID"),
                    published=_child(item, "published").lower() == "true",
                    state=_child(item, "state"),
                    start_time=int(start) if start.isdigit() else 0,
                    playback=tuple(
                        (_child(f, "type"), _child(f, "url")) for f in formats if _child(f, "url")
                    ),
                )
            )
        return recordings

    # --- Transport ------------------------------------------------------------------------

    def _call(self, call: str, params) -> ET.Element:
        # The scheme is http(s): checked in __init__.
        request = urllib.request.Request(  # noqa: S310
            self.url(call, params), headers={"Accept": "application/xml"}, method="GET"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                body = answer.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as error:
            error.close()
            logger.warning("BigBlueButton %s: HTTP %s", call, error.code)
            raise RoomUnavailable() from None
        except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as error:
            reason = getattr(error, "reason", error)
            logger.warning("BigBlueButton %s: no answer (%s)", call, type(reason).__name__)
            raise RoomUnavailable() from None
        return self._parse(call, body)

    def _parse(self, call: str, body: bytes) -> ET.Element:
        if len(body) > MAX_RESPONSE_BYTES:
            logger.warning(
                "BigBlueButton %s: answer larger than %s bytes", call, MAX_RESPONSE_BYTES
            )
            raise RoomUnavailable()
        head = body.upper()
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            logger.warning("BigBlueButton %s: answer with a DOCTYPE or entities refused", call)
            raise RoomUnavailable()
        try:
            root = ET.fromstring(body)  # noqa: S314 — checked above
        except ET.ParseError:
            logger.warning("BigBlueButton %s: the answer is not XML", call)
            raise RoomUnavailable() from None
        code = _child(root, "returncode").upper()
        if code == "SUCCESS":
            return root
        key = _child(root, "messageKey")
        if code == "FAILED":
            if key == "checksumError":
                logger.error(
                    "BigBlueButton %s: the server refused the checksum; check BBB_SECRET and "
                    "BBB_CHECKSUM (%s)",
                    call,
                    self.algorithm,
                )
                raise RoomUnavailable(misconfigured_message(), message_key=key)
            logger.warning("BigBlueButton %s: FAILED (%s)", call, key[:60] or "no messageKey")
            raise RoomUnavailable(message_key=key)
        logger.warning("BigBlueButton %s: unexpected return code %r", call, code[:20])
        raise RoomUnavailable()


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _child(element: ET.Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""

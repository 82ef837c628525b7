"""Jitsi Meet rooms: ``<JITSI_URL>/<room name>``, the name random and unguessable.

A server with token authentication (prosody ``authentication = "token"`` with ``app_id`` and
``app_secret``) lets in only links that carry a JWT: with ``JITSI_APP_SECRET`` set, each join
link gets ``?jwt=<token>`` — HS256 over ``{aud, iss: JITSI_APP_ID, sub: the server's domain,
room, nbf, exp, context.user {id, name, moderator}}``, built here with hmac and base64. Without
the secret the link is plain (anyone who has it can enter: keep the names unguessable).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.utils import timezone

# Tokens are accepted this long before their nbf (clocks of two servers differ a little).
CLOCK_SKEW = datetime.timedelta(minutes=5)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jwt_encode(payload: dict, secret: str) -> str:
    """A compact JWS with HS256 (RFC 7515/7519)."""
    header = {"alg": "HS256", "typ": "JWT"}
    signing_input = ".".join(
        _b64url(json.dumps(part, separators=(",", ":"), ensure_ascii=False).encode())
        for part in (header, payload)
    )
    signature = hmac.new(secret.encode(), signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{_b64url(signature)}"


def domain() -> str:
    return urlsplit(settings.JITSI_URL).hostname or ""


def token(*, room: str, user, moderator: bool, expires_at: datetime.datetime, now=None) -> str:
    now = now or timezone.now()
    app_id = settings.JITSI_APP_ID
    payload = {
        "aud": app_id,
        "iss": app_id,
        "sub": domain(),
        "room": room,
        "nbf": int((now - CLOCK_SKEW).timestamp()),
        "exp": int(expires_at.timestamp()),
        "context": {
            "user": {"id": str(user.pk), "name": user.get_full_name(), "moderator": moderator}
        },
    }
    return jwt_encode(payload, settings.JITSI_APP_SECRET)


def room_url(*, room: str, user, moderator: bool, expires_at: datetime.datetime) -> str:
    url = f"{settings.JITSI_URL.rstrip('/')}/{quote(room, safe='')}"
    if settings.JITSI_APP_SECRET:
        jwt = token(room=room, user=user, moderator=moderator, expires_at=expires_at)
        url += "?" + urlencode({"jwt": jwt})
    return url

"""Jitsi Meet links and their JWT, checked by an independent verifier written here."""

import base64
import datetime
import hashlib
import hmac
import json
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.rooms import jitsi

pytestmark = pytest.mark.django_db

ROOM = "pedset-0123456789abcdef0123456789abcdef"


def _unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify(token: str, secret: str, *, now: datetime.datetime) -> dict:
    """What a Jitsi (prosody token) server does: signature, algorithm, nbf and exp."""
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = json.loads(_unb64(header_b64))
    if header != {"alg": "HS256", "typ": "JWT"}:
        raise ValueError("algorithm")
    expected = hmac.new(
        secret.encode(), f"{header_b64}.{payload_b64}".encode(), hashlib.sha256
    ).digest()
    if not hmac.compare_digest(expected, _unb64(signature_b64)):
        raise ValueError("signature")
    claims = json.loads(_unb64(payload_b64))
    moment = int(now.timestamp())
    if moment < claims["nbf"]:
        raise ValueError("not yet valid")
    if moment >= claims["exp"]:
        raise ValueError("expired")
    return claims


def test_plain_link_without_a_secret(settings):
    # given Jitsi without token authentication, when a link is made, then it is the room's
    # address with nothing else
    settings.JITSI_URL, settings.JITSI_APP_SECRET = "https://meet.example.ru", ""
    url = jitsi.room_url(room=ROOM, user=UserFactory(), moderator=False, expires_at=timezone.now())
    assert url == f"https://meet.example.ru/{ROOM}"


def test_the_link_carries_a_jwt_that_verifies_and_expires(jitsi_settings):
    # given token authentication, when a moderator's link is made valid for two hours
    user = UserFactory(last_name="Смирнова", first_name="Ольга", patronymic="Петровна")
    now = timezone.now().replace(microsecond=0)
    expires = now + datetime.timedelta(hours=2)
    with time_machine.travel(now, tick=False):
        url = jitsi.room_url(room=ROOM, user=user, moderator=True, expires_at=expires)

    # then the link is the room with ?jwt= and the token verifies with the secret
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"https://meet.example.ru/{ROOM}"
    token = parse_qs(parts.query)["jwt"][0]
    secret = jitsi_settings.JITSI_APP_SECRET
    claims = verify(token, secret, now=now)
    assert claims["aud"] == claims["iss"] == "pedset"
    assert claims["sub"] == "meet.example.ru"
    assert claims["room"] == ROOM
    assert claims["exp"] == int(expires.timestamp())
    assert claims["context"]["user"] == {
        "id": str(user.pk),
        "name": "Смирнова Ольга Петровна",
        "moderator": True,
    }
    # and it is refused with another secret, after it expires, and when tampered with
    with pytest.raises(ValueError, match="signature"):
        verify(token, "another-secret", now=now)
    with pytest.raises(ValueError, match="expired"):
        verify(token, secret, now=expires)
    header, payload, signature = token.split(".")
    forged = json.loads(_unb64(payload))
    forged["context"]["user"]["moderator"] = True
    forged["room"] = "*"
    forged_payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    with pytest.raises(ValueError, match="signature"):
        verify(f"{header}.{forged_payload}.{signature}", secret, now=now)


def test_a_viewer_token_is_not_a_moderator(jitsi_settings):
    now = timezone.now()
    url = jitsi.room_url(
        room=ROOM, user=UserFactory(), moderator=False, expires_at=now + datetime.timedelta(hours=1)
    )
    token = parse_qs(urlsplit(url).query)["jwt"][0]
    claims = verify(token, jitsi_settings.JITSI_APP_SECRET, now=now)
    assert claims["context"]["user"]["moderator"] is False

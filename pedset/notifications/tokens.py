"""Signed one-click unsubscribe tokens: who and which kinds, nothing else.

A token is not a login: it only lets its holder switch the e-mail of those kinds off for that
person (RFC 8058 asks exactly that of a List-Unsubscribe link). It never expires, since a
person may find an old letter; the salt keeps tokens of other features (e-mail confirmation,
password reset) from being accepted here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

from pedset.notifications.kinds import get_kind, is_registered

SALT = "pedset.notifications.unsubscribe"
MAX_TOKEN_LENGTH = 1000


@dataclass(frozen=True)
class UnsubscribeRequest:
    user_id: int
    kinds: tuple[str, ...]


def unsubscribe_token(user_id: int, kinds) -> str:
    codes = sorted({get_kind(code).code for code in kinds})
    return signing.Signer(salt=SALT).sign_object({"u": user_id, "k": codes}, compress=False)


def read_unsubscribe_token(token: str) -> UnsubscribeRequest | None:
    """The request a token carries, or None when it is tampered, foreign or malformed."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        payload = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict):
        return None
    user_id, kinds = payload.get("u"), payload.get("k")
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        return None
    if not isinstance(kinds, list) or not kinds:
        return None
    if not all(isinstance(code, str) and is_registered(code) for code in kinds):
        return None
    return UnsubscribeRequest(user_id, tuple(dict.fromkeys(get_kind(c).code for c in kinds)))

"""Brute-force throttling of login, password reset and confirmation e-mails.

Counts live in the shared cache through pedset.core.ratelimit (fixed windows). Next to each
counter we keep the moment its window opened, so a refusal can say when to try again.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from pedset.core import ratelimit
from pedset.core.audit import client_ip

LOGIN_SCOPE = "login"
RESET_SCOPE = "password-reset"
RESEND_SCOPE = "confirm-resend"
CHANGE_SCOPE = "password-change"


@dataclass(frozen=True)
class Limit:
    scope: str
    limit: int
    window: int


def login_limits() -> tuple[Limit, Limit]:
    """(per e-mail, per address). A school behind one NAT address may need a higher
    per-address limit: LOGIN_ATTEMPTS_LIMIT_PER_IP overrides it when set."""
    per_email = Limit(
        f"{LOGIN_SCOPE}:email", settings.LOGIN_ATTEMPTS_LIMIT, settings.LOGIN_ATTEMPTS_WINDOW
    )
    per_ip = Limit(
        f"{LOGIN_SCOPE}:ip",
        settings.LOGIN_ATTEMPTS_LIMIT_PER_IP,
        settings.LOGIN_ATTEMPTS_WINDOW,
    )
    return per_email, per_ip


def reset_limits(scope: str = RESET_SCOPE) -> tuple[Limit, Limit]:
    """(per e-mail, per address) for the e-mails the site sends on request."""
    return (
        Limit(f"{scope}:email", settings.PASSWORD_RESET_LIMIT, settings.PASSWORD_RESET_WINDOW),
        Limit(f"{scope}:ip", settings.PASSWORD_RESET_LIMIT, settings.PASSWORD_RESET_WINDOW),
    )


def password_change_limit() -> Limit:
    return Limit(CHANGE_SCOPE, settings.LOGIN_ATTEMPTS_LIMIT, settings.LOGIN_ATTEMPTS_WINDOW)


def ip_ident(request) -> str:
    return client_ip(request) or "unknown"


def _start_key(limit: Limit, ident: str) -> str:
    return f"rl-start:{limit.scope}:{ident.lower()}"


def hit(limit: Limit, ident: str) -> None:
    cache.add(_start_key(limit, ident), time.time(), timeout=limit.window)
    ratelimit.hit(limit.scope, ident, limit.window)


def is_limited(limit: Limit, ident: str) -> bool:
    return ratelimit.is_limited(limit.scope, ident, limit.limit)


def reset(limit: Limit, ident: str) -> None:
    ratelimit.reset(limit.scope, ident)
    cache.delete(_start_key(limit, ident))


def seconds_left(limit: Limit, ident: str) -> int:
    started = cache.get(_start_key(limit, ident))
    if started is None:
        return limit.window
    return max(1, math.ceil(started + limit.window - time.time()))


def minutes_left(pairs: list[tuple[Limit, str]]) -> int | None:
    """Whole minutes until every limited counter among (limit, ident) pairs opens; None if none is."""
    waits = [seconds_left(limit, ident) for limit, ident in pairs if is_limited(limit, ident)]
    if not waits:
        return None
    return max(1, math.ceil(max(waits) / 60))

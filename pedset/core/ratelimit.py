"""Fixed-window counters in the shared cache (Redis in production), for throttling."""

import math
import time

from django.core.cache import cache


def _key(scope: str, ident: str) -> str:
    return f"rl:{scope}:{ident.lower()}"


def attempts(scope: str, ident: str) -> int:
    return cache.get(_key(scope, ident), 0)


def is_limited(scope: str, ident: str, limit: int) -> bool:
    return attempts(scope, ident) >= limit


def hit(scope: str, ident: str, window: int) -> int:
    """Count one attempt; the window starts with the first attempt."""
    key = _key(scope, ident)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def reset(scope: str, ident: str) -> None:
    cache.delete(_key(scope, ident))


def take(scope: str, ident: str, *, limit: int, window: int) -> int:
    """Counts one attempt: 0 when it is within the limit, else the minutes (at least 1) until
    the window resets, for the refusal message. Counting first (an atomic increment) keeps
    parallel requests from slipping past the limit together."""
    ends_key = f"rl-ends:{scope}:{ident.lower()}"
    count = hit(scope, ident, window)
    if count == 1:
        cache.set(ends_key, time.time() + window, timeout=window)
    if count <= limit:
        return 0
    ends = cache.get(ends_key) or time.time() + window
    return max(1, math.ceil((ends - time.time()) / 60))

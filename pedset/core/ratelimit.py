"""Fixed-window counters in the shared cache (Redis in production), for throttling."""

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

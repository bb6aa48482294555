"""A fixed-window counter in the cache, for public forms that take input without an account (a request for
guided intervision, a programme sign-up): spam protection next to their honeypot."""

from django.core.cache import cache


def over_limit(key: str, *, limit: int, window: int) -> bool:
    """Count one more use of ``key`` in the current window of ``window`` seconds; True once it passes
    ``limit``. The first use opens the window."""
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit

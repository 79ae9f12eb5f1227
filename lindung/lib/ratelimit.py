"""A fixed-window counter in the shared cache, for per-user and per-key rate limits."""

from __future__ import annotations

import time

from django.core.cache import cache


def count_in_window(name: str, *, window: int, now: float | None = None) -> int:
    """Count one more event for `name` in the current window of `window` seconds; the total.

    One cache increment, no database write. The cache must be shared by every process
    (settings.CACHES) for the count to hold across gunicorn workers. A burst of up to twice
    a limit across a window boundary is accepted.
    """
    slot = f"{name}:{int((now if now is not None else time.time()) // window)}"
    cache.add(slot, 0, timeout=window * 2)
    try:
        return cache.incr(slot)
    except ValueError:  # evicted between add and incr
        cache.set(slot, 1, timeout=window * 2)
        return 1

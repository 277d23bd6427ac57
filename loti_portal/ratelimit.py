"""Rate limits for public actions that cost us something (CPU, or an email sent), in the shared cache."""

from __future__ import annotations

import math
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import PermissionDenied


def client_ip(request) -> str:
    """The client's address as allauth works it out (honouring the trusted proxy settings)."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "unknown"


def consume(*, scope: str, key: str, rate: int, window: int) -> int:
    """Count one action by `key` in `scope`; returns 0, or the seconds to wait when the allowance is spent.

    At most `rate` actions in any `window` seconds. The count is a sliding window: this window's actions
    plus the previous window's, weighted by how much of it still falls within the last `window` seconds,
    so that no burst at a window boundary doubles the allowance. It lives in the shared cache, so every
    worker counts together (in the embedded default each process counts on its own).
    """
    now = time.time()
    slot, elapsed = divmod(now, window)
    current_key = f"ratelimit:{scope}:{key}:{int(slot)}"
    previous_key = f"ratelimit:{scope}:{key}:{int(slot) - 1}"
    counts = cache.get_many([current_key, previous_key])
    previous = counts.get(previous_key, 0)
    current = counts.get(current_key, 0)
    if previous * (1 - elapsed / window) + current + 1 > rate:
        return max(1, math.ceil(window - elapsed))
    # Kept for two windows: in the next one it is the previous window's count.
    if not cache.add(current_key, 1, timeout=2 * window):
        try:
            cache.incr(current_key)
        except ValueError:
            cache.set(current_key, 1, timeout=2 * window)
    return 0

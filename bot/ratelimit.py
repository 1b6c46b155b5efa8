"""A per-key sliding-window rate limiter (for questions asked in Discord).

Engine-side and Discord-free: a key is any hashable value (the Discord adapter
uses ``(guild_id, user_id)``), time comes from an injected clock so tests can
move it by hand, and a refusal is a :class:`bot.errors.RateLimitedError` whose
message is the sentence the person sees.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable

from bot.errors import RateLimitedError

Clock = Callable[[], float]


def cooldown_sentence(retry_after: float) -> str:
    """"You're asking quickly — try again in 12 seconds." (whole seconds, at least 1)."""
    seconds = max(1, math.ceil(retry_after))
    unit = "second" if seconds == 1 else "seconds"
    return f"You're asking quickly — try again in {seconds} {unit}."


class RateLimiter:
    """At most ``rate`` events per ``period`` seconds for each key, over a sliding window.

    Memory is bounded: at most ``max_keys`` keys are tracked (the least recently
    used are forgotten first), and each key keeps at most ``rate`` timestamps.
    Thread-safe.
    """

    def __init__(
        self, rate: int, period: float, *, clock: Clock = time.monotonic, max_keys: int = 10_000,
    ) -> None:
        if rate < 1:
            raise ValueError("rate must be at least 1")
        if period <= 0:
            raise ValueError("period must be positive")
        self.rate = rate
        self.period = period
        self._clock = clock
        self._max_keys = max_keys
        self._hits: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, key: Hashable) -> None:
        """Count one event for ``key``, or raise :class:`RateLimitedError` if over the limit.

        A refused event is not counted, so waiting ``retry_after`` seconds always helps.
        """
        now = self._clock()
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                hits = self._hits[key] = deque()
            self._hits.move_to_end(key)
            while hits and hits[0] <= now - self.period:
                hits.popleft()
            if len(hits) >= self.rate:
                retry_after = hits[0] + self.period - now
                raise RateLimitedError(cooldown_sentence(retry_after), retry_after)
            hits.append(now)
            while len(self._hits) > self._max_keys:
                self._hits.popitem(last=False)

    def reset(self, key: Hashable | None = None) -> None:
        """Forget one key's history, or everyone's."""
        with self._lock:
            if key is None:
                self._hits.clear()
            else:
                self._hits.pop(key, None)

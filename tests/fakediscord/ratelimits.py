"""Rate limits and other refusals on demand.

``fake.rate_limit("POST", r"/channels/\\d+/messages", 0.2)``:

A matching request is answered ``429`` with Discord's body ``{"message": "You are being
rate limited.", "retry_after": 0.2, "global": false, "code": 0}`` and the headers
discord.py reads: ``Retry-After``, ``X-RateLimit-Limit``, ``-Remaining: 0``,
``-Reset``, ``-Reset-After``, ``-Bucket``, ``-Scope`` (``X-RateLimit-Global`` for a
global limit) and ``Via`` (without it discord.py takes a 429 for a Cloudflare ban).

``fake.fail("PUT", r"/commands$", 403, 50001, "Missing Access")``: the next matching
request gets that Discord error (an outage, a scope the bot was not invited with...).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from .errors import ApiError


@dataclass
class RateLimitRule:
    """Answer the next ``times`` requests matching ``method`` and ``path`` with 429."""

    method: str
    path: re.Pattern[str]
    retry_after: float
    times: int = 1
    is_global: bool = False
    hits: list[str] = field(default_factory=list)

    def matches(self, method: str, path: str) -> bool:
        return (self.times > 0 and method.upper() == self.method.upper()
                and self.path.search(path) is not None)

    def refusal(self, method: str, path: str) -> ApiError:
        """The refusal for this request (and count it)."""
        self.times -= 1
        self.hits.append(f"{method} {path}")
        reset = time.time() + self.retry_after
        headers = {
            "Retry-After": f"{self.retry_after:g}", "Via": "1.1 google",
            "X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{reset:.3f}",
            "X-RateLimit-Reset-After": f"{self.retry_after:.3f}",
            "X-RateLimit-Bucket": "fakediscord-" + re.sub(r"\W", "", self.path.pattern)[:20],
            "X-RateLimit-Scope": "global" if self.is_global else "user",
        }
        if self.is_global:
            headers["X-RateLimit-Global"] = "true"
        return ApiError(429, 0, "You are being rate limited.", headers=headers,
                        extra={"retry_after": self.retry_after, "global": self.is_global})


@dataclass
class FaultRule(RateLimitRule):
    """Answer the next ``times`` matching requests with a Discord error of our choosing."""

    status: int = 500
    code: int = 0
    message: str = "Internal Server Error"

    def refusal(self, method: str, path: str) -> ApiError:
        self.times -= 1
        self.hits.append(f"{method} {path}")
        return ApiError(self.status, self.code, self.message)

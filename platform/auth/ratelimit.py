"""Rate limits for the token endpoint and the login form: sliding windows.

Each key (`token:ip:203.0.113.7`, `login:client:frontend` ...) may be hit
`limit` times in any `window` seconds; the next hit is refused with the
seconds until the oldest one leaves the window (the `Retry-After`).

By default the windows live in the process (each worker counts for itself).
With `VOCREHAB_REDIS_URL` they live in Redis, shared by every worker and
machine, and checked and recorded atomically by one Lua script. If Redis
cannot be reached, requests are let through and the failure is logged: an
outage of the limiter must not become an outage of login.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, Protocol

__all__ = ["InProcessLimiter", "RateLimiter", "RedisLimiter", "build_limiter", "first_refusal"]

log = logging.getLogger("vocrehab.auth")


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int, window: float) -> float | None:
        """Record a hit; None if allowed, else the seconds to wait."""

    async def close(self) -> None: ...


async def first_refusal(
    limiter: RateLimiter, checks: Sequence[tuple[str, int]], window: float
) -> float | None:
    """Check the keys in order and stop at the first refusal (so a client that is
    already refused by IP does not also use up its own allowance)."""
    for key, limit in checks:
        wait = await limiter.hit(key, limit, window)
        if wait is not None:
            return wait
    return None


class InProcessLimiter:
    MAX_KEYS = 50_000  # bounded memory whatever keys an attacker makes up

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}

    async def hit(self, key: str, limit: int, window: float) -> float | None:
        now = self.clock()
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= self.MAX_KEYS:
                self._forget_idle(now, window)
            hits = self._hits[key] = deque()
        while hits and hits[0] <= now - window:
            hits.popleft()
        if len(hits) >= limit:
            return max(hits[0] + window - now, 0.001)
        hits.append(now)
        return None

    def _forget_idle(self, now: float, window: float) -> None:
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - window]:
            del self._hits[key]
        while len(self._hits) >= self.MAX_KEYS:  # still full: drop the oldest keys
            del self._hits[next(iter(self._hits))]

    async def close(self) -> None:
        self._hits.clear()


# KEYS[1]: the window; ARGV: window (s), limit, a unique member. Redis' own clock
# keeps every worker on the same time. Returns nil when allowed, else the wait.
_SLIDING_WINDOW = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1000000
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', t - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tostring(tonumber(oldest[2]) + window - t)
end
redis.call('ZADD', KEYS[1], t, ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
return false
"""


class RedisLimiter:
    def __init__(self, url: str, prefix: str = "vocrehab:ratelimit:") -> None:
        from redis.asyncio import Redis

        self.redis: Any = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.prefix = prefix
        self._script = self.redis.register_script(_SLIDING_WINDOW)

    async def hit(self, key: str, limit: int, window: float) -> float | None:
        from redis.exceptions import RedisError

        try:
            wait = await self._script(
                keys=[self.prefix + key], args=[window, limit, uuid.uuid4().hex]
            )
        except RedisError as exc:
            log.error("rate limiter unavailable, request let through: %s", type(exc).__name__)
            return None
        return None if wait is None else max(float(wait), 0.001)

    async def close(self) -> None:
        await self.redis.aclose()


def build_limiter(redis_url: str | None) -> RateLimiter:
    return RedisLimiter(redis_url) if redis_url else InProcessLimiter()

"""The authorization server as the HTTP handlers use it: read the request,
apply the rate limits, run authlib on a database session, recover from a
replayed grant.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from authlib.common.security import is_secure_transport
from authlib.oauth2.rfc6749.util import extract_basic_authorization
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from vocrehab.auth import token_store
from vocrehab.auth.keys import KeyStore
from vocrehab.auth.ratelimit import build_limiter, first_refusal
from vocrehab.auth.server import HttpRequest, OAuthServer, ServerConfig
from vocrehab.auth.token_store import Replay
from vocrehab.config import Settings
from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database

__all__ = ["AuthorizationService", "InsecureTransport"]

log = logging.getLogger("vocrehab.auth")
T = TypeVar("T")
PURGE_EVERY = 3600.0
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class InsecureTransport(Exception):
    """The public URL is plain http to another machine: OAuth needs TLS."""


class AuthorizationService:
    def __init__(self, settings: Settings, db: Database, clock: Clock, keys: KeyStore) -> None:
        self.settings = settings
        self.db = db
        self.clock = clock
        self.keys = keys
        self.config = ServerConfig(
            keys=keys,
            issuer=settings.token_issuer,
            audience=settings.audience,
            access_ttl=timedelta(seconds=settings.token_ttl_seconds),
            refresh_ttl=timedelta(seconds=settings.refresh_token_ttl_seconds),
            leeway=timedelta(seconds=settings.token_leeway_seconds),
        )
        self.limits = settings.rate_limits
        self.limiter = build_limiter(settings.redis_url)
        self._purged_at = -math.inf

    async def snapshot(self, request: Request) -> HttpRequest:
        """Everything authlib will read, read now (the body needs an await)."""
        if request.method == "POST":
            form = await request.form()
            items = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
        else:
            items = list(request.query_params.multi_items())
        params: dict[str, list[str]] = {}
        for key, value in items:
            params.setdefault(key, []).append(value)
        query = f"?{request.url.query}" if request.url.query else ""
        uri = f"{self.settings.base_url}{request.url.path}{query}"
        if not is_secure_transport(uri):
            raise InsecureTransport(uri)
        ip = request.client.host if request.client else "unknown"
        return HttpRequest(request.method, uri, request.headers, params, client_ip=ip)

    async def run(self, action: Callable[[OAuthServer], T], *, write: bool = True) -> T:
        """Run authlib (synchronous) on a session of its own, in one transaction when writing."""
        now = self.clock.now()
        await self.keys.refresh()
        purge = write and self._purge_due()
        if write:
            async with self.db.transaction() as session:
                return await session.run_sync(
                    lambda sync: _act(action, OAuthServer(self.config, sync, now), purge)
                )
        async with self.db.session() as session:
            return await session.run_sync(lambda sync: action(OAuthServer(self.config, sync, now)))

    async def revoke_replayed(self, replay: Replay) -> Response:
        """A code or refresh token spent twice at once: what the winner got is revoked too."""
        log.warning("authorization grant replayed: revoking its token family")
        now = self.clock.now()
        async with self.db.transaction() as session:
            await session.run_sync(
                lambda sync: token_store.revoke_family(sync, replay.family_id, now)
            )
        body = {
            "error": "invalid_grant",
            "error_description": "This code or refresh token was already used: every token "
            "issued for the sign-in is now revoked. Sign in again.",
        }
        return JSONResponse(body, 400, headers=NO_STORE)

    async def throttle(self, kind: str, snapshot: HttpRequest) -> Response | None:
        """None when within the limits, else 429 with Retry-After."""
        per_client, per_ip = (
            (self.limits.token_per_client, self.limits.token_per_ip)
            if kind == "token"
            else (self.limits.login_per_client, self.limits.login_per_ip)
        )
        checks = [(f"{kind}:ip:{snapshot.client_ip}", per_ip)]
        client_id = client_id_of(snapshot)
        if client_id:
            checks.append((f"{kind}:client:{client_id[:200]}", per_client))
        wait = await first_refusal(self.limiter, checks, self.limits.window_seconds)
        if wait is None:
            return None
        log.warning("rate limit hit: %s (ip=%s)", kind, snapshot.client_ip)
        retry_after = str(max(1, math.ceil(wait)))
        body = {"error": "temporarily_unavailable", "error_description": "Too many requests."}
        return JSONResponse(body, 429, headers={**NO_STORE, "Retry-After": retry_after})

    def _purge_due(self) -> bool:
        if time.monotonic() - self._purged_at < PURGE_EVERY:
            return False
        self._purged_at = time.monotonic()
        return True

    async def close(self) -> None:
        await self.limiter.close()


def _act(action: Callable[[OAuthServer], T], server: OAuthServer, purge: bool) -> T:
    if purge:
        token_store.purge_expired(server.session, server.now)
    return action(server)


def client_id_of(snapshot: HttpRequest) -> str | None:
    """The client a request names (form or HTTP Basic): for limits and logs only."""
    named = snapshot.params.get("client_id", [None])[0]
    return named or extract_basic_authorization(snapshot.headers)[0]

"""Rate limits on the token endpoint and the login form: 429 with Retry-After,
per client and per IP; sliding windows in process or in Redis."""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from oauth_support import OAuthWorld, authorize_params, pkce, submit_login
from support import Api, settings

from vocrehab.auth.ratelimit import InProcessLimiter, RedisLimiter
from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost

LIMITS = {"window_seconds": 60, "token_per_client": 2, "token_per_ip": 4, "login_per_ip": 2}


@pytest.fixture
async def limited(
    oauth: OAuthWorld, db: Database, host: PluginHost, clock: Clock
) -> AsyncIterator[Api]:
    """An app with tiny limits, on the same database as `oauth`."""
    from vocrehab.app import create_app

    app = create_app(settings(rate_limits=LIMITS), host=host, clock=clock, database=db)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="https://vocrehab.test"
        ) as client:
            yield Api(app, client, clock)


async def test_the_token_endpoint_limits_each_client_then_each_ip(
    limited: Api, oauth: OAuthWorld
) -> None:
    async def request(auth: tuple[str, str]) -> httpx.Response:
        data = {"grant_type": "client_credentials"}
        return await limited.client.post("/oauth/token", data=data, auth=auth)

    machine = (oauth.machine_id, oauth.machine_secret)
    assert [(await request(machine)).status_code for _ in range(2)] == [200, 200]
    refused = await request(machine)
    assert refused.status_code == 429
    assert refused.json()["error"] == "temporarily_unavailable"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert "access_token" not in refused.json()
    other = await request((oauth.web_id, oauth.web_secret))
    assert other.status_code == 400, (
        "another client still gets an answer (it may not use this grant)"
    )
    by_ip = await request((oauth.web_id, oauth.web_secret))
    assert by_ip.status_code == 429, "the fifth request from this IP in the window"


async def test_the_login_form_limits_each_ip(limited: Api, oauth: OAuthWorld) -> None:
    page = await limited.client.get(
        "/oauth/authorize", params=authorize_params(oauth.spa_id, pkce()[1])
    )
    for _ in range(2):
        assert (
            await submit_login(limited.client, page, oauth.username, "guess")
        ).status_code == 401
    refused = await submit_login(limited.client, page, oauth.username, oauth.password)
    assert refused.status_code == 429 and "location" not in refused.headers
    assert int(refused.headers["retry-after"]) >= 1
    assert "Too many attempts" in refused.text


async def test_the_window_slides() -> None:
    now = [100.0]
    limiter = InProcessLimiter(clock=lambda: now[0])
    assert await limiter.hit("k", 2, 10) is None
    now[0] = 104
    assert await limiter.hit("k", 2, 10) is None
    now[0] = 105
    assert await limiter.hit("k", 2, 10) == pytest.approx(5.0)
    assert await limiter.hit("other", 2, 10) is None, "keys are counted apart"
    now[0] = 110.5
    assert await limiter.hit("k", 2, 10) is None, "the first hit left the window"
    assert await limiter.hit("k", 2, 10) == pytest.approx(3.5)


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
async def test_redis_shares_the_window_between_limiters() -> None:
    prefix = f"vocrehab-test:{uuid.uuid4().hex}:"
    first = RedisLimiter("redis://127.0.0.1:6379/0", prefix=prefix)
    second = RedisLimiter("redis://127.0.0.1:6379/0", prefix=prefix)
    try:
        assert await first.hit("token:client:a", 2, 30) is None
        assert await second.hit("token:client:a", 2, 30) is None
        wait = await first.hit("token:client:a", 2, 30)
        assert wait is not None and 29 < wait <= 30
        assert await second.hit("token:client:b", 2, 30) is None
    finally:
        await first.redis.delete(f"{prefix}token:client:a", f"{prefix}token:client:b")
        await first.close()
        await second.close()


async def test_an_unreachable_redis_lets_requests_through(caplog: pytest.LogCaptureFixture) -> None:
    limiter = RedisLimiter("redis://127.0.0.1:1/0")
    try:
        with caplog.at_level(logging.ERROR, logger="vocrehab.auth"):
            assert await limiter.hit("k", 1, 10) is None
    finally:
        await limiter.close()
    assert "rate limiter unavailable" in caplog.text

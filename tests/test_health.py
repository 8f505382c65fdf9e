"""/healthz says the process serves; /readyz that what it needs answers too."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from servers import redis_up
from starlette.applications import Starlette
from support import Api, settings, take_down

from vocrehab.app import create_app
from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost

REDIS = "redis://127.0.0.1:6379/15"


async def test_ready_when_the_database_answers(api: Api) -> None:
    ready = await api.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"database": "ok"}}
    live = await api.client.get("/healthz")
    assert live.status_code == 200 and live.json()["status"] == "ok"


async def test_alive_but_not_ready_without_the_database(api: Api, database_down: Database) -> None:
    live = await api.client.get("/healthz")
    assert live.status_code == 200
    ready = await api.client.get("/readyz")
    assert ready.status_code == 503
    assert int(ready.headers["retry-after"]) > 0
    body = ready.json()
    assert body["checks"] == {"database": "unreachable"}
    assert body["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


@asynccontextmanager
async def app_with_redis(
    db: Database, host: PluginHost, clock: Clock, redis_url: str
) -> AsyncIterator[httpx.AsyncClient]:
    app: Starlette = create_app(settings(redis_url=redis_url), host=host, clock=clock, database=db)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://t") as client:
            yield client


@pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1:6379")
async def test_ready_checks_redis_when_it_is_configured(
    db: Database, host: PluginHost, clock: Clock
) -> None:
    async with app_with_redis(db, host, clock, REDIS) as client:
        ready = await client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["checks"] == {"database": "ok", "redis": "ok"}


async def test_not_ready_when_redis_is_configured_and_unreachable(
    db: Database, host: PluginHost, clock: Clock
) -> None:
    async with app_with_redis(db, host, clock, "redis://127.0.0.1:9/0") as client:
        ready = await client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"] == {"database": "ok", "redis": "unreachable"}
        assert (await client.get("/healthz")).status_code == 200


async def test_a_worker_started_during_an_outage_waits_for_the_database(
    db: Database, host: PluginHost, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Failing instead would make uvicorn stop the whole server, its serving workers too."""
    app: Starlette = create_app(settings(), host=host, clock=clock, database=db)
    take_down(db, monkeypatch)
    up, done = asyncio.Event(), asyncio.Event()

    async def worker() -> None:
        async with app.router.lifespan_context(app):
            up.set()
            await done.wait()

    started = asyncio.create_task(worker())
    await asyncio.sleep(1.5)
    assert not started.done(), "start-up gave up while the database was down"
    assert not up.is_set()
    monkeypatch.undo()  # the database is back
    await asyncio.wait_for(up.wait(), 15)
    done.set()
    await started

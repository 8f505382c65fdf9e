"""Probes for orchestrators and load balancers.

- `GET /healthz` (liveness): the process is up and serving. It touches no
  database, so an orchestrator never restarts healthy workers because the
  database is down.
- `GET /readyz` (readiness): the database answers and, when
  `VOCREHAB_REDIS_URL` is set, so does Redis. 503 with what is missing
  otherwise, so a load balancer sends no traffic to a worker that cannot serve.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable

import sqlalchemy as sa
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from vocrehab.db.engine import Database
from vocrehab.db.outage import RETRY_AFTER_SECONDS

__all__ = ["Health"]

log = logging.getLogger("vocrehab.health")

PROBE_TIMEOUT_SECONDS = 2.0


class Health:
    def __init__(self, db: Database, redis_url: str | None, plugins: list[str]) -> None:
        self.db = db
        self.redis_url = redis_url
        self.plugins = plugins
        self.routes: list[BaseRoute] = [
            Route("/healthz", self.live, methods=["GET"]),
            Route("/readyz", self.ready, methods=["GET"]),
        ]

    async def live(self, request: Request) -> Response:
        return JSONResponse({"status": "ok", "plugins": self.plugins})

    async def ready(self, request: Request) -> Response:
        checks = {"database": await _probe("database", self._database())}
        if self.redis_url:
            checks["redis"] = await _probe("redis", self._redis(self.redis_url))
        if all(state == "ok" for state in checks.values()):
            return JSONResponse({"status": "ready", "checks": checks})
        missing = ", ".join(name for name, state in checks.items() if state != "ok")
        return JSONResponse(
            {
                "status": "unavailable",
                "checks": checks,
                "errors": [
                    {
                        "message": f"not ready: {missing} unreachable",
                        "extensions": {"code": "SERVICE_UNAVAILABLE"},
                    }
                ],
            },
            status_code=503,
            headers={"retry-after": str(RETRY_AFTER_SECONDS)},
        )

    async def _database(self) -> None:
        async with self.db.session() as session:
            await session.execute(sa.text("SELECT 1"))

    @staticmethod
    async def _redis(url: str) -> None:
        from redis.asyncio import Redis

        client = Redis.from_url(url, socket_connect_timeout=PROBE_TIMEOUT_SECONDS)
        try:
            await client.ping()
        finally:
            await client.aclose()


async def _probe(name: str, check: Awaitable[None]) -> str:
    try:
        await asyncio.wait_for(check, PROBE_TIMEOUT_SECONDS)
    except Exception as exc:
        log.warning("readiness: %s unreachable: %r", name, exc)
        return "unreachable"
    return "ok"

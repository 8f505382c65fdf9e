"""The floor of our own stack: the caseload page W1 (bench/scenarios.py) from
Starlette with asyncpg or aiosqlite and ONE SQL statement that builds the whole
answer, as the JSON GraphQL returns, for one case manager fixed at start-up.
No auth, no access log, no GraphQL. What vocrehab costs above this is the
price of everything else, and `make bench` reports it as a ratio.

    python bench/floor.py --actor ACT_... [--database-url URL] [--port 8100]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

__all__ = ["create_app", "decode_actor"]

# The viewer's caseload (team membership of the actor or of the organisation it
# acts for, active today), newest first as `cases(first: 50)` orders it. Driven
# from the team memberships: SQLite would otherwise walk every case by date,
# probing each for membership (20 ms instead of 0.6 at 10,000 cases).
PAGE = """
WITH viewer AS (SELECT id, organisation_id FROM actors WHERE id = {actor}),
page AS (
  SELECT c.id, c.reference, c.participant_id, c.opened_at FROM cases c
  WHERE c.id IN (SELECT t.case_id FROM case_team_members t, viewer v
    WHERE t.actor_id IN (v.id, v.organisation_id) AND t.since <= {today}
    AND (t.until IS NULL OR t.until >= {today}))
  ORDER BY c.opened_at DESC, c.id DESC LIMIT 50)
"""
POSTGRES = (
    PAGE.format(actor="$1", today="$2")
    + """
SELECT json_build_object('data', json_build_object('cases', json_build_object('edges',
  coalesce(json_agg(json_build_object('node', json_build_object(
    'id', 'CAS_' || rtrim(translate(encode(uuid_send(page.id), 'base64'), '+/', '-_'), '='),
    'reference', page.reference,
    'participant', (SELECT json_build_object('givenName', p.given_name, 'familyName', p.family_name)
      FROM participants p WHERE p.id = page.participant_id),
    'team', (SELECT coalesce(json_agg(json_build_object('role', t.role, 'actor',
      json_build_object('name', a.name)) ORDER BY t.since, t.id), '[]')
      FROM case_team_members t JOIN actors a ON a.id = t.actor_id WHERE t.case_id = page.id),
    'currentPlan', (SELECT json_build_object('title', pl.title, 'steps', (SELECT coalesce(
      json_agg(json_build_object('startDate', s.start_date, 'endDate', s.end_date,
      'workPercent', s.work_percent) ORDER BY s.position), '[]') FROM plan_steps s
      WHERE s.plan_id = pl.id)) FROM plans pl WHERE pl.case_id = page.id AND pl.status = 'ACTIVE'),
    'interventions', json_build_object('edges', (SELECT coalesce(json_agg(json_build_object(
      'node', json_build_object('status', i.status, 'type', json_build_object('code', i.type_code)))
      ORDER BY i.id), '[]') FROM (SELECT id, status, type_code FROM interventions
      WHERE case_id = page.id ORDER BY id LIMIT 5) i))
  )) ORDER BY page.opened_at DESC, page.id DESC), '[]'))))::text
FROM page
"""
)
# SQLite (3.40) has no ORDER BY inside aggregates: arrays aggregate ordered subqueries.
SQLITE = (
    PAGE.format(actor="?1", today="?2")
    + """
SELECT json_object('data', json_object('cases', json_object('edges', (
  SELECT json_group_array(json(edge)) FROM (SELECT json_object('node', json_object(
    'id', gid('CAS', page.id),
    'reference', page.reference,
    'participant', json((SELECT json_object('givenName', given_name, 'familyName', family_name)
      FROM participants WHERE id = page.participant_id)),
    'team', json((SELECT json_group_array(json(m)) FROM (SELECT json_object('role', t.role,
      'actor', json_object('name', a.name)) AS m FROM case_team_members t
      JOIN actors a ON a.id = t.actor_id WHERE t.case_id = page.id ORDER BY t.since, t.id))),
    'currentPlan', json((SELECT json_object('title', pl.title, 'steps', json((
      SELECT json_group_array(json(s)) FROM (SELECT json_object('startDate', start_date,
      'endDate', end_date, 'workPercent', work_percent) AS s FROM plan_steps
      WHERE plan_id = pl.id ORDER BY position)))) FROM plans pl
      WHERE pl.case_id = page.id AND pl.status = 'ACTIVE')),
    'interventions', json_object('edges', json((SELECT json_group_array(json(e)) FROM (
      SELECT json_object('node', json_object('status', status, 'type', json_object('code',
      type_code))) AS e FROM interventions WHERE case_id = page.id ORDER BY id LIMIT 5))))
  )) AS edge FROM page ORDER BY page.opened_at DESC, page.id DESC)))))
"""
)


def decode_actor(global_id: str) -> uuid.UUID:
    """The row id in an Actor's global id (`ACT_` and the base64url of its 16 bytes)."""
    prefix, _, token = global_id.partition("_")
    if prefix != "ACT" or len(token) != 22:
        raise ValueError(f"{global_id!r} is not the ID of an Actor")
    return uuid.UUID(bytes=base64.urlsafe_b64decode(token + "=="))


def _gid(prefix: str, hex_id: str) -> str:
    token = base64.urlsafe_b64encode(bytes.fromhex(hex_id)).rstrip(b"=").decode()
    return f"{prefix}_{token}"


@asynccontextmanager
async def _postgres(url: Any, actor: uuid.UUID) -> AsyncIterator[Callable[[date], Any]]:
    import asyncpg

    pool = await asyncpg.create_pool(
        url.set(drivername="postgresql").render_as_string(False), min_size=8, max_size=8
    )
    try:
        yield lambda today: pool.fetchval(POSTGRES, actor, today)
    finally:
        await pool.close()


@asynccontextmanager
async def _sqlite(url: Any, actor: uuid.UUID) -> AsyncIterator[Callable[[date], Any]]:
    import aiosqlite

    idle: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
    for _ in range(4):
        conn = await aiosqlite.connect(Path(url.database))
        await conn.create_function("gid", 2, _gid, deterministic=True)
        idle.put_nowait(conn)

    async def page(today: date) -> str:
        conn = await idle.get()
        try:
            async with conn.execute(SQLITE, (actor.hex, today.isoformat())) as cursor:
                return str((await cursor.fetchone())[0])  # type: ignore[index]
        finally:
            idle.put_nowait(conn)

    try:
        yield page
    finally:
        while not idle.empty():
            await idle.get_nowait().close()


def create_app(
    database_url: str, actor: uuid.UUID, today: Callable[[], date] | None = None
) -> Starlette:
    url = make_url(database_url)
    zone = ZoneInfo(os.environ.get("VOCREHAB_TIMEZONE", "UTC"))
    today = today or (lambda: datetime.now(zone).date())
    connect = _sqlite if url.get_backend_name() == "sqlite" else _postgres
    fetch: list[Callable[[date], Any]] = []

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with connect(url, actor) as page:
            fetch.append(page)
            yield

    async def caseload(request: Request) -> Response:
        await request.body()
        return Response(await fetch[0](today()), media_type="application/json")

    return Starlette(routes=[Route("/graphql", caseload, methods=["POST"])], lifespan=lifespan)


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actor", required=True, help="the case manager (global ID, ACT_...)")
    parser.add_argument("--database-url", default=os.environ.get("VOCREHAB_DATABASE_URL"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    args = parser.parse_args()
    app = create_app(args.database_url, decode_actor(args.actor))
    uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_level="warning")


if __name__ == "__main__":
    main()

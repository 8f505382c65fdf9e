"""PostgreSQL stopped and started again under load, the application left running.

The cluster is a private one this test creates with initdb in a temporary
directory (the machine's shared cluster serves other test runs). Throughout:
every reply is a success or a 503 SERVICE_UNAVAILABLE in JSON, every reply
while the database is down a 503; service resumes once it is back, without
restarting the application; and the database holds exactly the mutations that
were reported as done, not one that failed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from servers import (
    PrivateCluster,
    admin_sql,
    free_port,
    prepare,
    private_cluster,
    running,
    server_env,
)
from sqlalchemy.engine import make_url
from support import admin

from vocrehab.auth.keys import KeyStore
from vocrehab.auth.tokens import TokenRequest, issue_access_token
from vocrehab.config import Settings
from vocrehab.core.clock import Clock
from vocrehab.db import models as m
from vocrehab.db.access_log import AccessLogRow
from vocrehab.db.engine import Database
from vocrehab.hooks.vocabulary import StakeholderType

pytestmark = pytest.mark.slow

# Half the clients create actors; the other half register participants, which
# also writes an access-log entry for what the payload shows, in the same
# transaction: an outage between the change and its entry must undo both.
CREATE = """mutation($input: CreateActorInput!) {
  createActor(input: $input) { userErrors { code } } }"""
REGISTER = """mutation($input: RegisterParticipantInput!) {
  registerParticipant(input: $input) { participant { givenName } userErrors { code } } }"""
CLIENTS = 6


@pytest.fixture
def cluster() -> Iterator[PrivateCluster]:
    with private_cluster("-c max_connections=60") as cluster:
        yield cluster


@dataclass
class Reply:
    name: str
    sent: float
    answered: float
    status: int
    body: dict[str, Any]
    headers: httpx.Headers

    @property
    def done(self) -> bool:
        if self.status != 200 or "errors" in self.body:
            return False
        [payload] = self.body["data"].values()
        return payload["userErrors"] == []


@dataclass
class Load:
    base: str
    token: str
    replies: list[Reply] = field(default_factory=list)
    running: bool = True

    async def client(self, number: int) -> None:
        headers = {"authorization": f"Bearer {self.token}"}
        async with httpx.AsyncClient(timeout=30) as client:
            sequence = 0
            while self.running:
                sequence += 1
                name = f"Outage{number}x{sequence}"
                if number % 2:
                    query = REGISTER
                    given = {"jurisdiction": "generic", "nationalId": name, "givenName": name,
                             "familyName": "Outage"}  # fmt: skip
                else:
                    query = CREATE
                    given = {"kind": "PERSON", "stakeholderType": "CLINICIAN", "name": name}
                sent = time.monotonic()
                response = await client.post(
                    f"{self.base}/graphql",
                    json={"query": query, "variables": {"input": given}},
                    headers=headers,
                )
                self.replies.append(
                    Reply(name, sent, time.monotonic(), response.status_code,
                          response.json(), response.headers)
                )  # fmt: skip
                await asyncio.sleep(0.01)

    async def until(self, condition: Callable[[], bool], seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            await asyncio.sleep(0.1)


def token_for(keys: KeyStore, settings: Settings) -> str:
    request = TokenRequest(
        subject="admin", client_id="outage", stakeholder_type=admin().stakeholder_type,
        scopes=admin().scopes, ttl=timedelta(minutes=30),
    )  # fmt: skip
    return issue_access_token(
        keys, settings.token_issuer, settings.audience, request, Clock("UTC").now()
    )


async def test_postgresql_stopped_and_started_under_load(
    cluster: PrivateCluster, tmp_path: Path
) -> None:
    await admin_sql(make_url(cluster.url), 'CREATE DATABASE "outage"')
    url = str(make_url(cluster.url).set(database="outage").render_as_string(hide_password=False))
    await prepare(url, Clock("UTC").now())
    port = free_port()
    env = server_env(url, port, plugins="generic", workers="2")
    db = Database(url)
    keys = KeyStore(db)
    await keys.load()
    token = token_for(keys, Settings(database_url=url, port=port))
    await db.dispose()  # the test's own connections must not ride through the outage

    with running(env, tmp_path, "--no-migrate") as base:
        load = Load(base, token)
        clients = [asyncio.create_task(load.client(n)) for n in range(CLIENTS)]
        await load.until(lambda: sum(r.done for r in load.replies) >= 10)
        stopping = time.monotonic()
        await asyncio.to_thread(cluster.stop)
        down = time.monotonic()
        await asyncio.sleep(3)
        starting = time.monotonic()
        await asyncio.to_thread(cluster.start)
        up = time.monotonic()
        await load.until(lambda: sum(r.done and r.sent > up for r in load.replies) >= 10)
        load.running = False
        await asyncio.gather(*clients)

    replies = load.replies
    for reply in replies:
        assert "x-request-id" in reply.headers
        if not reply.done:
            assert reply.status == 503, (reply.status, reply.body)
            assert reply.body["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
            assert int(reply.headers["retry-after"]) > 0
    during = [r for r in replies if r.sent > down and r.answered < starting]
    assert during and all(r.status == 503 for r in during), "the outage was felt, as 503s"
    assert any(r.done and r.answered < stopping for r in replies), "it served before"
    assert sum(r.done and r.sent > up for r in replies) >= 10, "it serves again, unrestarted"

    db = Database(url)
    async with db.session() as session:
        actors = set(
            await session.scalars(
                sa.select(m.Actor.name).where(
                    m.Actor.name.like("Outage%"),
                    m.Actor.stakeholder_type == StakeholderType.CLINICIAN,
                )
            )
        )
        people = dict(
            (await session.execute(sa.select(m.Participant.id, m.Participant.given_name))).all()
        )
        logged = set(
            await session.scalars(
                sa.select(AccessLogRow.participant_id).where(
                    AccessLogRow.operation == "mutation registerParticipant"
                )
            )
        )
    await db.dispose()
    stored = actors | set(people.values())
    done = {r.name for r in replies if r.done}
    assert any(r.done for r in replies if r.name in people.values())
    assert stored == done, (
        f"missing though done: {sorted(done - stored)}; stored though failed: {sorted(stored - done)}"
    )
    assert logged == set(people), "each registration committed with its access-log entry"

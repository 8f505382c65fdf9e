"""The outbox survives its dispatcher: `vocrehab worker` processes deliver webhooks to
a real receiver (a Starlette app on another port), one of them is killed with
SIGKILL in the middle of a delivery and started again, and every committed case
event arrives at least once; two of them side by side (PostgreSQL) deliver no
message twice."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
import uvicorn
from servers import BIN, free_port, server_env
from standardwebhooks import Webhook
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from support import World, admin, as_actor, gid

from vocrehab.core import notes
from vocrehab.core.clock import Clock
from vocrehab.core.principal import Principal
from vocrehab.core.webhook_urls import UrlPolicy
from vocrehab.core.webhooks import CreateSubscription, create_subscription
from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.db.integrations import DeliveryStatus
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import StakeholderType as R

DEADLINE = 120.0
"""Seconds a test waits for everything to arrive before it fails."""


class Receiver:
    """Verifies each message's signature and keeps (webhook-id, event id, case id).
    The `hold_at`-th request is held open until `release` is set: the sender is then
    in the middle of a delivery."""

    def __init__(self, hold_at: int | None = None) -> None:
        self.port = free_port()
        self.secret = ""
        self.received: list[tuple[str, str, str]] = []
        self.hold_at = hold_at
        self.holding = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

        async def hook(request: Request) -> Response:
            message = Webhook(self.secret).verify(await request.body(), dict(request.headers))
            data = message["data"]
            with self._lock:
                self.received.append(
                    (request.headers["webhook-id"], data["eventId"], data["caseId"])
                )
                held = len(self.received) == self.hold_at
            if held:
                self.holding.set()
                await asyncio.to_thread(self.release.wait, DEADLINE)
            return Response(status_code=204)

        app = Starlette(routes=[Route("/hook", hook, methods=["POST"])])
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error")
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def events(self) -> set[str]:
        with self._lock:
            return {event for _, event, _ in self.received}


@contextmanager
def serving(receiver: Receiver) -> Iterator[Receiver]:
    thread = threading.Thread(target=receiver.server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not receiver.server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield receiver
    finally:
        receiver.release.set()
        receiver.server.should_exit = True
        thread.join(timeout=10)


class Workers:
    """`vocrehab worker` processes on the test's database, each logging to a file."""

    def __init__(self, database_url: str, cwd: Path) -> None:
        self.env = server_env(
            database_url,
            free_port(),
            dispatcher_poll_seconds="0.1",
            dispatcher_lease_seconds="2",
            webhook_timeout_seconds="2",
            webhook_allow_loopback_http="true",
        )
        self.cwd = cwd
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        log = (self.cwd / f"worker-{len(self.processes)}.log").open("wb")
        process = subprocess.Popen(
            [BIN / "vocrehab", "worker"], env=self.env, cwd=self.cwd, stdout=log, stderr=log
        )
        log.close()
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.kill(process)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.cwd.glob("worker-*")))


@pytest.fixture
async def workers(database_url: str, tmp_path: Path) -> AsyncIterator[Workers]:
    team = Workers(database_url, tmp_path)
    try:
        yield team
    finally:
        team.stop()


def _system() -> Principal:
    """An administrator's system: it may see every event, so what it receives can be
    counted against every case event."""
    principal = admin()
    return Principal("admin-system", "admin-system", R.ADMIN, principal.scopes)


async def _subscribe(world: World, url: str) -> str:
    urls = UrlPolicy(allow_loopback_http=True)
    cmd = CreateSubscription(url=url, event_types=["*"])
    catalogue = frozenset({"*"})
    _, secret = await world.do(_system(), lambda w: create_subscription(w, cmd, urls, catalogue))
    return secret


async def _notes(world: World, manager: m.Actor, cases: list[m.Case], each: int) -> None:
    for i in range(each):
        for case in cases:
            cmd = notes.AddNote(case_id=case.id, body=f"note {i}", visible_to=None)
            await world.do(as_actor(manager), lambda w, cmd=cmd: notes.add_note(w, cmd))


async def _case_events(db: Database) -> list[m.CaseEvent]:
    async with db.session() as session:
        query = sa.select(m.CaseEvent).order_by(m.CaseEvent.at, m.CaseEvent.id)
        return list((await session.execute(query)).scalars())


async def _all_arrive(db: Database, receiver: Receiver, workers: Workers) -> list[m.CaseEvent]:
    events = await _case_events(db)
    expected = {gid(e) for e in events}
    deadline = time.monotonic() + DEADLINE
    while not expected <= receiver.events():
        if time.monotonic() > deadline:
            missing = len(expected - receiver.events())
            pytest.fail(f"{missing} of {len(expected)} events never arrived:\n{workers.logs()}")
        await asyncio.sleep(0.1)
    return events


async def _outbox_settled(db: Database) -> None:
    """Every outbox message dispatched and every delivery succeeded (none left pending)."""
    deadline = time.monotonic() + DEADLINE
    while True:
        async with db.session() as session:
            waiting = await session.scalar(
                sa.select(sa.func.count())
                .select_from(m.OutboxMessage)
                .where(m.OutboxMessage.dispatched_at.is_(None))
            )
            statuses = set(
                (await session.execute(sa.select(m.WebhookDelivery.status).distinct())).scalars()
            )
        if waiting == 0 and statuses <= {DeliveryStatus.SUCCEEDED}:
            return
        assert time.monotonic() < deadline, (waiting, statuses)
        await asyncio.sleep(0.1)


def _in_order_per_case(received: list[tuple[str, str, str]], events: list[m.CaseEvent]) -> None:
    """Each case's events first arrive in the order they were committed (a message
    sent again after a crash may come again later)."""
    for case_id in {e.case_id for e in events}:
        committed = [gid(e) for e in events if e.case_id == case_id]
        first_seen: list[str] = []
        for _, event, _ in received:
            if event in committed and event not in first_seen:
                first_seen.append(event)
        assert first_seen == committed


async def test_a_worker_killed_mid_delivery_loses_nothing(
    db: Database, host: PluginHost, workers: Workers
) -> None:
    world = World(db, host, Clock("Europe/Oslo"))
    with serving(Receiver(hold_at=5)) as receiver:
        receiver.secret = await _subscribe(world, receiver.url)
        manager = await world.actor(R.CASE_MANAGER)
        cases = [
            await world.case(await world.participant(f"P{i}"), team={manager: R.CASE_MANAGER})
            for i in range(3)
        ]
        await _notes(world, manager, cases, 4)
        first = workers.start()
        # More events commit while it works.
        writer = asyncio.create_task(_notes(world, manager, cases, 2))
        held = await asyncio.to_thread(receiver.holding.wait, DEADLINE)
        assert held, workers.logs()
        workers.kill(first)  # in the middle of the fifth request
        receiver.release.set()
        await writer
        await _notes(world, manager, cases, 2)  # and while no dispatcher runs
        workers.start()
        events = await _all_arrive(db, receiver, workers)
        await _outbox_settled(db)
    assert first.returncode == -signal.SIGKILL
    assert len(events) == 3 * (1 + 1 + 8)  # opened, member added, eight notes per case
    # The message in flight when the worker died was sent again, under the same id.
    held = receiver.received[4][0]
    assert [message for message, _, _ in receiver.received].count(held) >= 2
    _in_order_per_case(receiver.received, events)


async def test_two_workers_share_the_outbox_and_send_nothing_twice(
    db: Database, host: PluginHost, workers: Workers
) -> None:
    if db.is_sqlite:
        pytest.skip("several dispatchers share the outbox on PostgreSQL (SKIP LOCKED)")
    world = World(db, host, Clock("Europe/Oslo"))
    with serving(Receiver()) as receiver:
        receiver.secret = await _subscribe(world, receiver.url)
        manager = await world.actor(R.CASE_MANAGER)
        workers.start()
        workers.start()
        cases = [
            await world.case(await world.participant(f"P{i}"), team={manager: R.CASE_MANAGER})
            for i in range(8)
        ]
        await _notes(world, manager, cases, 5)
        events = await _all_arrive(db, receiver, workers)
        await _outbox_settled(db)
    ids = [message for message, _, _ in receiver.received]
    assert len(ids) == len(set(ids)) == len(events), workers.logs()
    _in_order_per_case(receiver.received, events)
    assert all(p.poll() is None for p in workers.processes)

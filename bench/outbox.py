"""The outbox and its webhooks: how many deliveries per second one dispatcher
(`vocrehab worker`) makes to a local receiver (bench/receiver.py, which verifies
every signature), and how much latency a mutation gains from the outbox.

    .venv/bin/python bench/outbox.py      # this part alone, on a small caseload

Part of `make bench` (bench/run.py). It subscribes the receiver to `note.added`,
then:

1. writes notes with `addCaseNote`, one request at a time, while no dispatcher
   runs (the serve's own is off): each commits its outbox row, nobody reads it;
2. starts one `vocrehab worker` on that backlog and times the deliveries from the
   first arrival to the last (BENCH_OUTBOX_MESSAGES in all, default 2,000);
3. writes notes one at a time again while the worker delivers each as it
   commits: the difference to 1. is what a running dispatcher adds;
4. in this process, times the same core change (`add_note` in one transaction)
   with its outbox row and without it: what the row itself adds.

Environment: BENCH_OUTBOX_MESSAGES (2000), BENCH_OUTBOX_SEQUENTIAL (300 requests
in each of 1 and 3).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from client import body, post
from load import Measured
from processes import BENCH, Stack, free_port

__all__ = ["run_outbox"]

MESSAGES = int(os.environ.get("BENCH_OUTBOX_MESSAGES", "2000"))
SEQUENTIAL = int(os.environ.get("BENCH_OUTBOX_SEQUENTIAL", "300"))
CONCURRENT = 8
LOOPBACK = {"VOCREHAB_WEBHOOK_ALLOW_LOOPBACK_HTTP": "true"}
WAIT_SECONDS = 600.0

SUBSCRIBE = """mutation Subscribe($input: CreateWebhookSubscriptionInput!) {
  createWebhookSubscription(input: $input) { subscription { id } userErrors { code message } } }"""
CASELOAD = """query Caseload($id: ID!) { cases(first: 100, filter: {teamMemberId: $id})
  { edges { node { id } } } }"""
NOTE = """mutation Note($input: AddCaseNoteInput!) {
  addCaseNote(input: $input) { note { id } userErrors { code message } } }"""


def run_outbox(report: Any, stack: Stack, tokens: dict[str, str]) -> None:
    """Adds the outbox's lines to `report` (bench/run.py's Report)."""
    from vocrehab.core.webhooks import new_secret

    secret = new_secret()
    with (
        _receiver(stack, secret) as count,
        stack.serve(1, VOCREHAB_DISPATCHER="false", **LOOPBACK) as api,
    ):
        hook = count.removesuffix("/count") + "/hook"
        subscribed = post(
            api,
            tokens["admin"],
            SUBSCRIBE,
            input={"url": hook, "eventTypes": ["note.added"], "secret": secret},
        )["createWebhookSubscription"]
        if subscribed["userErrors"]:
            raise RuntimeError(f"createWebhookSubscription refused: {subscribed}")
        cases = [
            e["node"]["id"]
            for e in post(api, tokens["admin"], CASELOAD, id=tokens["manager_id"])["cases"]["edges"]
        ]
        bodies = [
            body(NOTE, input={"caseId": cases[i % len(cases)], "body": f"Outbox note {i}"})
            for i in range(MESSAGES)
        ]
        idle = _one_at_a_time(api, tokens["manager"], bodies[:SEQUENTIAL])
        asyncio.run(_concurrently(api, tokens["manager"], bodies[SEQUENTIAL:]))
        with stack.worker(**LOOPBACK):
            drained = _arrivals(count, MESSAGES)
            busy = _one_at_a_time(api, tokens["manager"], bodies[:SEQUENTIAL])
            final = _arrivals(count, MESSAGES + SEQUENTIAL)
    durations = asyncio.run(_durations(stack.database_url))
    delivered = Measured(
        drained["received"] - 1,
        drained["last"] - drained["first"],
        _percentile(durations, 0.5),
        _percentile(durations, 0.99),
        final["refused"],
    )
    report.add(
        "webhooks: 1 worker delivering a backlog",
        delivered,
        f"{MESSAGES:,} notes; p50/p99: one POST",
    )
    report.add("addCaseNote one at a time, no dispatcher", idle, "its outbox row unread")
    report.add(
        "addCaseNote one at a time, worker delivering",
        busy,
        f"{busy.p50_ms - idle.p50_ms:+.1f} ms p50 from the dispatcher",
    )
    if final["distinct"] != final["received"]:
        report.note(f"webhooks: {final['received'] - final['distinct']} messages arrived twice")
    with_row, without = asyncio.run(_outbox_row(stack.database_url, tokens["manager_id"], cases))
    report.note(
        f"the outbox row: add_note in one transaction takes {with_row:.2f} ms p50 with it, "
        f"{without:.2f} ms without ({with_row - without:+.2f} ms)"
    )


@contextmanager
def _receiver(stack: Stack, secret: str) -> Iterator[str]:
    port = free_port()
    count = f"http://127.0.0.1:{port}/count"
    command = [sys.executable, BENCH / "receiver.py", "--port", str(port), "--secret", secret]
    with stack.running(command, "receiver", count, "GET"):
        yield count


def _one_at_a_time(api: str, token: str, bodies: list[bytes]) -> Measured:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    took: list[float] = []
    errors = 0
    with httpx.Client(headers=headers, timeout=60) as client:
        for content in bodies:
            started = time.perf_counter()
            response = client.post(api, content=content)
            took.append(time.perf_counter() - started)
            errors += response.status_code != 200 or bool(response.json().get("errors"))
    return Measured(
        len(took), sum(took), _percentile(took, 0.5) * 1e3, _percentile(took, 0.99) * 1e3, errors
    )


async def _concurrently(api: str, token: str, bodies: list[bytes]) -> None:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    queue = list(reversed(bodies))
    async with httpx.AsyncClient(headers=headers, timeout=60) as client:

        async def one_client() -> None:
            while queue:
                response = await client.post(api, content=queue.pop())
                if response.status_code != 200 or response.json().get("errors"):
                    raise RuntimeError(f"addCaseNote failed: {response.text[:500]}")

        await asyncio.gather(*(one_client() for _ in range(CONCURRENT)))


def _arrivals(count: str, expected: int) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        found: dict[str, Any] = httpx.get(count, timeout=10).json()
        if found["distinct"] >= expected:
            return found
        if time.monotonic() > deadline:
            raise RuntimeError(f"{found['distinct']} of {expected} webhooks in {WAIT_SECONDS} s")
        time.sleep(0.05)


async def _durations(url: str) -> list[float]:
    import sqlalchemy as sa

    from vocrehab.db.engine import Database
    from vocrehab.db.integrations import WebhookDelivery

    db = Database(url)
    try:
        async with db.session() as session:
            found = await session.execute(
                sa.select(WebhookDelivery.duration_ms).where(
                    WebhookDelivery.duration_ms.is_not(None)
                )
            )
            return [float(ms) for ms in found.scalars()]
    finally:
        await db.dispose()


async def _outbox_row(
    url: str, manager: str, cases: list[str], blocks: int = 6, each: int = 50
) -> tuple[float, float]:
    """p50 milliseconds of add_note's transaction with its outbox row and without,
    in alternating blocks (so that a drifting machine affects both alike)."""
    from vocrehab.core import notes, outbox
    from vocrehab.core.clock import Clock
    from vocrehab.core.policy import MAX_SCOPES
    from vocrehab.core.principal import Principal
    from vocrehab.core.work import unit_of_work
    from vocrehab.db.engine import Database
    from vocrehab.hooks.host import PluginHost
    from vocrehab.hooks.vocabulary import StakeholderType
    from vocrehab.ids import decode_global_id

    db = Database(url)
    host = PluginHost.load()
    clock = Clock("Europe/Oslo")
    role = StakeholderType.CASE_MANAGER
    principal = Principal(
        manager, "bench", role, MAX_SCOPES[role], actor_id=decode_global_id(manager)[1]
    )
    case_ids = [decode_global_id(c)[1] for c in cases]
    enqueue = outbox.enqueue
    timings: dict[bool, list[float]] = {True: [], False: []}

    async def note(i: int) -> None:
        cmd = notes.AddNote(case_id=case_ids[i % len(case_ids)], body=f"Row {i}", visible_to=None)
        async with unit_of_work(db, principal, host, clock) as work:
            await notes.add_note(work, cmd)

    try:
        for i in range(each):  # warm the pool and the plugin host up
            await note(i)
        for block in range(blocks):
            with_row = block % 2 == 0
            outbox.enqueue = enqueue if with_row else _no_row  # type: ignore[assignment]
            for i in range(each):
                started = time.perf_counter()
                await note(i)
                timings[with_row].append((time.perf_counter() - started) * 1e3)
    finally:
        outbox.enqueue = enqueue  # type: ignore[assignment]
        await db.dispose()
    return statistics.median(timings[True]), statistics.median(timings[False])


def _no_row(*args: Any) -> None:
    """`outbox.enqueue` left out (this process only, for the comparison)."""


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values) or [0.0]
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main() -> int:
    """This part alone: a small caseload (BENCH_CASES, default 300), the outbox's lines."""
    import shutil
    import tempfile

    from run import Report, Settings, find_manager, seeded

    s = Settings(cases=int(os.environ.get("BENCH_CASES", "300")))
    report = Report()
    folder = Path(tempfile.mkdtemp(prefix="vocrehab-bench-"))
    try:
        with seeded(s, folder, s.cases, "outbox") as stack:
            tokens = {"admin": stack.cli("token", "issue", "--admin", "--ttl", "36000")}
            report.header()
            with stack.serve(1) as api:
                tokens["manager_id"] = find_manager(api, tokens["admin"])
            tokens["manager"] = stack.cli(
                "token", "issue", "--actor", tokens["manager_id"], "--ttl", "36000"
            )
            run_outbox(report, stack, tokens)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report.summary()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Cost of the access log: appending, appending concurrently, sealing, verifying.

    .venv/bin/python bench/access_log.py                      # SQLite in a temporary directory
    BENCH_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1/bench .venv/bin/python bench/access_log.py

The database must be empty or absent (it is migrated here). Prints the median
and 95th percentile of one operation's `write_entries` (50 participants, one
INSERT), the throughput of several tasks appending at once, and how fast a
backlog is sealed and verified. Not part of the test suite: timings vary by
machine.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from access_log_support import READER

from vocrehab.core.audit import AccessRecorder, write_entries
from vocrehab.core.audit_seal import seal
from vocrehab.core.audit_verify import verify_log
from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database
from vocrehab.db.migrate import upgrade
from vocrehab.hooks.vocabulary import DataCategory

PAGE = 50


def page_recorder() -> tuple[AccessRecorder, dict[uuid.UUID, uuid.UUID]]:
    """What a caseload page of 50 cases records, and the read path's case -> participant map."""
    recorder = AccessRecorder(READER, uuid.uuid4().hex, "query Caseload")
    known = {}
    for _ in range(PAGE):
        case_id = uuid.uuid4()
        recorder.saw_case(case_id, DataCategory.PLAN, DataCategory.CONTACT)
        known[case_id] = uuid.uuid4()
    return recorder, known


async def append(db: Database, clock: Clock) -> float:
    recorder, known = page_recorder()
    started = time.perf_counter()
    async with db.transaction() as session:
        await write_entries(session, recorder, clock.now(), known)
    return time.perf_counter() - started


def ms(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"p50 {statistics.median(ordered) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms"


async def main(url: str) -> None:
    db, clock = Database(url), Clock()
    await upgrade(db)
    try:
        timings = [await append(db, clock) for _ in range(300)]
        print(f"write_entries, {PAGE} entries, own transaction: {ms(timings)}")

        for tasks in (1, 4, 8):
            per_task = 50
            started = time.perf_counter()
            await asyncio.gather(*(_appends(db, clock, per_task) for _ in range(tasks)))
            took = time.perf_counter() - started
            print(
                f"{tasks} tasks appending {per_task} pages each: "
                f"{tasks * per_task / took:.0f} operations/s ({tasks * per_task * PAGE / took:.0f} entries/s)"
            )

        started = time.perf_counter()
        batches = await seal(db, clock)
        took = time.perf_counter() - started
        sealed = sum(b.count for b in batches)
        print(
            f"seal: {sealed} entries in {len(batches)} batches, {took:.2f} s ({sealed / took:.0f} entries/s)"
        )

        started = time.perf_counter()
        check = await verify_log(db, clock.now())
        took = time.perf_counter() - started
        print(
            f"verify: {check.entries} entries, {check.batches} batches, {took:.2f} s "
            f"({check.entries / took:.0f} entries/s), intact: {check.intact}"
        )
    finally:
        await db.dispose()


async def _appends(db: Database, clock: Clock, count: int) -> None:
    for _ in range(count):
        await append(db, clock)


if __name__ == "__main__":
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        asyncio.run(main(url))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            asyncio.run(main(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"))

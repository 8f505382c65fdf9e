"""The outbox dispatcher: takes committed events out of the outbox and hands
them on — to every plugin's `vocrehab_on_case_event`, to subscribers (the event
broker), and to the webhook subscriptions that want them — at least once, and
in order per case.

Order: only the oldest undispatched message of each case can be claimed, so a
case's next message waits until the one before it has been handed on. Several
dispatchers (processes, machines) share the outbox through leases
(`integrations.claims`); one that is killed mid-way loses its lease, and its
messages are handed on again by whoever claims them next.

Once a day it also issues the daily digest (`integrations.digest`).

`vocrehab serve` runs one unless VOCREHAB_DISPATCHER=false; `vocrehab worker`
runs them on their own. On PostgreSQL each serve worker runs one and they share
the outbox; on SQLite, which has one writer, the workers of a machine elect one
of them through a file lock beside the database, so only one dispatcher adds
its writes to the requests'.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

import sqlalchemy as sa

from vocrehab.core import idempotency
from vocrehab.core.outbox import event_from_json
from vocrehab.db import models as m
from vocrehab.ids import event_info
from vocrehab.integrations.claims import claim, waiting

__all__ = ["Dispatcher", "DispatcherSettings"]

log = logging.getLogger("vocrehab.dispatcher")

OUTBOX = cast(sa.Table, m.OutboxMessage.__table__)


@dataclass(frozen=True)
class DispatcherSettings:
    batch: int = 100
    lease_seconds: float = 30.0
    poll_seconds: float = 0.5
    retention_days: int = 7
    """Dispatched outbox rows are kept this long (case events themselves stay)."""


def dispatcher_database(db: Any) -> Any:
    """The database handle the dispatcher writes through. On SQLite, a pool of its
    own: a request waits for this process's write turn holding its connection, so
    a dispatcher that took the turn first and then asked the shared pool for a
    connection could wait for a request that waits for it (until the pool's
    timeout). With its own connections it never waits on the requests' pool; its
    BEGIN IMMEDIATE queues behind theirs in SQLite like another process's."""
    if not db.is_sqlite:
        return db
    from vocrehab.db.engine import Database

    return Database(db.url.render_as_string(hide_password=False), pool_size=2)


@contextmanager
def _elected(db: Any) -> Iterator[bool]:
    """Whether this process runs the dispatcher: always on a server database; on a
    SQLite file, only the process holding the lock file beside it (released when
    the process ends, however it ends)."""
    database = db.url.database if db.is_sqlite else None
    if not database or database == ":memory:":
        yield True
        return
    with open(f"{database}.dispatcher.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class Dispatcher:
    def __init__(
        self,
        services: Any,
        settings: DispatcherSettings | None = None,
        webhooks: Any = None,
        db: Any = None,
        digests: Any = None,
    ) -> None:
        self.services = services
        self.db = db or services.db
        """The requests' database; while `running`, on SQLite, a pool of its own
        (see `dispatcher_database`)."""
        self.settings = settings or DispatcherSettings()
        self._wake = asyncio.Event()
        self.webhooks: Any = webhooks
        """The webhook stage (`integrations.webhooks.WebhookStage`), when wired."""
        self.digests: Any = digests
        """The daily digest (`integrations.digest.DigestStage`), when wired: issued by the
        running loop (`run_forever`), not by `run_once`, so a drain only hands on events."""

    def wake(self) -> None:
        """A change just committed here: look at the outbox now rather than at the next poll."""
        self._wake.set()

    async def run_once(self) -> int:
        """One round: hand on a batch of outbox messages, send due webhooks. Returns
        how much was done (0: nothing was waiting)."""
        done = await self.fan_out()
        if self.webhooks is not None:
            done += await self.webhooks.deliver_due()
        return done

    async def drain(self, rounds: int = 1000) -> None:
        """Rounds until nothing is waiting (tests, `vocrehab worker --once`)."""
        for _ in range(rounds):
            if not await self.run_once():
                return

    async def fan_out(self) -> int:
        services = self.services
        now = services.clock.now()
        lease = timedelta(seconds=self.settings.lease_seconds)
        pending = OUTBOX
        earlier = OUTBOX.alias("earlier")
        head = (
            sa.select(sa.func.min(earlier.c.id))
            .where(earlier.c.case_id == pending.c.case_id, earlier.c.dispatched_at.is_(None))
            .scalar_subquery()
        )
        eligible = sa.and_(pending.c.dispatched_at.is_(None), pending.c.id == head)
        if not await waiting(self.db, pending, eligible, now):
            return 0
        async with self.db.transaction() as session:
            rows = await claim(
                session,
                pending,
                eligible,
                [pending.c.id],
                self.settings.batch,
                now,
                lease,
                attempts=pending.c.attempts + 1,
            )
        if not rows:
            return 0
        handed: list[int] = []
        for row in rows:
            try:
                await self._hand_on(row)
                handed.append(row.id)
            except Exception as exc:  # retried when the lease runs out
                log.exception("outbox message %s could not be handed on", row.id)
                async with self.db.transaction() as session:
                    await session.execute(
                        sa.update(pending)
                        .where(pending.c.id == row.id)
                        .values(last_error=str(exc)[:500])
                    )
        if handed:
            async with self.db.transaction() as session:
                # Only what no other dispatcher marked meanwhile (one whose lease ran
                # out while it was handing on): a message's webhooks are queued once.
                marked = set(
                    (
                        await session.execute(
                            sa.update(pending)
                            .where(pending.c.id.in_(handed), pending.c.dispatched_at.is_(None))
                            .values(dispatched_at=services.clock.now(), claimed_until=None)
                            .returning(pending.c.id)
                        )
                    ).scalars()
                )
                if self.webhooks is not None:
                    await self.webhooks.enqueue(session, [r for r in rows if r.id in marked])
        return len(rows)

    async def _hand_on(self, row: Any) -> None:
        event = event_info(event_from_json(dict(row.event)))
        self.services.host.notify(event)
        await self.services.broker.publish(event)

    async def prune(self) -> int:
        """Forget outbox rows dispatched more than `retention_days` ago, and the kept
        responses of idempotent requests whose period is over."""
        now = self.services.clock.now()
        before = now - timedelta(days=self.settings.retention_days)
        async with self.db.transaction() as session:
            result = await session.execute(sa.delete(OUTBOX).where(OUTBOX.c.dispatched_at < before))
            purged = await idempotency.purge(session, now)
        return int(result.rowcount or 0) + purged

    async def run_forever(self) -> None:
        failing = False
        rounds = 0
        while True:
            try:
                if self.digests is not None:
                    await self.digests.issue_due()
                busy = await self.run_once()
                if rounds % 10_000 == 0:
                    await self.prune()
                rounds += 1
                failing = False
            except Exception:
                if not failing:  # once per outage, not once per round
                    log.exception("dispatcher: a round failed; retrying")
                failing = True
                busy = 0
            if busy:
                continue
            self._wake.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.settings.poll_seconds)

    @asynccontextmanager
    async def running(self, enabled: bool = True) -> Any:
        """Run in the background while the block runs (serve's lifespan)."""
        if not enabled:
            yield
            return
        with _elected(self.db) as elected:
            if not elected:
                log.info("outbox dispatcher: another worker of this database runs it")
                yield
                return
            shared = self.db
            own = dispatcher_database(shared)
            self._use(own)
            task = asyncio.create_task(self.run_forever(), name="outbox dispatcher")
            try:
                yield
            finally:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
                self._use(shared)
                if own is not shared:
                    await own.dispose()

    def _use(self, db: Any) -> None:
        self.db = db
        if self.webhooks is not None:
            self.webhooks.db = db
        if self.digests is not None:
            self.digests.db = db

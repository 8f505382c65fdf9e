"""Issuing the daily digest (`core.digest`) once a day, however many workers run.

From the configured hour of the deployment's day (VOCREHAB_DIGEST_HOUR, in its
time zone), the first dispatcher round that finds the day not issued yet claims
it (a row of `daily_digests`, keyed by the day: a second worker's insert finds
it taken) and, in the same transaction, queues one `digest.daily` delivery for
each active webhook subscription that names that type (not `*`: a digest is
not a case event) and follows no single case. Each delivery's body is read
when it is sent, as the subscriber (`integrations.webhooks`). GraphQL
subscribers hear of the day through the event broker and read their own
digest then (`api.digest`).
"""

from __future__ import annotations

import logging
import uuid
from datetime import date
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from vocrehab.core.digest import DIGEST_EVENT
from vocrehab.db import models as m
from vocrehab.db.integrations import DeliveryStatus, SubscriptionStatus

__all__ = ["DigestStage"]

log = logging.getLogger("vocrehab.digest")

DIGESTS = cast(sa.Table, m.DailyDigest.__table__)
DELIVERIES = cast(sa.Table, m.WebhookDelivery.__table__)
SUBSCRIPTIONS = cast(sa.Table, m.WebhookSubscription.__table__)


class DigestStage:
    def __init__(self, services: Any, hour: int, db: Any = None) -> None:
        self.services = services
        self.db = db or services.db
        self.hour = hour
        self._issued: date | None = None
        """The last day this process saw issued (no statement until the next one is due)."""

    def due(self) -> date | None:
        """Today, once its hour has come and while this process has not seen it issued."""
        local = self.services.clock.now().astimezone(self.services.clock.zone)
        if local.hour < self.hour or local.date() == self._issued:
            return None
        return local.date()

    async def issue_due(self) -> int:
        """Issue today's digest if it is time and nobody has; returns the deliveries queued
        (0 also when another worker issued it)."""
        day = self.due()
        if day is None:
            return 0
        queued = await self.issue(day)
        self._issued = day
        if queued is None:
            return 0
        log.info("daily digest of %s issued: %d webhook deliveries", day, queued)
        await self.services.broker.publish_digest(day)
        return queued

    async def issue(self, day: date) -> int | None:
        """Claim `day` and queue its deliveries; None when it was issued already."""
        now = self.services.clock.now()
        async with self.db.transaction() as session:
            insert = (
                postgresql.insert if self.db.engine.dialect.name == "postgresql" else sqlite.insert
            )
            claimed = await session.scalar(
                insert(DIGESTS)
                .values(day=day, issued_at=now, deliveries=0)
                .on_conflict_do_nothing(index_elements=["day"])
                .returning(DIGESTS.c.day)
            )
            if claimed is None:
                return None
            wanting = [
                sub.id
                for sub in (
                    await session.execute(
                        sa.select(SUBSCRIPTIONS.c.id, SUBSCRIPTIONS.c.event_types).where(
                            SUBSCRIPTIONS.c.status == SubscriptionStatus.ACTIVE.value,
                            SUBSCRIPTIONS.c.case_id.is_(None),
                        )
                    )
                ).all()
                if DIGEST_EVENT in (sub.event_types or ())
            ]
            rows = [
                {
                    "uid": uuid.uuid4(),
                    "subscription_id": subscription_id,
                    "message_id": f"msg_{uuid.uuid4().hex}",
                    "event_type": DIGEST_EVENT,
                    "case_id": None,
                    "event_id": None,
                    "body": None,
                    "status": DeliveryStatus.PENDING.value,
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                }
                for subscription_id in wanting
            ]
            if rows:
                await session.execute(sa.insert(DELIVERIES), rows)
                await session.execute(
                    sa.update(DIGESTS).where(DIGESTS.c.day == day).values(deliveries=len(rows))
                )
        return len(rows)

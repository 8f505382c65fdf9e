"""Webhooks: queueing messages for subscriptions, building each payload as a read
by the subscriber, signing it per Standard Webhooks and sending it with retries.

- **Payload.** `{"type", "timestamp", "data": {eventId, type, caseId, at,
  summary, fields?}}`, read through the one operation pipeline as the
  subscription's principal: the same policy, minimisation and access log as any
  read. An event the subscriber may not see is not sent (and not listed).
- **Signature.** `webhook-id`, `webhook-timestamp`, `webhook-signature` made by
  the `standardwebhooks` library (the specification's reference
  implementation); during a secret rotation, signed with both secrets.
- **Order.** Messages of one subscription and case go one after the other.
- **Retries.** Exponential backoff with full jitter, `Retry-After` honoured on
  429 and 503, for `retry_hours`; then the message is dead-lettered, and after
  `disable_after` dead letters in a row the subscription is disabled and its
  owner's other subscriptions hear `webhook.subscription.disabled`.
- **Requests.** To the address the URL was checked to resolve to
  (`core.webhook_urls`), no redirects, a timeout, a bounded response read.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import httpx
import orjson
import sqlalchemy as sa
from standardwebhooks import Webhook

from vocrehab.api.digest import DIGEST_QUERY
from vocrehab.api.webhooks import payload_query
from vocrehab.core import webhooks as core
from vocrehab.core.digest import DIGEST_EVENT
from vocrehab.core.policy import MAX_SCOPES
from vocrehab.core.principal import Principal
from vocrehab.core.webhook_urls import Target, UnsafeUrl, UrlPolicy
from vocrehab.db import models as m
from vocrehab.db.integrations import DeliveryStatus, SubscriptionStatus
from vocrehab.ids import encode_global_id
from vocrehab.integrations.claims import claim, waiting

__all__ = ["WebhookSettings", "WebhookStage", "sign"]

log = logging.getLogger("vocrehab.webhooks")

DELIVERIES = cast(sa.Table, m.WebhookDelivery.__table__)
SUBSCRIPTIONS = cast(sa.Table, m.WebhookSubscription.__table__)
USER_AGENT = "vocrehab-webhooks/1"


@dataclass(frozen=True)
class WebhookSettings:
    retry_hours: float = 24.0
    backoff_base_seconds: float = 5.0
    backoff_cap_seconds: float = 3600.0
    timeout_seconds: float = 10.0
    max_response_bytes: int = 64 * 1024
    disable_after: int = 5
    concurrency: int = 16
    batch: int = 50
    lease_seconds: float = 30.0
    """Slack on top of the time a round of sending may take (see `claim_seconds`)."""

    @property
    def claim_seconds(self) -> float:
        """How long a dispatcher holds the deliveries it claimed: a round sends `batch`
        of them, `concurrency` at a time, each within the timeout. A dispatcher that
        dies mid-round is taken over after this."""
        rounds = -(-self.batch // self.concurrency)
        return self.lease_seconds + self.timeout_seconds * rounds


def sign(subscription: Any, message_id: str, at: datetime, body: str) -> str:
    secrets = [subscription.secret]
    if subscription.previous_secret and (subscription.previous_secret_until or at) > at:
        secrets.append(subscription.previous_secret)
    return " ".join(Webhook(s).sign(message_id, at, body) for s in secrets)


def backoff(attempts: int, settings: WebhookSettings, retry_after: float | None) -> float:
    """Seconds until the next attempt: full jitter over an exponential ceiling, or
    what the receiver asked for (bounded by the cap)."""
    if retry_after is not None:
        return min(max(retry_after, 1.0), settings.backoff_cap_seconds)
    ceiling = min(settings.backoff_cap_seconds, settings.backoff_base_seconds * 2 ** (attempts - 1))
    return random.uniform(ceiling / 2, ceiling)


def retry_after(value: str | None, now: datetime) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((when - now).total_seconds(), 0.0)


@dataclass
class Outcome:
    status: int | None
    duration_ms: int
    error: str | None
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class WebhookStage:
    def __init__(
        self,
        services: Any,
        urls: UrlPolicy,
        settings: WebhookSettings | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        db: Any = None,
    ) -> None:
        self.services = services
        self.db = db or services.db
        self.urls = urls
        self.settings = settings or WebhookSettings()
        self._client = httpx.AsyncClient(
            follow_redirects=False,
            timeout=self.settings.timeout_seconds,
            transport=transport,
            headers={"user-agent": USER_AGENT},
        )

    async def close(self) -> None:
        await self._client.aclose()

    # ------------------------------------------------------------------ queueing

    async def enqueue(self, session: Any, messages: list[Any]) -> None:
        """Deliveries for the subscriptions that want these outbox messages (in the
        transaction that marks them dispatched)."""
        active = list(
            (
                await session.execute(
                    sa.select(SUBSCRIPTIONS).where(
                        SUBSCRIPTIONS.c.status == SubscriptionStatus.ACTIVE.value
                    )
                )
            ).all()
        )
        if not active:
            return
        now = self.services.clock.now()
        rows = [
            {
                "uid": uuid.uuid4(),
                "subscription_id": sub.id,
                "message_id": f"msg_{uuid.uuid4().hex}",
                "event_type": message.kind,
                "case_id": message.case_id,
                "event_id": message.event_id,
                "body": None,
                "status": DeliveryStatus.PENDING.value,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for message in messages
            for sub in active
            if core.matches(sub, message.kind, message.case_id)
        ]
        if rows:
            await session.execute(sa.insert(DELIVERIES), rows)

    # ------------------------------------------------------------------ sending

    async def deliver_due(self) -> int:
        services = self.services
        now = services.clock.now()
        earlier = DELIVERIES.alias("earlier")
        blocked = sa.exists().where(
            earlier.c.subscription_id == DELIVERIES.c.subscription_id,
            earlier.c.case_id.is_not_distinct_from(DELIVERIES.c.case_id),
            earlier.c.status == DeliveryStatus.PENDING.value,
            earlier.c.id < DELIVERIES.c.id,
        )
        active = sa.select(SUBSCRIPTIONS.c.id).where(
            SUBSCRIPTIONS.c.status == SubscriptionStatus.ACTIVE.value
        )
        lease = timedelta(seconds=self.settings.claim_seconds)
        eligible = sa.and_(
            DELIVERIES.c.status == DeliveryStatus.PENDING.value,
            DELIVERIES.c.next_attempt_at <= now,
            DELIVERIES.c.subscription_id.in_(active),
            ~blocked,
        )
        if not await waiting(self.db, DELIVERIES, eligible, now):
            return 0
        async with self.db.transaction() as session:
            rows = await claim(
                session,
                DELIVERIES,
                eligible,
                [DELIVERIES.c.next_attempt_at, DELIVERIES.c.id],
                self.settings.batch,
                now,
                lease,
            )
            subs = {
                row.id: row
                for row in (
                    await session.execute(
                        sa.select(SUBSCRIPTIONS).where(
                            SUBSCRIPTIONS.c.id.in_({r.subscription_id for r in rows})
                        )
                    )
                ).all()
            }
        if not rows:
            return 0
        gate = asyncio.Semaphore(self.settings.concurrency)

        async def one(row: Any) -> None:
            async with gate:
                try:
                    await self._deliver(row, subs[row.subscription_id])
                except Exception:  # retried when the lease runs out
                    log.exception("webhook delivery %s failed unexpectedly", row.id)

        await asyncio.gather(*(one(row) for row in rows))
        return len(rows)

    async def _deliver(self, row: Any, sub: Any) -> None:
        body = row.body
        if body is None:
            body = await self.build(sub, row)
            if body is None:  # not for this subscriber (any more): never sent, never listed
                async with self.db.transaction() as session:
                    await session.execute(sa.delete(DELIVERIES).where(DELIVERIES.c.id == row.id))
                return
        outcome = await self.send(sub, row.message_id, body)
        await self._record(row, sub, body, outcome)

    async def build(self, sub: Any, row: Any) -> str | None:
        """The payload as the subscriber may see it now; None when it may not."""
        if row.event_type == DIGEST_EVENT:
            return await self.build_digest(sub, row)
        data = await self._read(
            sub, row, payload_query(sub.fields), "WebhookPayload",
            {"id": encode_global_id("CaseEvent", row.event_id)},
        )  # fmt: skip
        node = (data or {}).get("node")
        if not node:
            return None
        payload = {
            "eventId": node["id"],
            "type": node["kind"],
            "caseId": encode_global_id("Case", row.case_id),
            "at": node["at"],
            "summary": node["summary"],
        }
        if sub.fields:
            payload["fields"] = {
                k: v for k, v in node.items() if k not in ("id", "kind", "at", "summary")
            }
        return orjson.dumps(
            {"type": node["kind"], "timestamp": node["at"], "data": payload}
        ).decode()

    async def build_digest(self, sub: Any, row: Any) -> str | None:
        """The subscriber's daily digest as it stands when it is sent (`api.digest`)."""
        data = await self._read(sub, row, DIGEST_QUERY, "DailyDigestPayload", {})
        digest = (data or {}).get("dailyDigest")
        if digest is None:  # its scopes no longer reach cases
            return None
        stamp = self.services.clock.now().isoformat()
        return orjson.dumps({"type": DIGEST_EVENT, "timestamp": stamp, "data": digest}).decode()

    async def _read(
        self, sub: Any, row: Any, query: str, name: str, variables: dict[str, Any]
    ) -> dict[str, Any] | None:
        """`query` run through the operation pipeline as the subscription's principal."""
        pipeline = self.services.pipeline
        principal = Principal(
            subject=sub.subject,
            client_id=sub.client_id,
            stakeholder_type=sub.stakeholder_type,
            scopes=frozenset(sub.scopes) & MAX_SCOPES[sub.stakeholder_type],
            actor_id=sub.actor_id,
        )
        prepared = pipeline.documents.prepare(query, name)
        ctx = pipeline.context(
            principal,
            f"webhook-{row.message_id}",
            "webhook",
            prepared=prepared,
            operation=f"webhook {sub.id}",
        )
        try:
            await pipeline.admit(ctx, own_token=False)
            result = await pipeline.execute(prepared, variables, ctx)
        except BaseException:
            await ctx.db.close(commit=False)
            raise
        await pipeline.finish(ctx)
        return result.data

    async def send(self, sub: Any, message_id: str, body: str) -> Outcome:
        started = time.perf_counter()
        # The receiver checks webhook-timestamp against its own clock (replay
        # protection): the wall clock's, whatever clock the platform runs on.
        now = datetime.now(UTC)
        try:
            target = await self.urls.check(sub.url, ("url",))
        except UnsafeUrl as exc:
            return Outcome(None, 0, f"refused: {exc}")
        headers = {
            "content-type": "application/json",
            "webhook-id": message_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": sign(sub, message_id, now, body),
        }
        try:
            status, after = await self._post(target, headers, body, self.services.clock.now())
        except httpx.HTTPError as exc:
            return Outcome(None, _ms(started), f"{type(exc).__name__}: {exc}"[:500])
        error = None if 200 <= status < 300 else f"HTTP {status}"
        return Outcome(status, _ms(started), error, after)

    async def _post(
        self, target: Target, headers: dict[str, str], body: str, now: datetime
    ) -> tuple[int, float | None]:
        """POST to the checked address (the URL's host in Host and SNI); the reply
        is read up to the size limit and otherwise dropped."""
        host = f"[{target.address}]" if ":" in target.address else target.address
        url = httpx.URL(target.url).copy_with(host=host)
        request = self._client.build_request(
            "POST",
            url,
            content=body.encode(),
            headers={**headers, "host": httpx.URL(target.url).netloc.decode()},
            extensions={"sni_hostname": target.host},
        )
        response = await self._client.send(request, stream=True)
        try:
            read = 0
            async for chunk in response.aiter_raw():
                read += len(chunk)
                if read >= self.settings.max_response_bytes:
                    break
        finally:
            await response.aclose()
        after = (
            retry_after(response.headers.get("retry-after"), now)
            if response.status_code in (429, 503)
            else None
        )
        return response.status_code, after

    async def _record(self, row: Any, sub: Any, body: str, outcome: Outcome) -> None:
        now = self.services.clock.now()
        attempts = row.attempts + 1
        values: dict[str, Any] = {
            "body": body,
            "attempts": attempts,
            "response_status": outcome.status,
            "duration_ms": outcome.duration_ms,
            "error": outcome.error,
            "claimed_until": None,
        }
        dead = False
        if outcome.ok:
            values.update(status=DeliveryStatus.SUCCEEDED.value, finished_at=now)
        else:
            wait = backoff(attempts, self.settings, outcome.retry_after)
            next_at = now + timedelta(seconds=wait)
            if next_at > row.created_at + timedelta(hours=self.settings.retry_hours):
                dead = True
                values.update(status=DeliveryStatus.DEAD.value, finished_at=now)
            else:
                values.update(next_attempt_at=next_at)
        async with self.db.transaction() as session:
            await session.execute(
                sa.update(DELIVERIES).where(DELIVERIES.c.id == row.id).values(**values)
            )
            if outcome.ok:
                await session.execute(
                    sa.update(SUBSCRIPTIONS)
                    .where(SUBSCRIPTIONS.c.id == sub.id, SUBSCRIPTIONS.c.dead_letters > 0)
                    .values(dead_letters=0)
                )
            elif dead:
                await self._dead_letter(session, sub, now)

    async def _dead_letter(self, session: Any, sub: Any, now: datetime) -> None:
        count = await session.scalar(
            sa.update(SUBSCRIPTIONS)
            .where(SUBSCRIPTIONS.c.id == sub.id)
            .values(dead_letters=SUBSCRIPTIONS.c.dead_letters + 1)
            .returning(SUBSCRIPTIONS.c.dead_letters)
        )
        if count is None or count < self.settings.disable_after:
            return
        reason = f"{count} messages in a row could not be delivered"
        await session.execute(
            sa.update(SUBSCRIPTIONS)
            .where(SUBSCRIPTIONS.c.id == sub.id)
            .values(
                status=SubscriptionStatus.DISABLED.value, disabled_reason=reason, updated_at=now
            )
        )
        log.warning("webhook subscription %s disabled: %s", sub.id, reason)
        # The owner hears of it on its other subscriptions that ask for it.
        others = (
            await session.execute(
                sa.select(SUBSCRIPTIONS).where(
                    SUBSCRIPTIONS.c.client_id == sub.client_id,
                    SUBSCRIPTIONS.c.id != sub.id,
                    SUBSCRIPTIONS.c.status == SubscriptionStatus.ACTIVE.value,
                )
            )
        ).all()
        body = core.platform_body(
            core.DISABLED_EVENT, now, {"subscriptionId": str(sub.id), "reason": reason}
        )
        for other in others:
            if core.DISABLED_EVENT in other.event_types:
                session.add(core._delivery(other.id, core.DISABLED_EVENT, now, body=body))


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)

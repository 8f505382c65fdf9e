"""Case events pushed to subscribers (`subscription { caseEvents(caseId:) }`).

The outbox dispatcher publishes each committed event to a broker; each
subscription listens on one case. Every event is delivered as an operation of
its own (`Pipeline.event_context`): the token is checked again (expired or
revoked: the socket closes), access to the case is checked again (someone who
left the team stops receiving), an event about what the subscriber may not see
is skipped, and the delivery is recorded in the access log.

The broker is in-process by default. With several workers, set
VOCREHAB_REDIS_URL: events then travel over Redis pub/sub, so a subscriber on
one worker hears about a change committed by another.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import AsyncGenerator, AsyncIterator
from datetime import date
from typing import Annotated, Any, Protocol

import strawberry
from graphql import GraphQLError

from vocrehab.api.cases import cases_by_id
from vocrehab.api.context import Context, Info
from vocrehab.api.ids import decode_id, not_found_message
from vocrehab.api.timeline import CaseEvent, present_event
from vocrehab.core import reads
from vocrehab.core.errors import Unauthenticated
from vocrehab.core.outbox import event_to_json, info_from_json
from vocrehab.db import models as m
from vocrehab.hooks.types import CaseEventInfo
from vocrehab.ids import decode_global_id

__all__ = ["CaseSubscriptions", "EventBroker", "InProcessBroker", "RedisBroker", "make_broker"]

log = logging.getLogger(__name__)
QUEUE_SIZE = 100


class EventBroker(Protocol):
    async def publish(self, event: CaseEventInfo) -> None: ...

    def listen(self, case_id: str) -> AsyncIterator[CaseEventInfo]: ...

    async def publish_digest(self, day: date) -> None:
        """The daily digest of `day` was issued (`integrations.digest`)."""
        ...

    def listen_digests(self) -> AsyncIterator[date]: ...

    async def close(self) -> None: ...


class InProcessBroker:
    """Subscribers of this process only (one worker)."""

    def __init__(self) -> None:
        self._queues: dict[str, set[asyncio.Queue[CaseEventInfo]]] = defaultdict(set)
        self._digests: set[asyncio.Queue[date]] = set()

    async def publish(self, event: CaseEventInfo) -> None:
        for queue in list(self._queues.get(event.case_id, ())):
            if queue.full():  # a subscriber that does not read loses the oldest, not the newest
                queue.get_nowait()
            queue.put_nowait(event)

    async def listen(self, case_id: str) -> AsyncIterator[CaseEventInfo]:
        queue: asyncio.Queue[CaseEventInfo] = asyncio.Queue(QUEUE_SIZE)
        self._queues[case_id].add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._queues[case_id].discard(queue)
            if not self._queues[case_id]:
                del self._queues[case_id]

    async def publish_digest(self, day: date) -> None:
        for queue in list(self._digests):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(day)

    async def listen_digests(self) -> AsyncIterator[date]:
        queue: asyncio.Queue[date] = asyncio.Queue(QUEUE_SIZE)
        self._digests.add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._digests.discard(queue)

    async def close(self) -> None:
        self._queues.clear()
        self._digests.clear()


def _channel(case_id: str) -> str:
    return f"vocrehab:case-events:{case_id}"


DIGEST_CHANNEL = "vocrehab:daily-digest"


class RedisBroker:
    """Subscribers on every worker and machine sharing one Redis."""

    def __init__(self, url: str) -> None:
        from redis import asyncio as aioredis

        self._redis = aioredis.from_url(url)

    async def publish(self, event: CaseEventInfo) -> None:
        payload = event_to_json(event)
        try:
            await self._redis.publish(_channel(event.case_id), json.dumps(payload))
        except Exception:  # the change is committed; a lost notification must not undo the reply
            log.exception("could not publish case event %s", event.id)

    async def listen(self, case_id: str) -> AsyncIterator[CaseEventInfo]:
        pubsub = self._redis.pubsub()
        await pubsub.subscribe(_channel(case_id))
        try:
            async for message in pubsub.listen():
                if message.get("type") != "message":
                    continue
                yield info_from_json(json.loads(message["data"]))
        finally:
            await pubsub.aclose()

    async def publish_digest(self, day: date) -> None:
        try:
            await self._redis.publish(DIGEST_CHANNEL, day.isoformat())
        except Exception:  # the digest is issued; subscribers hear of the next one
            log.exception("could not publish the digest of %s", day)

    async def listen_digests(self) -> AsyncIterator[date]:
        pubsub = self._redis.pubsub()
        await pubsub.subscribe(DIGEST_CHANNEL)
        try:
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    raw = message["data"]
                    yield date.fromisoformat(raw.decode() if isinstance(raw, bytes) else raw)
        finally:
            await pubsub.aclose()

    async def close(self) -> None:
        await self._redis.aclose()


def make_broker(redis_url: str | None) -> EventBroker:
    return RedisBroker(redis_url) if redis_url else InProcessBroker()


def _not_found() -> GraphQLError:
    return GraphQLError(
        not_found_message("Case"), extensions={"code": "NOT_FOUND", "field": ["caseId"]}
    )


async def _event_for(ctx: Context, info: Info, case_uuid: Any, event: CaseEventInfo) -> Any:
    """The event as the subscriber may see it now: None to skip it, False to end."""
    case = (await cases_by_id(ctx, [case_uuid])).get(case_uuid)
    if case is None:
        return False
    rows = await reads.rows_by_id(
        ctx.db, m.CaseEvent.__table__, [decode_global_id(event.id, "CaseEvent")[1]]
    )
    row = next(iter(rows.values()), None)
    shown = present_event(ctx, case, row) if row is not None else None
    if shown is not None:
        await ctx.planner.expand(info, shown, ctx=ctx)
    return shown


@strawberry.type
class CaseSubscriptions:
    @strawberry.subscription(
        description="Events on one case, for those allowed to read it. Requires scope cases:read. "
        "Over graphql-transport-ws at /graphql; send the bearer token in connection_init's "
        'payload as {"Authorization": "Bearer ..."}.'
    )
    async def case_events(
        self,
        info: Info,
        case_id: Annotated[strawberry.ID, strawberry.argument(description="The case to follow.")],
    ) -> AsyncGenerator[CaseEvent, None]:
        subscription = info.context
        pipeline = subscription.services.pipeline
        case_uuid = decode_id(case_id, "Case", ("caseId",))
        if case_uuid is None:
            raise _not_found()
        first = await pipeline.event_context(subscription)
        try:
            if (await cases_by_id(first, [case_uuid])).get(case_uuid) is None:
                raise _not_found()
        finally:
            await first.db.close()
        async for event in subscription.broker.listen(str(case_id)):
            try:
                ctx = await pipeline.event_context(subscription)
            except Unauthenticated as exc:
                from vocrehab.api.ws import SessionEnded

                raise SessionEnded(str(exc)) from exc
            try:
                shown = await _event_for(ctx, info, case_uuid, event)
            except BaseException:
                await ctx.db.close(commit=False)
                raise
            await pipeline.finish(ctx)
            if shown is False:
                return
            if shown is not None:
                yield shown

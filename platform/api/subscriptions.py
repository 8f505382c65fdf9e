"""Case events pushed to subscribers (`subscription { caseEvents(caseId:) }`).

After a mutation commits, its events are published to a broker; each
subscription listens on one case and receives the events its subscriber may
still see: access is checked again for every event (someone who leaves the
team stops receiving), events about data categories the subscriber may not
see are skipped, and the stream ends when the token expires. Every delivery
is a read of the participant's data and goes into the access log.

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
from dataclasses import asdict
from datetime import datetime
from typing import Any, Protocol

import strawberry
from graphql import GraphQLError

from vocrehab.api.cases import CaseEvent
from vocrehab.api.context import Info
from vocrehab.api.loaders import Loaders, field_path
from vocrehab.core import audit
from vocrehab.core.errors import Forbidden
from vocrehab.core.ids import InvalidGlobalId, decode_global_id
from vocrehab.hooks.types import CaseEventInfo
from vocrehab.hooks.vocabulary import DataCategory

__all__ = ["CaseSubscriptions", "EventBroker", "InProcessBroker", "RedisBroker", "make_broker"]

log = logging.getLogger(__name__)
QUEUE_SIZE = 100


class EventBroker(Protocol):
    async def publish(self, event: CaseEventInfo) -> None: ...

    def listen(self, case_id: str) -> AsyncIterator[CaseEventInfo]: ...

    async def close(self) -> None: ...


class InProcessBroker:
    """Subscribers of this process only (one worker)."""

    def __init__(self) -> None:
        self._queues: dict[str, set[asyncio.Queue[CaseEventInfo]]] = defaultdict(set)

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

    async def close(self) -> None:
        self._queues.clear()


def _channel(case_id: str) -> str:
    return f"vocrehab:case-events:{case_id}"


class RedisBroker:
    """Subscribers on every worker and machine sharing one Redis."""

    def __init__(self, url: str) -> None:
        from redis import asyncio as aioredis

        self._redis = aioredis.from_url(url)

    async def publish(self, event: CaseEventInfo) -> None:
        payload = {**asdict(event), "at": event.at.isoformat()}
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
                data = json.loads(message["data"])
                yield CaseEventInfo(**{**data, "at": datetime.fromisoformat(data["at"])})
        finally:
            await pubsub.aclose()

    async def close(self) -> None:
        await self._redis.aclose()


def make_broker(redis_url: str | None) -> EventBroker:
    return RedisBroker(redis_url) if redis_url else InProcessBroker()


def _not_found() -> GraphQLError:
    return GraphQLError("no such case", extensions={"code": "NOT_FOUND"})


async def _deliverable(info: Info, case_uuid: Any, event: CaseEventInfo) -> CaseEvent | bool | None:
    """The event as the subscriber may see it now: None to skip it, False to end."""
    ctx = info.context
    principal = ctx.principal
    if principal.expires_at is not None and ctx.clock.now() >= principal.expires_at:
        return False
    ctx.loaders = Loaders(ctx.db, principal, ctx.clock)  # access as of now, not as of the start
    access = await ctx.loaders.case_access.load(case_uuid)
    if access is None:
        return False
    row = await ctx.loaders.row("event", field_path(info)).load(
        decode_global_id(event.id, "CaseEvent")[1]
    )
    if row is None or (
        row.category is not None and DataCategory(row.category) not in access.categories
    ):
        return None
    recorder = audit.AccessRecorder(principal, ctx.request_id, "subscription caseEvents")
    recorder.saw_case(case_uuid, DataCategory.PLAN)
    async with ctx.db.transaction() as session:
        await audit.write_entries(session, recorder, ctx.clock.now())
    return CaseEvent.of(row)


@strawberry.type(name="Subscription")
class CaseSubscriptions:
    @strawberry.subscription(
        description="Events on one case, for those allowed to read it. Requires scope cases:read. "
        "Over graphql-transport-ws at /graphql; send the bearer token in connection_init's "
        'payload as {"Authorization": "Bearer ..."}.'
    )
    async def case_events(
        self, info: Info, case_id: strawberry.ID
    ) -> AsyncGenerator[CaseEvent, None]:
        principal = info.context.principal
        if not principal.has_scope("cases:read"):
            raise Forbidden("cases:read")
        try:
            case_uuid = decode_global_id(case_id, "Case")[1]
        except InvalidGlobalId:
            raise _not_found() from None
        if await info.context.loaders.case_access.load(case_uuid) is None:
            raise _not_found()
        async for event in info.context.broker.listen(str(case_id)):
            delivered = await _deliverable(info, case_uuid, event)
            if delivered is False:
                return
            if delivered is not None:
                yield delivered  # type: ignore[misc]

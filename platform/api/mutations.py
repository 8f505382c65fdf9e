"""Running a mutation: one core service in one transaction, its outcome as a payload.

Expected failures (`DomainError`) become `userErrors` and the transaction rolls
back; WARNING violations come back as userErrors next to the changed object.
The access-log entries of the change are written in the same transaction, so
a change is never committed without its entry. The change's case events leave
through the outbox rows written with them (`core.outbox`): after the commit the
dispatcher is only woken, so nothing is lost if this process stops now.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

from vocrehab.api.base import UserError
from vocrehab.api.context import Context, Info
from vocrehab.core import audit
from vocrehab.core.errors import DomainError
from vocrehab.core.ids import decode_global_id
from vocrehab.core.work import Work, unit_of_work

__all__ = ["run"]

R = TypeVar("R")


async def run(
    info: Info, service: Callable[[Work], Awaitable[R]]
) -> tuple[R | None, list[UserError]]:
    ctx = info.context
    try:
        async with unit_of_work(ctx.db, ctx.principal, ctx.host, ctx.clock) as work:
            result = await service(work)
            changed = {decode_global_id(e.case_id, "Case")[1] for e in work.events}
            if changed:
                await audit.write_entries(work.session, _changes(ctx, changed), ctx.clock.now())
    except DomainError as exc:
        return None, [UserError.of(problem) for problem in exc.problems]
    ctx.committed_events.extend(work.events)
    if work.events:
        dispatcher = getattr(ctx.services, "dispatcher", None)
        if dispatcher is not None:
            dispatcher.wake()  # the outbox rows are committed; no need to wait for a poll
    return result, [UserError.warning(w) for w in work.warnings]


def _changes(ctx: Context, case_ids: set[uuid.UUID]) -> audit.AccessRecorder:
    """What the mutation changed, for the access log (one entry per participant)."""
    recorder = audit.AccessRecorder(ctx.principal, ctx.request_id, ctx.recorder.operation)
    for case_id in case_ids:
        recorder.saw_case(case_id)
    return recorder

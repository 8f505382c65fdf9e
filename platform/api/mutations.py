"""Running a mutation: one core service in one transaction, its outcome as a payload.

Expected failures (`DomainError`) become `userErrors` and the transaction rolls
back; WARNING violations come back as userErrors next to the changed object.
After the commit, loaders are cleared (they may hold the old state) and the
new case events are fanned out to plugins.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from vocrehab.api.base import UserError
from vocrehab.api.context import Info
from vocrehab.core import audit
from vocrehab.core.errors import DomainError
from vocrehab.core.ids import decode_global_id
from vocrehab.core.work import Work

__all__ = ["run"]

R = TypeVar("R")


async def run(
    info: Info, service: Callable[[Work], Awaitable[R]]
) -> tuple[R | None, list[UserError]]:
    ctx = info.context
    try:
        async with ctx.db.transaction() as session:
            work = Work(session, ctx.principal, ctx.host, ctx.clock)
            result = await service(work)
    except DomainError as exc:
        return None, [UserError.of(problem) for problem in exc.problems]
    ctx.loaders.clear()
    ctx.committed_events.extend(work.events)
    for event in work.events:  # each change is in the access log too
        audit.record_case(decode_global_id(event.case_id, "Case")[1])
    for event in work.events:
        ctx.host.notify(event)
        if ctx.broker is not None:
            await ctx.broker.publish(event)
    return result, [UserError.warning(w) for w in work.warnings]

"""Running a mutation: one core service in one transaction, its outcome as a payload.

Expected failures (`DomainError`) become `userErrors` and the transaction rolls
back; WARNING violations come back as userErrors next to the changed object.
The access-log entries of the change are written in the same transaction, so
a change is never committed without its entry. The change's case events leave
through the outbox rows written with them (`core.outbox`): after the commit the
dispatcher is only woken, so nothing is lost if this process stops now.

Core names a field at fault as its command does (`("steps", "0",
"work_percent")`); `input_path` is the one place that turns such a name into
the path in the mutation's input (`["input", "steps", "0", "workPercent"]`).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from vocrehab.api.base import UserError
from vocrehab.api.context import Context, Info
from vocrehab.core import audit
from vocrehab.core.errors import DomainError
from vocrehab.core.work import Work, unit_of_work
from vocrehab.ids import event_info

__all__ = ["input_path", "run"]

R = TypeVar("R")

INPUT = "input"
"""Every mutation takes one argument, `input`."""


async def run(
    info: Info,
    service: Callable[[Work], Awaitable[R]],
    *,
    fields: Mapping[str, str] | None = None,
) -> tuple[R | None, list[UserError]]:
    """Run `service` in one unit of work. `fields` renames the command's field
    names that differ from the input's (activatePlan's `plan_id` is its input's `id`)."""
    ctx = info.context

    def path(field: Sequence[str] | None) -> tuple[str, ...] | None:
        return input_path(field, info, fields)

    try:
        async with unit_of_work(ctx.db, ctx.principal, ctx.host, ctx.clock) as work:
            result = await service(work)
            changed = {e.case_id for e in work.events}
            if changed:
                await audit.write_entries(work.session, _changes(ctx, changed), ctx.clock.now())
    except DomainError as exc:
        return None, [UserError.of(replace(p, field=path(p.field))) for p in exc.problems]
    ctx.committed_events.extend(event_info(e) for e in work.events)
    if work.events:
        ctx.wake_dispatcher()
    return result, [UserError.warning(replace(w, field=path(w.field))) for w in work.warnings]


def input_path(
    field: Sequence[str] | None, info: Info, renames: Mapping[str, str] | None = None
) -> tuple[str, ...] | None:
    """The input path of a command's field: renamed where the input names it
    otherwise, in the schema's naming (camelCase); list indexes and the keys
    inside a JSON `details` object stay as they are."""
    if not field:
        return None
    names = info.schema.config.name_converter
    first, *rest = field
    path = [INPUT, (renames or {}).get(first, first), *rest]
    in_json = False
    for i, part in enumerate(path[1:], start=1):
        if not in_json and not part.isdigit():
            path[i] = names.apply_naming_config(part)
        in_json = in_json or part == "details"
    return tuple(path)


def _changes(ctx: Context, case_ids: set[uuid.UUID]) -> audit.AccessRecorder:
    """What the mutation changed, for the access log (one entry per participant)."""
    recorder = audit.AccessRecorder(ctx.principal, ctx.request_id, ctx.recorder.operation)
    for case_id in case_ids:
        recorder.saw_case(case_id)
    return recorder

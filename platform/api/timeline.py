"""The case timeline in the schema: events, each shown only to readers who may see
what it is about."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import strawberry

from vocrehab.api.actors import Actor, actors_by_id
from vocrehab.api.base import Node, gid, present
from vocrehab.api.codes import CaseEventKind
from vocrehab.api.context import Context
from vocrehab.api.planner import Batch, Planned, relation

if TYPE_CHECKING:
    from vocrehab.api.cases import Case

__all__ = ["CaseEvent", "event_masks", "present_event"]


async def _actors(batch: Batch[CaseEvent]) -> list[Actor | None]:
    found = await actors_by_id(batch.ctx, [e._row.actor_id for e in batch.parents])
    return [found.get(e._row.actor_id) for e in batch.parents]


@strawberry.type(name="CaseEvent", description="One change of a case, as its timeline tells it.")
class CaseEvent(Planned, Node):
    _row: strawberry.Private[Any]
    id: strawberry.ID = strawberry.field(description="The event's global ID.")
    at: datetime.datetime = strawberry.field(description="When it happened.")
    kind: str = strawberry.field(
        description="e.g. case.opened, plan.activated, intervention.referred, document.generated"
    )
    event_kind: CaseEventKind = strawberry.field(
        description="The kind as an enum (case.opened is CASE_OPENED), for exhaustive switches."
    )
    summary: str = strawberry.field(description="What happened, in one English line.")
    actor: Actor | None = relation(
        _actors,
        returns=Actor | None,
        description="Who did it, when known. Requires scope actors:read.",
    )


def event_masks(cases: Sequence[Case]) -> dict[uuid.UUID, tuple[int, int | None]]:
    """Per case: (the category bits its reader lacks, the reader's role bits or None)."""
    return {c._case_id: (c._reader.hidden_bits, c._reader.note_roles) for c in cases}


def present_event(ctx: Context, case: Case, row: Any) -> CaseEvent | None:
    if not case._reader.sees_event(row.category_mask, row.roles_mask):
        return None
    return present(
        ctx,
        CaseEvent,
        case._participant_id,
        case._visible,
        _row=row,
        id=gid("CaseEvent", row.id),
        at=row.at,
        kind=row.kind,
        event_kind=row.kind,  # the enum's internal value is the stored kind
        summary=row.summary,
    )

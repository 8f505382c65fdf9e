"""Case notes in the schema."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import strawberry

from vocrehab.api.actors import Actor, actors_by_id
from vocrehab.api.base import Node, Payload, object_id, present
from vocrehab.api.cases import case_children
from vocrehab.api.context import Context, Info
from vocrehab.api.enums import StakeholderType
from vocrehab.api.ids import id_of, row_id
from vocrehab.api.mutations import run
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.core import notes as core
from vocrehab.core.masks import roles_in_mask
from vocrehab.db import models as m

if TYPE_CHECKING:
    from vocrehab.api.cases import Case

__all__ = ["CaseNote", "NoteMutations", "present_note"]


async def _authors(batch: Batch[CaseNote]) -> list[Actor | None]:
    found = await actors_by_id(batch.ctx, [n._row.author_id for n in batch.parents])
    return [found.get(n._row.author_id) for n in batch.parents]


@strawberry.type(
    name="CaseNote",
    description="A short message between the team, visible to chosen roles. Requires scope "
    "notes:read.",
)
class CaseNote(Planned, Node):
    _row: strawberry.Private[Any]
    id: strawberry.ID = strawberry.field(description="The note's global ID.")
    body: str = strawberry.field(description="The note's text.")
    visible_to: list[StakeholderType] = strawberry.field(
        description="Roles that may read it; the author's role always may."
    )
    created_at: datetime.datetime = strawberry.field(description="When it was written.")
    author: Actor | None = relation(
        _authors, returns=Actor | None, description="Who wrote it. Requires scope actors:read."
    )


def present_note(ctx: Context, case: Case, row: Any) -> CaseNote | None:
    """A note, if the reader's roles on its case include one it is visible to."""
    if not case._reader.reads_note(row.visible_mask):
        return None
    return present(
        ctx,
        CaseNote,
        case._participant_id,
        case._visible,
        _row=row,
        id=object_id(ctx, "CaseNote", row.id),
        body=row.body,
        visible_to=roles_in_mask(row.visible_mask),
        created_at=row.created_at,
    )


@strawberry.input(description="A note on a case.")
class AddCaseNoteInput:
    case_id: strawberry.ID = id_of("Case", description="The case.")
    body: str = strawberry.field(description="The text (at most 10,000 characters).")
    visible_to: list[StakeholderType] | None = strawberry.field(
        default=None, description="Roles that may read it; default: only the author's role."
    )


async def _changed(batch: Batch[CaseNotePayload]) -> list[CaseNote | None]:
    found = await case_children(
        batch.ctx,
        m.CaseNote.__table__,
        [p._changed for p in batch.parents if p._changed],
        present_note,
    )
    return [found.get(p._changed) if p._changed else None for p in batch.parents]


@strawberry.type(description="The result of addCaseNote.")
class CaseNotePayload(Payload):
    note: CaseNote | None = relation(
        _changed, returns=CaseNote | None, description="The note; null when userErrors say why not."
    )


@strawberry.type
class NoteMutations:
    @strawberry.mutation(description="Requires scope notes:write (any member of the case team).")
    async def add_case_note(self, info: Info, input: AddCaseNoteInput) -> CaseNotePayload:
        cmd = core.AddNote(
            case_id=row_id(input.case_id), body=input.body, visible_to=input.visible_to
        )
        row, errors = await run(info, lambda work: core.add_note(work, cmd))
        return CaseNotePayload(_changed=row.id if row else None, user_errors=errors)

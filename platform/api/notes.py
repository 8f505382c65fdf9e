"""Case notes in the schema."""

from __future__ import annotations

import datetime

import strawberry

from vocrehab.api.actors import Actor, actor_by_id
from vocrehab.api.base import Node, UserError, gid
from vocrehab.api.context import Info
from vocrehab.api.enums import StakeholderType
from vocrehab.api.mutations import run
from vocrehab.core import audit
from vocrehab.core import notes as core
from vocrehab.core.policy import roles_in_mask
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import DataCategory

__all__ = ["CaseNote", "NoteMutations"]


@strawberry.type(name="CaseNote")
class CaseNote(Node):
    row: strawberry.Private[m.CaseNote]
    id: strawberry.ID
    body: str
    visible_to: list[StakeholderType] = strawberry.field(
        description="Roles that may read it; the author's role always may."
    )
    created_at: datetime.datetime

    @classmethod
    def of(cls, row: m.CaseNote) -> CaseNote:
        audit.record_case(row.case_id, DataCategory.PLAN)
        return cls(
            row=row,
            id=gid("CaseNote", row.id),
            body=row.body,
            visible_to=roles_in_mask(row.visible_mask),
            created_at=row.created_at,
        )

    @strawberry.field
    async def author(self, info: Info) -> Actor:
        found = await actor_by_id(info, self.row.author_id)
        assert found is not None
        return found


@strawberry.input
class AddCaseNoteInput:
    case_id: strawberry.ID
    body: str
    visible_to: list[StakeholderType] | None = strawberry.field(
        default=None, description="Roles that may read it; default: only the author's role."
    )


@strawberry.type
class CaseNotePayload:
    note: CaseNote | None
    user_errors: list[UserError]


@strawberry.type
class NoteMutations:
    @strawberry.mutation(description="Requires scope notes:write (any member of the case team).")
    async def add_case_note(self, info: Info, input: AddCaseNoteInput) -> CaseNotePayload:
        cmd = core.AddNote(case_id=input.case_id, body=input.body, visible_to=input.visible_to)
        row, errors = await run(info, lambda work: core.add_note(work, cmd))
        return CaseNotePayload(note=CaseNote.of(row) if row else None, user_errors=errors)

"""`Query.moves`: whose move it is, across the reader's cases (`core.moves`)."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any

import strawberry

from vocrehab.api.actors import Actor, actors_by_id
from vocrehab.api.base import (
    After,
    Before,
    Connection,
    Count,
    First,
    Lang,
    Last,
    connection,
    maker,
    presented,
)
from vocrehab.api.cases import Case, present_case
from vocrehab.api.context import Context, Info
from vocrehab.api.enums import MilestoneStatus, StakeholderType
from vocrehab.api.ids import decode_id
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.core import moves as core
from vocrehab.core.milestones import milestone_status
from vocrehab.core.pagination import Cursor, PageRequest
from vocrehab.core.reads import splitter
from vocrehab.hooks.types import text_for

__all__ = ["Move", "MoveFilter", "MoveQueries", "moves_page", "present_move"]


async def _assignees(batch: Batch[Move]) -> list[Actor | None]:
    found = await actors_by_id(batch.ctx, [mv._step.assignee_id for mv in batch.parents])
    return [found.get(mv._step.assignee_id) for mv in batch.parents]


@strawberry.type(
    name="Move",
    description="A next step on a case that is the reader's to take: their role's (or "
    "theirs, once assigned to them). Requires scope cases:read.",
)
class Move(Planned):
    _step: strawberry.Private[Any]
    _lang: strawberry.Private[str | None]
    case: Case = strawberry.field(description="The case the step belongs to.")
    code: str = strawberry.field(description="The milestone's code in its jurisdiction.")
    due_date: datetime.date = strawberry.field(description="When it is due.")
    status: MilestoneStatus = strawberry.field(
        description="OVERDUE, DUE or UPCOMING, today (an optional step is a move only until "
        "its due date, so never OVERDUE)."
    )
    responsible: StakeholderType = strawberry.field(description="The role that must act.")
    legal_reference: str | None = strawberry.field(
        description="The rule it follows from, e.g. SFB 30 kap. 6 §."
    )
    assignee: Actor | None = relation(
        _assignees,
        returns=Actor | None,
        description="The team member it is assigned to, if anyone. Requires scope actors:read.",
    )

    @strawberry.field(
        description="What to do, in plain language. `lang` picks the language (default: the "
        "participant's own language for a participant, else English)."
    )
    def title(self, lang: Lang = None) -> str:
        return text_for(self._step.names, lang or self._lang)

    @strawberry.field(description="What completes it, in plain language.")
    def completed_by(self, lang: Lang = None) -> str | None:
        texts = self._step.descriptions
        return text_for(texts, lang or self._lang) if texts else None


def present_move(ctx: Context, case: Case, step: Any, lang: str | None) -> Move:
    return presented(
        ctx,
        maker(Move)(
            _step=step,
            _lang=lang,
            case=case,
            code=step.code,
            due_date=step.due_date,
            status=milestone_status(step, ctx.today),
            responsible=step.responsible,
            legal_reference=step.legal_reference,
        ),
        case._participant_id,
        case._visible,
    )


@strawberry.input(description="Narrows the reader's moves; every condition must hold.")
class MoveFilter:
    due_before: datetime.date | None = strawberry.field(
        default=None, description="Due before this day."
    )
    overdue: bool | None = strawberry.field(
        default=None, description="true: only overdue steps; false: only those not overdue."
    )
    case_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the steps of this case."
    )
    jurisdiction: str | None = strawberry.field(
        default=None, description="Only steps of cases of this jurisdiction (its code)."
    )
    responsible: list[StakeholderType] | None = strawberry.field(
        default=None, description="Only steps of these roles (for a reader with several)."
    )


def _core_filter(flt: MoveFilter) -> core.MoveFilter:
    case_id = None
    if flt.case_id:
        # An ID of another type names no case: the filter then matches nothing.
        case_id = decode_id(flt.case_id, "Case", ("filter", "caseId")) or NO_CASE
    return core.MoveFilter(
        due_before=flt.due_before,
        overdue=flt.overdue,
        case_id=case_id,
        jurisdiction=flt.jurisdiction,
        responsible=flt.responsible,
    )


NO_CASE = uuid.UUID(int=0)


@strawberry.type
class MoveQueries:
    @strawberry.field(
        description="Your day: the next steps across every case you may see where your role "
        "(or you, once assigned) must act, by due date, overdue first. Requires scope "
        "cases:read."
    )
    async def moves(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: Annotated[
            MoveFilter | None, strawberry.argument(description="Only the moves that match.")
        ] = None,
    ) -> Connection[Move] | None:
        return await moves_page(info.context, PageRequest.of(first, after, last, before), filter)


async def moves_page(
    ctx: Context, request: PageRequest, filter: MoveFilter | None
) -> Connection[Move] | None:
    """A page of the reader's moves (`Query.moves`, `DailyDigest.moves`)."""
    page = await core.list_moves(
        ctx.db, ctx.principal, ctx.today, _core_filter(filter or MoveFilter()), request
    )
    step_of = None
    shown: list[tuple[Move, Cursor]] = []
    own = ctx.principal.participant_id
    for row, cursor in zip(page.items, page.cursors, strict=True):
        case = present_case(ctx, row)
        if case is None:
            continue
        step_of = step_of or splitter(row._fields, core.STEP_PREFIX)
        lang = row.participant_language if own is not None and own == row.participant_id else None
        shown.append((present_move(ctx, case, step_of(row), lang), cursor))
    return connection(
        [move for move, _ in shown],
        [cursor for _, cursor in shown],
        page.has_next,
        page.has_previous,
        Count.of_page(page),
    )

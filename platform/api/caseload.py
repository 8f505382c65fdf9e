"""The caseload: `Query.cases`, filtered and ordered in SQL for the reader."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated

import strawberry

from vocrehab.api.base import After, Before, Connection, Count, First, Last, connection
from vocrehab.api.cases import Case, cases_by_id, present_case
from vocrehab.api.context import Info
from vocrehab.api.enums import CaseStatus, ReturnToWorkPhase
from vocrehab.api.ids import decode_id, id_of
from vocrehab.core import cases as core
from vocrehab.core import reads
from vocrehab.core.pagination import PageRequest

__all__ = ["CaseFilter", "CaseOrder", "CaseQueries"]


@strawberry.input(description="Narrows the caseload; every condition must hold.")
class CaseFilter:
    jurisdiction: str | None = strawberry.field(
        default=None, description="Only cases of this jurisdiction (its code)."
    )
    status: list[CaseStatus] | None = strawberry.field(
        default=None, description="Only cases in one of these statuses."
    )
    phase: list[ReturnToWorkPhase] | None = strawberry.field(
        default=None, description="Only cases in one of these phases."
    )
    participant_id: strawberry.ID | None = id_of(
        "Participant", default=None, description="Only this participant's cases."
    )
    employer_id: strawberry.ID | None = id_of(
        "Actor", default=None, description="Only cases with this employer."
    )
    team_member_id: strawberry.ID | None = id_of(
        "Actor", default=None, description="Cases where this actor is on the team (a caseload)."
    )
    overdue: bool | None = strawberry.field(
        default=None,
        description="Only cases with an OVERDUE milestone of the plan (a deadline every team "
        "member sees).",
    )
    unseen: bool | None = strawberry.field(
        default=None,
        description="true: only cases with events the reader has not seen since their last "
        "markCaseSeen (events they may see and did not cause, as Case.unseenCount counts "
        "them); false: only cases without.",
    )
    opened_after: datetime.date | None = strawberry.field(
        default=None, description="Opened on or after this day."
    )
    opened_before: datetime.date | None = strawberry.field(
        default=None, description="Opened before this day."
    )


@strawberry.enum(description="What the caseload is sorted by; ties are broken by the case's id.")
class CaseOrderField(Enum):
    OPENED_AT = "OPENED_AT"
    SICK_LEAVE_START = "SICK_LEAVE_START"
    REFERENCE = "REFERENCE"
    NEXT_DUE_DATE = "NEXT_DUE_DATE"


@strawberry.enum(description="Ascending or descending.")
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input(description="The order of a caseload.")
class CaseOrder:
    field: CaseOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(description="Which way.")


def _core_filter(flt: CaseFilter) -> core.CaseFilter:
    """The filter in row ids. An ID of another type names nothing: no case matches it."""
    ids = {
        name: decode_id(value, id_type, ("filter", camel))
        for name, camel, id_type in (
            ("participant_id", "participantId", "Participant"),
            ("employer_id", "employerId", "Actor"),
            ("team_member_id", "teamMemberId", "Actor"),
        )
        if (value := getattr(flt, name)) is not None
    }
    return core.CaseFilter(
        jurisdiction=flt.jurisdiction,
        status=flt.status,
        phase=flt.phase,
        participant_id=ids.get("participant_id"),
        employer_id=ids.get("employer_id"),
        team_member_id=ids.get("team_member_id"),
        overdue=flt.overdue,
        unseen=flt.unseen,
        opened_after=flt.opened_after,
        opened_before=flt.opened_before,
        matches_nothing=None in ids.values(),
    )


@strawberry.type
class CaseQueries:
    @strawberry.field(
        description="A case by its ID; null when there is none, the ID is another type's, or "
        "the reader may not see it. A string that is not an ID is BAD_USER_INPUT. Requires "
        "scope cases:read."
    )
    async def case(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The case's ID.")],
    ) -> Case | None:
        case_id = decode_id(id, "Case", ("id",))
        if case_id is None:
            return None
        return (await cases_by_id(info.context, [case_id])).get(case_id)

    @strawberry.field(
        description="A case by its human-friendly reference (e.g. SE-2026-000123), for "
        "routes such as /cases/SE-2026-000123; null when there is none or the reader may not "
        "see it. Requires scope cases:read."
    )
    async def case_by_reference(
        self,
        info: Info,
        reference: Annotated[
            str, strawberry.argument(description="The case's reference, e.g. SE-2026-000123.")
        ],
    ) -> Case | None:
        ctx = info.context
        row = await reads.case_by_reference(ctx.db, ctx.principal, ctx.today, reference.strip())
        return present_case(ctx, row) if row is not None else None

    @strawberry.field(
        description="Cases the reader may see (default order: newest first). Requires scope "
        "cases:read."
    )
    async def cases(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: Annotated[
            CaseFilter | None, strawberry.argument(description="Only the cases that match.")
        ] = None,
        order_by: Annotated[
            CaseOrder | None,
            strawberry.argument(description="The order (default: newest opened first)."),
        ] = None,
    ) -> Connection[Case] | None:
        ctx = info.context
        order = core.CaseOrder(
            order_by.field.value if order_by else "OPENED_AT",
            order_by.direction is OrderDirection.DESC if order_by else True,
        )
        page = await core.list_cases(
            ctx.db,
            ctx.principal,
            ctx.today,
            ctx.clock.zone,
            _core_filter(filter or CaseFilter()),
            order,
            PageRequest.of(first, after, last, before),
        )
        shown = [
            (present_case(ctx, row), c) for row, c in zip(page.items, page.cursors, strict=True)
        ]
        return connection(
            [case for case, _ in shown if case is not None],
            [cursor for case, cursor in shown if case is not None],
            page.has_next,
            page.has_previous,
            Count.of_page(page),
        )

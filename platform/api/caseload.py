"""The caseload: `Query.cases`, filtered and ordered in SQL for the reader."""

from __future__ import annotations

import datetime
import uuid
from enum import Enum
from typing import Annotated

import strawberry

from vocrehab.api.base import After, Before, Connection, Count, First, Last, connection
from vocrehab.api.cases import Case, cases_by_id, present_case
from vocrehab.api.context import Info
from vocrehab.api.enums import CaseStatus, ReturnToWorkPhase
from vocrehab.core import cases as core
from vocrehab.core import reads
from vocrehab.core.errors import BadRequest
from vocrehab.core.ids import InvalidGlobalId, MalformedGlobalId, decode_global_id
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
    participant_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this participant's cases."
    )
    employer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only cases with this employer."
    )
    team_member_id: strawberry.ID | None = strawberry.field(
        default=None, description="Cases where this actor is on the team (a caseload)."
    )
    overdue: bool | None = strawberry.field(
        default=None,
        description="Only cases with an OVERDUE milestone of the plan (a deadline every team "
        "member sees).",
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


def _id_filter(value: strawberry.ID | None, type_name: str) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return decode_global_id(value, type_name)[1]
    except InvalidGlobalId as exc:
        raise BadRequest(str(exc)) from None


def _core_filter(flt: CaseFilter) -> core.CaseFilter:
    return core.CaseFilter(
        jurisdiction=flt.jurisdiction,
        status=flt.status,
        phase=flt.phase,
        participant_id=_id_filter(flt.participant_id, "Participant"),
        employer_id=_id_filter(flt.employer_id, "Actor"),
        team_member_id=_id_filter(flt.team_member_id, "Actor"),
        overdue=flt.overdue,
        opened_after=flt.opened_after,
        opened_before=flt.opened_before,
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
        try:
            case_id = decode_global_id(id, "Case")[1]
        except MalformedGlobalId as exc:
            raise BadRequest(str(exc)) from None
        except InvalidGlobalId:
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

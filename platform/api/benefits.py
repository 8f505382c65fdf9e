"""Benefit periods in the schema (BENEFITS category)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from vocrehab.api.base import Node, Payload, object_id, present, shown
from vocrehab.api.cases import case_children, parent_cases
from vocrehab.api.context import Context, Info
from vocrehab.api.ids import id_of, row_id
from vocrehab.api.jurisdictions import BenefitType, reference_items
from vocrehab.api.mutations import run
from vocrehab.api.planner import Batch, Planned, relation
from vocrehab.core import benefits as core
from vocrehab.db import models as m

if TYPE_CHECKING:
    from vocrehab.api.cases import Case

__all__ = ["BenefitMutations", "BenefitPeriod", "present_benefit"]

CaseT = Annotated["Case", strawberry.lazy("vocrehab.api.cases")]


async def _types(batch: Batch[BenefitPeriod]) -> list[BenefitType]:
    return reference_items(
        batch.ctx, "benefit_types", BenefitType.of,
        [(b._jurisdiction, b._row.benefit_type_code) for b in batch.parents],
    )  # fmt: skip


@strawberry.type(
    name="BenefitPeriod",
    description="A benefit at a degree for a period (BENEFITS). Requires scope benefits:read.",
)
class BenefitPeriod(Planned, Node):
    _row: strawberry.Private[Any]
    _case_id: strawberry.Private[Any]
    _jurisdiction: strawberry.Private[str]
    id: strawberry.ID = strawberry.field(description="The benefit period's global ID.")
    degree: int = strawberry.field(description="The degree in percent (e.g. 25, 50, 75, 100).")
    start_date: datetime.date = strawberry.field(description="The first day paid.")
    end_date: datetime.date | None = strawberry.field(
        description="The last day paid; null while open-ended."
    )
    amount: int | None = strawberry.field(
        description="The amount granted, in whole units of the currency its benefit type's "
        "amounts give, per their period; null when none is recorded."
    )
    case: CaseT | None = relation(
        parent_cases, returns=CaseT | None, description="Requires scope cases:read."
    )
    benefit_type: BenefitType = relation(
        _types, returns=BenefitType, description="The benefit, as the jurisdiction defines it."
    )


def present_benefit(ctx: Context, case: Case, row: Any) -> BenefitPeriod:
    return present(
        ctx,
        BenefitPeriod,
        case._participant_id,
        case._visible,
        _row=row,
        _case_id=row.case_id,
        _jurisdiction=case._row.jurisdiction,
        id=object_id(ctx, "BenefitPeriod", row.id),
        degree=row.degree,
        start_date=row.start_date,
        end_date=row.end_date,
        amount=row.amount,
    )


@strawberry.input(description="A benefit period to grant on a case.")
class GrantBenefitInput:
    case_id: strawberry.ID = id_of("Case", description="The case it is granted on.")
    benefit_type_code: str = strawberry.field(
        description="One of the jurisdiction's benefit type codes (see benefitTypes)."
    )
    degree: int = strawberry.field(
        description="The degree in percent, one the benefit type's degrees allow."
    )
    start_date: datetime.date = strawberry.field(description="The first day paid.")
    end_date: datetime.date | None = strawberry.field(
        default=None, description="The last day paid; leave it out for an open-ended period."
    )
    amount: int | None = strawberry.field(
        default=None,
        description="The amount granted, one the benefit type's amounts allow (in their "
        "currency and period); leave it out where it declares none.",
    )


@strawberry.input(description="The end of a benefit period.")
class EndBenefitInput:
    id: strawberry.ID = id_of("BenefitPeriod", description="The benefit period.")
    end_date: datetime.date = strawberry.field(description="Its last day paid.")


async def _changed(batch: Batch[BenefitPeriodPayload]) -> list[BenefitPeriod | None]:
    found = await case_children(
        batch.ctx,
        m.BenefitPeriod.__table__,
        [p._changed for p in batch.parents if p._changed],
        _if_seen,
    )
    return [found.get(p._changed) if p._changed else None for p in batch.parents]


def _if_seen(ctx: Context, case: Case, row: Any) -> BenefitPeriod | None:
    """A benefit period reached by id: only for readers who see BENEFITS on its case."""
    return present_benefit(ctx, case, row) if shown(ctx, BenefitPeriod, case._visible) else None


@strawberry.type(description="The result of grantBenefit and endBenefit.")
class BenefitPeriodPayload(Payload):
    benefit_period: BenefitPeriod | None = relation(
        _changed,
        returns=BenefitPeriod | None,
        description="The granted or ended period; null when userErrors say why not.",
    )


def _payload(row: Any, errors: list[Any]) -> BenefitPeriodPayload:
    return BenefitPeriodPayload(_changed=row.id if row is not None else None, user_errors=errors)


@strawberry.type
class BenefitMutations:
    @strawberry.mutation(description="Requires scope benefits:write (CASE_MANAGER, ADMIN).")
    async def grant_benefit(self, info: Info, input: GrantBenefitInput) -> BenefitPeriodPayload:
        cmd = core.GrantBenefit(
            case_id=row_id(input.case_id),
            benefit_type_code=input.benefit_type_code,
            degree=input.degree,
            start_date=input.start_date,
            end_date=input.end_date,
            amount=input.amount,
        )
        return _payload(*await run(info, lambda work: core.grant_benefit(work, cmd)))

    @strawberry.mutation(description="Requires scope benefits:write (CASE_MANAGER, ADMIN).")
    async def end_benefit(self, info: Info, input: EndBenefitInput) -> BenefitPeriodPayload:
        cmd = core.EndBenefit(id=row_id(input.id), end_date=input.end_date)
        return _payload(*await run(info, lambda work: core.end_benefit(work, cmd)))

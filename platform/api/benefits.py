"""Benefit periods in the schema (BENEFITS category)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from vocrehab.api.base import Node, UserError, gid
from vocrehab.api.context import Info
from vocrehab.api.jurisdictions import BenefitType, case_reference
from vocrehab.api.loaders import field_path
from vocrehab.api.mutations import run
from vocrehab.core import audit
from vocrehab.core import benefits as core
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import DataCategory

if TYPE_CHECKING:
    from vocrehab.api.cases import Case

__all__ = ["BenefitMutations", "BenefitPeriod"]

CaseT = Annotated["Case", strawberry.lazy("vocrehab.api.cases")]


@strawberry.type(name="BenefitPeriod")
class BenefitPeriod(Node):
    row: strawberry.Private[m.BenefitPeriod]
    id: strawberry.ID
    degree: int
    start_date: datetime.date
    end_date: datetime.date | None

    @classmethod
    def of(cls, row: m.BenefitPeriod) -> BenefitPeriod:
        audit.record_case(row.case_id, DataCategory.BENEFITS)
        return cls(
            row=row,
            id=gid("BenefitPeriod", row.id),
            degree=row.degree,
            start_date=row.start_date,
            end_date=row.end_date,
        )

    @strawberry.field
    async def case(self, info: Info) -> CaseT:
        from vocrehab.api.cases import Case

        return Case.of(
            await info.context.loaders.row("case", field_path(info)).load(self.row.case_id)
        )

    @strawberry.field
    async def benefit_type(self, info: Info) -> BenefitType:
        return await case_reference(
            info, self.row.case_id, "benefit_types", self.row.benefit_type_code, BenefitType.of
        )


@strawberry.input
class GrantBenefitInput:
    case_id: strawberry.ID
    benefit_type_code: str
    degree: int
    start_date: datetime.date
    end_date: datetime.date | None = None


@strawberry.input
class EndBenefitInput:
    id: strawberry.ID
    end_date: datetime.date


@strawberry.type
class BenefitPeriodPayload:
    benefit_period: BenefitPeriod | None
    user_errors: list[UserError]


def _payload(row: m.BenefitPeriod | None, errors: list[UserError]) -> BenefitPeriodPayload:
    return BenefitPeriodPayload(
        benefit_period=BenefitPeriod.of(row) if row else None, user_errors=errors
    )


@strawberry.type
class BenefitMutations:
    @strawberry.mutation(description="Requires scope benefits:write (CASE_MANAGER, ADMIN).")
    async def grant_benefit(self, info: Info, input: GrantBenefitInput) -> BenefitPeriodPayload:
        cmd = core.GrantBenefit(
            case_id=input.case_id,
            benefit_type_code=input.benefit_type_code,
            degree=input.degree,
            start_date=input.start_date,
            end_date=input.end_date,
        )
        return _payload(*await run(info, lambda work: core.grant_benefit(work, cmd)))

    @strawberry.mutation(description="Requires scope benefits:write (CASE_MANAGER, ADMIN).")
    async def end_benefit(self, info: Info, input: EndBenefitInput) -> BenefitPeriodPayload:
        cmd = core.EndBenefit(id=input.id, end_date=input.end_date)
        return _payload(*await run(info, lambda work: core.end_benefit(work, cmd)))

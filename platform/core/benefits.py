"""Benefit periods: which benefit, at which degree, from when to when."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from vocrehab.core.casework import (
    after_change,
    case_for_change,
    check_rules,
    facts_of,
    record_event,
    require_open,
)
from vocrehab.core.errors import DomainError, ProblemCode, invalid_state, not_found
from vocrehab.core.policy import Action
from vocrehab.core.snapshots import benefit_facts
from vocrehab.core.validation import Checks
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.db.base import new_id
from vocrehab.hooks.types import BenefitTypeInfo, by_code, text_for
from vocrehab.hooks.types import EndBenefit as EndChange
from vocrehab.hooks.types import GrantBenefit as GrantChange
from vocrehab.hooks.vocabulary import DataCategory

__all__ = ["EndBenefit", "GrantBenefit", "allowed_values", "end_benefit", "grant_benefit"]

BENEFITS = DataCategory.BENEFITS.value


@dataclass(frozen=True)
class GrantBenefit:
    case_id: uuid.UUID
    benefit_type_code: str
    degree: int
    start_date: date
    end_date: date | None = None
    amount: int | None = None


async def grant_benefit(work: Work, cmd: GrantBenefit) -> m.BenefitPeriod:
    case_id = cmd.case_id
    case, case_access = await case_for_change(work, case_id, Action.MANAGE_BENEFITS)
    require_open(case)
    checks = Checks()
    types = work.jurisdiction(case.jurisdiction).benefit_types()
    kind = by_code(types, cmd.benefit_type_code)
    if kind is None:
        known = ", ".join(sorted(t.code for t in types))
        checks.fail(("benefit_type_code",), f"unknown benefit type; known: {known}")
        checks.percent(("degree",), cmd.degree)
    else:
        allowed_values(checks, kind, cmd.degree, cmd.amount)
    checks.ordered(("end_date",), cmd.start_date, cmd.end_date)
    checks.done()
    period = m.BenefitPeriod(
        id=new_id(),
        case_id=case.id,
        benefit_type_code=cmd.benefit_type_code,
        degree=cmd.degree,
        start_date=cmd.start_date,
        end_date=cmd.end_date,
        amount=cmd.amount,
        created_at=work.clock.now(),
    )
    before = await facts_of(work, case)
    check_rules(work, case, GrantChange(benefit_facts(period)), before)
    work.session.add(period)
    record_event(
        work, case, "benefit.granted", f"{cmd.benefit_type_code} granted at {cmd.degree} %",
        case_access=case_access, category=BENEFITS,
        data={"benefitPeriodId": str(period.id), "typeCode": cmd.benefit_type_code},
    )  # fmt: skip
    await after_change(work, case)
    return period


def allowed_values(checks: Checks, kind: BenefitTypeInfo, degree: int, amount: int | None) -> None:
    """The degree and the amount, against what the benefit type allows (its `degrees`
    and `amounts`): a value outside is refused naming the field and the law."""
    name = text_for(kind.names, "en")
    degrees = kind.allowed
    if not degrees.allows(degree):
        checks.fail(("degree",), f"{name} is granted at {degrees.describe()} %, not {degree} %"
                    + _citing(degrees.legal_reference))  # fmt: skip
    amounts = kind.amounts
    if amount is None:
        return
    if amounts is None:
        checks.fail(("amount",), f"{name} records no amount")
    elif not amounts.allowed.allows(amount):
        checks.fail(("amount",), f"{name} is granted at {amounts.describe()}, not {amount}"
                    + _citing(amounts.allowed.legal_reference))  # fmt: skip


def _citing(reference: str | None) -> str:
    return f" ({reference})" if reference else ""


@dataclass(frozen=True)
class EndBenefit:
    id: uuid.UUID
    end_date: date


async def end_benefit(work: Work, cmd: EndBenefit) -> m.BenefitPeriod:
    period_id = cmd.id
    case_id = await work.session.scalar(
        sa.select(m.BenefitPeriod.case_id).where(m.BenefitPeriod.id == period_id)
    )
    if case_id is None:
        raise not_found("no such benefit period", ("id",))
    try:
        case, case_access = await case_for_change(work, case_id, Action.MANAGE_BENEFITS, ("id",))
    except DomainError as exc:
        if exc.problems[0].code == ProblemCode.NOT_FOUND:
            raise not_found("no such benefit period", ("id",)) from None
        raise
    period = await work.session.get(m.BenefitPeriod, period_id, with_for_update=True)
    assert period is not None
    if period.end_date is not None and period.end_date <= work.today:
        raise invalid_state(f"the period already ended on {period.end_date.isoformat()}")
    checks = Checks()
    checks.ordered(("end_date",), period.start_date, cmd.end_date)
    checks.done()
    before = await facts_of(work, case)
    check_rules(work, case, EndChange(benefit_facts(period), cmd.end_date), before)
    period.end_date = cmd.end_date
    record_event(
        work, case, "benefit.ended",
        f"{period.benefit_type_code} ends {cmd.end_date.isoformat()}",
        case_access=case_access, category=BENEFITS, data={"benefitPeriodId": str(period.id)},
    )  # fmt: skip
    await after_change(work, case)
    return period

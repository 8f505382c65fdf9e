"""The employer's plan for return to work (plan för återgång i arbete), SFB 30 kap. 6 §.

Since 1 July 2018: when it can be assumed that an employee's work capacity
will be reduced because of illness for at least 60 days, the employer draws
up a plan no later than day 30 of the sick period, or at once if that
forecast only appears later. No plan is needed when the employee's health
clearly rules out a return to work. There is no required form, and the
employer sends it to Försäkringskassan only on request.

When is it "assumed"? When the doctor's forecast (fkRecordExpectedDuration)
is 60 days or more; and, without such a forecast, once the recorded sick
periods have reached day 60, when it is no longer an assumption. The plan is
drawn up when the employer records it (fkRecordEmployerPlan) or drafts a
return-to-work plan on the case, whichever comes first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from vocrehab.hooks import CaseFacts, EmploymentStatus, MilestoneInfo, StakeholderType
from vocrehab_fk_se import sources
from vocrehab_fk_se.details import CaseDetails
from vocrehab_fk_se.language import both
from vocrehab_fk_se.sick_leave import SickLeave
from vocrehab_fk_se.vocabulary import EmployerPlanDecision, EmployerPlanStatus

__all__ = ["EXPECTED_MIN_DAYS", "PLAN_DAY", "EmployerPlan"]

EXPECTED_MIN_DAYS = 60
PLAN_DAY = 30


@dataclass(frozen=True)
class EmployerPlan:
    employed: bool
    spell_start: date
    forecast_days: int | None
    forecast_on: date | None
    decision: EmployerPlanDecision | None
    decided_on: date | None
    drafted_on: date | None
    """The first return-to-work plan the employer drafted on the case in this spell."""
    reached_day_60: bool
    """The recorded sick periods (not a projection) reach day 60 of the spell."""

    @classmethod
    def of(cls, case: CaseFacts, details: CaseDetails, leave: SickLeave) -> EmployerPlan:
        start = leave.spell_start
        assert start is not None, "only for a case with sick leave"
        day_60 = start + timedelta(days=EXPECTED_MIN_DAYS - 1)
        drafted = [
            e.at.date()
            for e in case.events
            if e.kind == "plan.created"
            and e.actor_role is StakeholderType.EMPLOYER
            and e.at.date() >= start
        ]
        return cls(
            employed=case.employment_status is EmploymentStatus.EMPLOYED,
            spell_start=start,
            forecast_days=details.expected_days,
            forecast_on=details.expected_assessed_on,
            decision=details.plan_decision,
            decided_on=details.plan_decided_on,
            drafted_on=min(drafted, default=None),
            reached_day_60=any(
                p.recorded and p.end is not None and p.start <= day_60 <= p.end for p in leave.chain
            ),
        )

    @property
    def day_30(self) -> date:
        return self.spell_start + timedelta(days=PLAN_DAY - 1)

    @property
    def forecast_due(self) -> date | None:
        """Day 30, or the day of a later forecast of 60 days or more."""
        if self.forecast_days is None or self.forecast_days < EXPECTED_MIN_DAYS:
            return None
        return max(self.day_30, self.forecast_on or self.day_30)

    @property
    def due_date(self) -> date:
        reached = (
            self.spell_start + timedelta(days=EXPECTED_MIN_DAYS - 1)
            if self.reached_day_60
            else None
        )
        candidates = [d for d in (self.forecast_due, reached) if d is not None]
        return min(candidates, default=self.day_30)

    @property
    def required(self) -> bool:
        due = self.forecast_due is not None or self.reached_day_60
        return (
            self.employed
            and due
            and self.decision is not EmployerPlanDecision.NOT_NEEDED_CANNOT_RETURN
        )

    @property
    def met_on(self) -> date | None:
        drawn = self.decided_on if self.decision is EmployerPlanDecision.DRAWN_UP else None
        return min((d for d in (drawn, self.drafted_on) if d is not None), default=None)

    @property
    def status(self) -> EmployerPlanStatus:
        if self.met_on is not None:
            return EmployerPlanStatus.DRAWN_UP
        if self.decision is EmployerPlanDecision.NOT_NEEDED_CANNOT_RETURN:
            return EmployerPlanStatus.NOT_NEEDED
        return EmployerPlanStatus.REQUIRED if self.required else EmployerPlanStatus.NOT_REQUIRED

    def overdue_on(self, today: date) -> bool:
        return self.status is EmployerPlanStatus.REQUIRED and self.due_date < today

    def milestone(self) -> MilestoneInfo:
        return MilestoneInfo(
            code="EMPLOYER_PLAN",
            names=both("Plan för återgång i arbete", "Employer's plan for return to work"),
            descriptions=both(
                "Kan arbetsförmågan antas vara nedsatt i minst 60 dagar upprättar arbetsgivaren "
                "en plan senast dag 30 (eller genast om det blir känt senare). Behövs inte om "
                "hälsan klart hindrar återgång. Uppfylls när arbetsgivaren registrerar planen "
                "eller upprättar en plan i ärendet.",
                "If work capacity can be expected to be reduced for at least 60 days, the "
                "employer draws up a plan by day 30 (or at once if that becomes known later). "
                "Not needed if health clearly rules out a return. Met when the employer records "
                "the plan or drafts one on the case.",
            ),
            due_date=self.due_date,
            responsible=StakeholderType.EMPLOYER,
            legal_reference=sources.EMPLOYER_PLAN,
            met_on=self.met_on,
            not_applicable=self.met_on is None and not self.required,
        )

"""The GraphQL face of Swedish case details: `FkCaseDetails` and its parts.

Clients select it with `... on FkCaseDetails`. Every name carries the `Fk`
prefix so the schema of several plugins never clashes. What depends on the
day (the chain's day number, its stage, who pays, the benefit level) is given
"as of" the last day the recorded sick periods cover, and for any day through
`position(on:)`: details are presented without a clock, so a client asks for
today explicitly.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from vocrehab.hooks import CaseFacts, DataCategory, EmploymentStatus, JurisdictionDetails
from vocrehab.hooks.schema import data_categories
from vocrehab_fk_se.chain import ChainFacts
from vocrehab_fk_se.details import CaseDetails
from vocrehab_fk_se.employer_plan import EXPECTED_MIN_DAYS, EmployerPlan
from vocrehab_fk_se.levels import continuation_level_from, level_percent_on
from vocrehab_fk_se.milestones import FK_DAY
from vocrehab_fk_se.reconciliation import ReconciliationMeeting
from vocrehab_fk_se.vocabulary import (
    AssessmentBasis,
    ChainException,
    ChainStage,
    EmployerPlanDecision,
    EmployerPlanStatus,
    MeetingParticipant,
    MeetingStatus,
    Payer,
)

__all__ = ["FkCaseDetails", "present_details"]


@data_categories(DataCategory.PLAN)
@strawberry.type(name="FkSickPeriod", description="A recorded period of reduced work capacity.")
class FkSickPeriod:
    start: date = strawberry.field(description="The first day of the period.")
    end: date = strawberry.field(description="The last day of the period.")
    degree: int = strawberry.field(
        description="Reduced work capacity in percent: 25, 50, 75 or 100."
    )


@data_categories(DataCategory.PLAN)
@strawberry.type(
    name="FkEmployerPlan", description="The employer's plan for return to work (SFB 30 kap. 6 §)."
)
class FkEmployerPlan:
    status: EmployerPlanStatus = strawberry.field(description="Where the employer's plan stands.")
    due_date: date | None = strawberry.field(description="When it is due, if it is required.")
    drawn_up_on: date | None = strawberry.field(description="The day the employer drew it up.")
    decision: EmployerPlanDecision | None = strawberry.field(
        description="What the employer recorded."
    )


# Serious illness is the only ground for keeping the normal level: the decision is
# reached only through FkCaseDetails.normalLevelDecision, which is MEDICAL.
@data_categories(DataCategory.PLAN)
@strawberry.type(
    name="FkNormalLevelDecision",
    description="Försäkringskassan's decision on sickness benefit at the normal level after 364 days.",
)
class FkNormalLevelDecision:
    keeps_normal_level: bool = strawberry.field(
        description="Whether the person keeps their normal level of sickness benefit (SFB 27 kap. 46 §)."
    )
    decided_on: date = strawberry.field(description="The day Försäkringskassan decided.")


@data_categories(DataCategory.PLAN)
@strawberry.type(name="FkMeetingNextStep", description="The next step agreed at a meeting.")
class FkMeetingNextStep:
    description: str = strawberry.field(description="What happens next.")
    responsible: MeetingParticipant = strawberry.field(description="Who acts.")
    due_date: date | None = strawberry.field(description="By when.")


@data_categories(DataCategory.PLAN)
@strawberry.type(
    name="FkReconciliationMeeting",
    description="A reconciliation meeting (avstämningsmöte) Försäkringskassan called or held.",
)
class FkReconciliationMeeting:
    number: int = strawberry.field(description="The meeting's number on the case, from 1.")
    status: MeetingStatus = strawberry.field(description="PLANNED, HELD or CANCELLED.")
    planned_for: date | None = strawberry.field(description="The day it is planned for.")
    requested_by: MeetingParticipant | None = strawberry.field(description="Who asked for it.")
    held_on: date | None = strawberry.field(description="The day it was held.")
    participants: list[MeetingParticipant] = strawberry.field(description="Who took part.")
    outcome: str | None = strawberry.field(description="What was agreed.")
    next_step: FkMeetingNextStep | None = strawberry.field(description="What happens next.")

    @classmethod
    def of(cls, meeting: ReconciliationMeeting) -> FkReconciliationMeeting:
        step = meeting.next_step
        return cls(
            number=meeting.number,
            status=meeting.status,
            planned_for=meeting.planned_for,
            requested_by=meeting.requested_by,
            held_on=meeting.held_on,
            participants=list(meeting.participants),
            outcome=meeting.outcome,
            next_step=FkMeetingNextStep(
                description=step.description, responsible=step.responsible, due_date=step.due_date
            )
            if step
            else None,
        )


@data_categories(DataCategory.PLAN, sickness_benefit_level_percent=DataCategory.BENEFITS)
@strawberry.type(name="FkChainPosition", description="Where the sick leave stands on one day.")
class FkChainPosition:
    on: date = strawberry.field(description="The day the position is for.")
    day: int = strawberry.field(description="Day of the rehabilitation chain (0 before it starts).")
    stage: ChainStage | None = strawberry.field(
        description="The stage of the rehabilitation chain that day."
    )
    basis_of_assessment: AssessmentBasis | None = strawberry.field(
        description="What work capacity is assessed against at that stage."
    )
    paid_by: Payer | None = strawberry.field(
        description="Who pays for the day, if it is a sick day."
    )
    sickness_benefit_level_percent: int | None = strawberry.field(
        description="80 (normal level) or 75 (continuation level) on a day Försäkringskassan pays."
    )


# The exceptions to the chain (serious illness among them) come from medical
# assessment; the continuation level is a benefit fact. The forecast's length is
# on the certificate the employer gets, without the diagnosis.
@data_categories(
    DataCategory.PLAN,
    chain_exceptions=DataCategory.MEDICAL,
    continuation_level_from=DataCategory.BENEFITS,
    normal_level_decision=DataCategory.MEDICAL,
)
@strawberry.type(
    name="FkCaseDetails",
    description="Case details of the Swedish jurisdiction (Försäkringskassan).",
)
class FkCaseDetails(JurisdictionDetails):
    _chain: strawberry.Private[ChainFacts]
    _normal_level_kept: strawberry.Private[bool]
    sick_periods: list[FkSickPeriod] = strawberry.field(
        description="The recorded sick-leave periods."
    )
    chain_start: date | None = strawberry.field(
        description="First day of the current rehabilitation chain."
    )
    spell_start: date | None = strawberry.field(
        description="First day of the current unbroken sick spell (days 8, 15 and 30 count from it)."
    )
    recorded_through: date | None = strawberry.field(
        description="Last day the recorded sick periods cover."
    )
    cumulative_sick_days: int | None = strawberry.field(
        description="Days in the chain up to recordedThrough; sick periods fewer than 90 days apart add up."
    )
    stage: ChainStage | None = strawberry.field(
        description="Stage of the chain on recordedThrough."
    )
    basis_of_assessment: AssessmentBasis | None = strawberry.field(
        description="What work capacity is assessed against on recordedThrough."
    )
    expected_duration_days: int | None = strawberry.field(
        description="The doctor's forecast of reduced work capacity, in days."
    )
    expected_duration_assessed_on: date | None = strawberry.field(
        description="The day the expected duration of sick leave was assessed."
    )
    expected_at_least_60_days: bool | None = strawberry.field(
        description="Whether the forecast is 60 days or more (the employer's plan is then due)."
    )
    employer_plan: FkEmployerPlan | None = strawberry.field(
        description="For employees on sick leave."
    )
    employer_sick_reports: list[date] = strawberry.field(
        description="The days the employer reported the sick leave to Försäkringskassan "
        "(sjukanmälan after day 14)."
    )
    chain_exceptions: list[ChainException] | None = strawberry.field(
        description="Why the employer-based test goes on after day 180 (MEDICAL: serious "
        "illness is among them)."
    )
    continuation_level_from: date | None = strawberry.field(
        description="First day of sickness benefit at the continuation level (75 %) if the leave goes on; null while the normal level continues."
    )
    reconciliation_meetings: list[FkReconciliationMeeting] = strawberry.field(
        description="Reconciliation meetings (avstämningsmöten), in the order they were called."
    )
    normal_level_decision: FkNormalLevelDecision | None = strawberry.field(
        description="Försäkringskassan's decision on keeping the normal level after 364 days, if any."
    )

    @strawberry.field(description="Where the sick leave stands on a day, e.g. today.")
    def position(
        self,
        on: Annotated[date, strawberry.argument(description="The day to place in the chain.")],
    ) -> FkChainPosition:
        return position_on(self._chain, self._normal_level_kept, on)


def position_on(chain: ChainFacts, normal_level_kept: bool, on: date) -> FkChainPosition:
    day = chain.leave.day_number(on)
    spell = chain.leave.spell_start_on(on)
    payer: Payer | None = None
    if spell is not None:
        employer_days = (
            chain.employment is EmploymentStatus.EMPLOYED and (on - spell).days + 1 < FK_DAY
        )
        payer = Payer.EMPLOYER if employer_days else Payer.FORSAKRINGSKASSAN
    level = (
        level_percent_on(chain.leave, on, normal_level_kept)
        if payer is Payer.FORSAKRINGSKASSAN
        else None
    )
    return FkChainPosition(
        on=on,
        day=day,
        stage=chain.stage_on(on),
        basis_of_assessment=chain.basis_on(on),
        paid_by=payer,
        sickness_benefit_level_percent=level,
    )


def present_details(code: str, case: CaseFacts) -> FkCaseDetails:
    details = CaseDetails.of(case)
    chain = ChainFacts.of(case, details)
    leave = chain.leave
    through = leave.recorded_through
    kept = bool(details.normal_level_kept)
    plan = _plan(case, details, chain)
    forecast = details.expected_days
    return FkCaseDetails(
        jurisdiction_code=code,
        _chain=chain,
        _normal_level_kept=kept,
        sick_periods=[
            FkSickPeriod(start=p.start, end=p.end, degree=p.degree)
            for p in details.sick_periods
            if p.end and p.degree
        ],
        chain_start=leave.chain_start,
        spell_start=leave.spell_start,
        recorded_through=through,
        cumulative_sick_days=leave.day_number(through) if through else None,
        stage=chain.stage_on(through) if through else None,
        basis_of_assessment=chain.basis_on(through) if through else None,
        expected_duration_days=forecast,
        expected_duration_assessed_on=details.expected_assessed_on,
        expected_at_least_60_days=None if forecast is None else forecast >= EXPECTED_MIN_DAYS,
        employer_plan=plan,
        employer_sick_reports=list(details.sick_reports),
        chain_exceptions=sorted(details.exceptions),
        continuation_level_from=continuation_level_from(leave, kept),
        normal_level_decision=_normal_level(details),
        reconciliation_meetings=[FkReconciliationMeeting.of(m) for m in details.meetings],
    )


def _plan(case: CaseFacts, details: CaseDetails, chain: ChainFacts) -> FkEmployerPlan | None:
    if case.employment_status is not EmploymentStatus.EMPLOYED or not chain.leave.chain:
        return None
    plan = EmployerPlan.of(case, details, chain.leave)
    return FkEmployerPlan(
        status=plan.status,
        due_date=plan.due_date if plan.required or plan.met_on else None,
        drawn_up_on=plan.met_on,
        decision=plan.decision,
    )


def _normal_level(details: CaseDetails) -> FkNormalLevelDecision | None:
    if details.normal_level_kept is None or details.normal_level_decided_on is None:
        return None
    return FkNormalLevelDecision(
        keeps_normal_level=details.normal_level_kept, decided_on=details.normal_level_decided_on
    )

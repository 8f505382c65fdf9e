"""Case commands: the `fk` mutations that change Swedish case details.

Each is done by the stakeholder who does it in reality, with a scope every one
of its roles holds:
- fkRecordSickPeriod: the doctor who certifies it (or the rehabilitation
  coordinator at the clinic), assessments:write;
- fkRecordExpectedDuration: the doctor's forecast of how long work capacity
  stays reduced, assessments:write;
- fkRecordEmployerPlan: the employer, who owns the plan for return to work,
  plans:write;
- fkRecordChainException: Försäkringskassan's case officer, who decides the
  exceptions of the rehabilitation chain, cases:write.
An ADMIN may always run them. `apply` is pure: the new details and the line
for the timeline; the platform validates, stores and recomputes milestones.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from vocrehab.hooks import (
    CaseCommand,
    CaseFacts,
    CommandResult,
    DataCategory,
    EmploymentStatus,
    StakeholderType,
    Violation,
)
from vocrehab_fk_se.details import MAX_SICK_PERIODS, stored_details
from vocrehab_fk_se.employer_plan import EXPECTED_MIN_DAYS
from vocrehab_fk_se.normal_level import RECORD_NORMAL_LEVEL_DECISION
from vocrehab_fk_se.reconciliation_commands import MEETING_COMMANDS
from vocrehab_fk_se.reference import QUARTER_DEGREES
from vocrehab_fk_se.rules import not_in_future, violation
from vocrehab_fk_se.sick_report import RECORD_EMPLOYER_SICK_REPORT
from vocrehab_fk_se.vocabulary import ChainException, EmployerPlanDecision

__all__ = [
    "COMMANDS",
    "RecordChainExceptionInput",
    "RecordEmployerPlanInput",
    "RecordExpectedDurationInput",
    "RecordSickPeriodInput",
]

R = StakeholderType
MAX_EXPECTED_DAYS = 36500
"""A sanity bound (a century), not a rule of law: the forecast is days of sick leave."""


# --------------------------------------------------------------------------- sick periods


@strawberry.input(
    name="FkRecordSickPeriodInput", description="A period of reduced work capacity, as certified."
)
class RecordSickPeriodInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    start: date = strawberry.field(description="The first day of sick leave.")
    end: date = strawberry.field(description="The last day of sick leave.")
    degree: int = strawberry.field(
        description="Reduced work capacity in percent: 25, 50, 75 or 100."
    )


def _check_sick_period(given: Any, periods: list[dict[str, Any]]) -> list[Violation]:
    """A quarter, in date order, sharing no day with a recorded period, within the cap."""
    start, end = given.start.isoformat(), given.end.isoformat()
    found: list[Violation] = []
    if not QUARTER_DEGREES.allows(given.degree):
        message = f"The degree is 25, 50, 75 or 100 percent, not {given.degree}"
        found.append(violation("FK_DEGREE", message, ("degree",)))
    if given.end < given.start:
        message = f"The period ends ({end}) before it starts ({start})"
        found.append(violation("FK_SICK_PERIOD", message, ("end",)))
    for other in periods:
        if start <= other["end"] and other["start"] <= end:
            message = f"The period shares days with the one from {other['start']} to {other['end']}"
            found.append(violation("FK_SICK_PERIOD", message, ("start",)))
    if len(periods) >= MAX_SICK_PERIODS:
        message = f"A case holds at most {MAX_SICK_PERIODS} sick periods"
        found.append(violation("FK_DETAILS_INVALID", message))
    return found


def record_sick_period(case: CaseFacts, given: Any, today: date) -> CommandResult:
    periods = list(stored_details(case).get("sickPeriods") or [])
    problems = _check_sick_period(given, periods)
    new = {"start": given.start.isoformat(), "end": given.end.isoformat(), "degree": given.degree}
    details = {
        **stored_details(case),
        "sickPeriods": sorted([*periods, new], key=lambda p: p["start"]),
    }
    return CommandResult(
        details=details,
        event_kind="se.sick_period.recorded",
        summary=f"Sick period recorded: {given.start} to {given.end}, {given.degree} %",
        violations=tuple(problems),
    )


# --------------------------------------------------------------------------- the forecast


@strawberry.input(
    name="FkRecordExpectedDurationInput",
    description="The doctor's forecast of reduced work capacity.",
)
class RecordExpectedDurationInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    expected_days: int = strawberry.field(
        description="Days work capacity is expected to stay reduced, from the first day of sick leave."
    )
    assessed_on: date = strawberry.field(description="The day the duration was assessed.")


def record_expected_duration(case: CaseFacts, given: Any, today: date) -> CommandResult:
    problems = not_in_future(given.assessed_on, today, "assessedOn")
    if not 1 <= given.expected_days <= MAX_EXPECTED_DAYS:
        problems.append(
            violation(
                "FK_EXPECTED_DURATION",
                f"Expected days must be 1 to {MAX_EXPECTED_DAYS}, got {given.expected_days}",
                ("expectedDays",),
            )
        )
    forecast = {"days": given.expected_days, "assessedOn": given.assessed_on.isoformat()}
    long = given.expected_days >= EXPECTED_MIN_DAYS
    return CommandResult(
        details={**stored_details(case), "expectedDuration": forecast},
        event_kind="se.expected_duration.recorded",
        summary="Forecast recorded: reduced work capacity expected for "
        + ("60 days or more" if long else "less than 60 days"),
        violations=tuple(problems),
    )


# --------------------------------------------------------------------------- the employer's plan


@strawberry.input(
    name="FkRecordEmployerPlanInput", description="The employer's plan for return to work."
)
class RecordEmployerPlanInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    decision: EmployerPlanDecision = strawberry.field(
        description="What the employer decided about the plan."
    )
    on: date = strawberry.field(description="The day the plan was drawn up (or found not needed).")


def record_employer_plan(case: CaseFacts, given: Any, today: date) -> CommandResult:
    problems = not_in_future(given.on, today, "on")
    if case.employment_status is not EmploymentStatus.EMPLOYED:
        problems.append(
            violation(
                "FK_EMPLOYER_PLAN_NO_EMPLOYER",
                "The insured person is not employed: the plan is an employer's duty",
                ("caseId",),
            )
        )
    decision = EmployerPlanDecision(given.decision)
    plan = {"status": decision.value, "on": given.on.isoformat()}
    text = (
        "drawn up"
        if decision is EmployerPlanDecision.DRAWN_UP
        else "not needed (the employee cannot return)"
    )
    return CommandResult(
        details={**stored_details(case), "employerPlan": plan},
        event_kind="se.employer_plan.recorded",
        summary=f"Employer's plan for return to work {text} ({given.on})",
        violations=tuple(problems),
    )


# --------------------------------------------------------------------------- chain exceptions


@strawberry.input(
    name="FkRecordChainExceptionInput",
    description="An exception of the rehabilitation chain after day 180.",
)
class RecordChainExceptionInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    exception: ChainException = strawberry.field(
        description="Which exception to the rehabilitation chain applies."
    )
    applies: bool = strawberry.field(default=True, description="False withdraws it.")


def record_chain_exception(case: CaseFacts, given: Any, today: date) -> CommandResult:
    problems: list[Violation] = []
    if case.employment_status is not EmploymentStatus.EMPLOYED:
        problems.append(
            violation(
                "FK_CHAIN_EXCEPTION_NO_EMPLOYER",
                "The exceptions concern work at the employer; the insured person is not employed",
                ("caseId",),
            )
        )
    exception = ChainException(given.exception)
    current = set(stored_details(case).get("chainExceptions") or [])
    chosen = current | {exception.value} if given.applies else current - {exception.value}
    medical = exception is ChainException.SERIOUS_ILLNESS
    return CommandResult(
        details={**stored_details(case), "chainExceptions": sorted(chosen)},
        event_kind="se.chain_exception.recorded"
        if given.applies
        else "se.chain_exception.withdrawn",
        summary=f"Rehabilitation chain exception {'recorded' if given.applies else 'withdrawn'}: "
        + exception.value.lower().replace("_", " "),
        violations=tuple(problems),
        category=DataCategory.MEDICAL if medical else None,
    )


COMMANDS: tuple[CaseCommand, ...] = (
    CaseCommand(
        name="fkRecordSickPeriod",
        input_type=RecordSickPeriodInput,
        roles=(R.CLINICIAN, R.REHAB_COORDINATOR),
        scope="assessments:write",
        descriptions={
            "sv": "Registrera en sjukskrivningsperiod (nedsatt arbetsförmåga 25, 50, 75 eller 100 procent).",
            "en": "Record a period of reduced work capacity (25, 50, 75 or 100 percent).",
        },
        apply=record_sick_period,
    ),
    CaseCommand(
        name="fkRecordExpectedDuration",
        input_type=RecordExpectedDurationInput,
        roles=(R.CLINICIAN, R.REHAB_COORDINATOR),
        scope="assessments:write",
        descriptions={
            "sv": "Registrera läkarens bedömning av hur länge arbetsförmågan väntas vara nedsatt (60 dagar eller mer: arbetsgivaren upprättar en plan).",
            "en": "Record the doctor's forecast of how long work capacity stays reduced (60 days or more: the employer draws up a plan).",
        },
        apply=record_expected_duration,
    ),
    CaseCommand(
        name="fkRecordEmployerPlan",
        input_type=RecordEmployerPlanInput,
        roles=(R.EMPLOYER,),
        scope="plans:write",
        descriptions={
            "sv": "Arbetsgivaren registrerar sin plan för återgång i arbete (eller att den inte behövs).",
            "en": "The employer records its plan for return to work (or that none is needed).",
        },
        apply=record_employer_plan,
    ),
    CaseCommand(
        name="fkRecordChainException",
        input_type=RecordChainExceptionInput,
        roles=(R.CASE_MANAGER,),
        scope="cases:write",
        descriptions={
            "sv": "Registrera eller återkalla ett undantag i rehabiliteringskedjan efter dag 180.",
            "en": "Record or withdraw an exception of the rehabilitation chain after day 180.",
        },
        apply=record_chain_exception,
        # Serious illness is among the exceptions: recording one needs MEDICAL on the case.
        category=DataCategory.MEDICAL,
    ),
    RECORD_EMPLOYER_SICK_REPORT,
    RECORD_NORMAL_LEVEL_DECISION,
    *MEETING_COMMANDS,
)

"""`GenericJurisdiction.assess`: what is wrong or missing in a case on a given day."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from vocrehab.hooks import (
    BenefitFacts,
    CaseFacts,
    CaseStatus,
    EmploymentStatus,
    InterventionFacts,
    InterventionStatus,
    ParticipantFacts,
    PlanFacts,
    PlanStatus,
    PlanStepFacts,
    ReturnToWorkPhase,
    Severity,
    StakeholderType,
    TeamMemberFacts,
)
from vocrehab_generic import GenericJurisdiction

GENERIC = GenericJurisdiction()
RULE_CODES = {rule.code for rule in GENERIC.rules()}
TODAY = date(2026, 3, 2)
YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)


def member(
    role: StakeholderType, since: date = date(2026, 1, 5), until: date | None = None
) -> TeamMemberFacts:
    return TeamMemberFacts(actor_id=f"actor-{role.value}", role=role, since=since, until=until)


FULL_TEAM = (member(StakeholderType.CASE_MANAGER), member(StakeholderType.EMPLOYER))


def make_case(**changes: object) -> CaseFacts:
    """An employed participant's open case with a case manager and the employer on the team."""
    base = CaseFacts(
        id="case-1",
        reference="GEN-2026-000001",
        jurisdiction="generic",
        status=CaseStatus.OPEN,
        phase=ReturnToWorkPhase.RE_ENTRY,
        employment_status=EmploymentStatus.EMPLOYED,
        has_employer=True,
        sick_leave_start=date(2026, 1, 1),
        opened_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
        closed_at=None,
        participant=ParticipantFacts("p-1", "generic", None, None, "en"),
        team=FULL_TEAM,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def assess(case: CaseFacts, today: date = TODAY) -> list[str]:
    violations = GENERIC.assess(case, today)
    assert {v.code for v in violations} <= RULE_CODES
    return [v.code for v in violations]


def test_a_case_in_order_has_no_findings() -> None:
    assert assess(make_case()) == []


# --------------------------------------------------------------------------- team


def test_employed_participant_without_employer_on_the_team() -> None:
    case = make_case(team=(member(StakeholderType.CASE_MANAGER),))
    [violation] = GENERIC.assess(case, TODAY)
    assert violation.code == "GEN_EMPLOYER_NOT_ON_TEAM"
    assert violation.severity is Severity.WARNING


@pytest.mark.parametrize(
    "status",
    [EmploymentStatus.UNEMPLOYED, EmploymentStatus.SELF_EMPLOYED, EmploymentStatus.STUDENT],
)
def test_no_employer_needed_unless_employed(status: EmploymentStatus) -> None:
    case = make_case(employment_status=status, team=(member(StakeholderType.CASE_MANAGER),))
    assert assess(case) == []


@pytest.mark.parametrize(
    ("since", "until", "active"),
    [
        (TODAY, None, True),
        (TOMORROW, None, False),
        (date(2026, 1, 5), TODAY, True),
        (date(2026, 1, 5), YESTERDAY, False),
    ],
)
def test_team_membership_counts_from_since_through_until(
    since: date, until: date | None, active: bool
) -> None:
    case = make_case(
        team=(member(StakeholderType.CASE_MANAGER), member(StakeholderType.EMPLOYER, since, until))
    )
    assert assess(case) == ([] if active else ["GEN_EMPLOYER_NOT_ON_TEAM"])


def test_no_case_manager_on_the_team() -> None:
    case = make_case(
        team=(
            member(StakeholderType.EMPLOYER),
            member(StakeholderType.CASE_MANAGER, until=YESTERDAY),
        )
    )
    [violation] = GENERIC.assess(case, TODAY)
    assert violation.code == "GEN_CASE_MANAGER_MISSING"
    assert violation.severity is Severity.WARNING


# --------------------------------------------------------------------------- plans


def plan_ending(end: date, status: PlanStatus = PlanStatus.ACTIVE) -> PlanFacts:
    steps = (
        PlanStepFacts(date(2026, 1, 10), date(2026, 1, 31), 25),
        PlanStepFacts(date(2026, 2, 1), end, 50),
    )
    return PlanFacts(id="plan-1", version=1, status=status, title="Back", goal=None, steps=steps)


def test_active_plan_whose_last_step_ended_yesterday() -> None:
    [violation] = GENERIC.assess(make_case(plans=(plan_ending(YESTERDAY),)), TODAY)
    assert violation.code == "GEN_PLAN_ENDED"
    assert violation.severity is Severity.WARNING


def test_active_plan_whose_last_step_ends_today() -> None:
    assert assess(make_case(plans=(plan_ending(TODAY),))) == []


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.COMPLETED, PlanStatus.SUPERSEDED])
def test_only_the_active_plan_can_run_out(status: PlanStatus) -> None:
    assert assess(make_case(plans=(plan_ending(YESTERDAY, status),))) == []


def test_active_plan_without_steps_has_not_run_out() -> None:
    empty = replace(plan_ending(TODAY), steps=())
    assert assess(make_case(plans=(empty,))) == []


# --------------------------------------------------------------------------- interventions


def intervention(planned_end: date, status: InterventionStatus) -> InterventionFacts:
    return InterventionFacts(
        id="i-1",
        type_code="WORK_TRIAL",
        status=status,
        start_date=date(2026, 1, 10),
        planned_end_date=planned_end,
    )


def test_active_intervention_past_its_planned_end() -> None:
    case = make_case(interventions=(intervention(YESTERDAY, InterventionStatus.ACTIVE),))
    [violation] = GENERIC.assess(case, TODAY)
    assert violation.code == "GEN_INTERVENTION_OVERDUE"
    assert violation.severity is Severity.WARNING
    assert "Work trial" in violation.message


def test_active_intervention_ending_today() -> None:
    case = make_case(interventions=(intervention(TODAY, InterventionStatus.ACTIVE),))
    assert assess(case) == []


def test_completed_intervention_past_its_planned_end() -> None:
    case = make_case(interventions=(intervention(YESTERDAY, InterventionStatus.COMPLETED),))
    assert assess(case) == []


# --------------------------------------------------------------------------- benefits


def benefit(
    benefit_id: str, start: date, end: date | None, code: str = "SICKNESS_BENEFIT"
) -> BenefitFacts:
    return BenefitFacts(benefit_id, code, 100, start, end)


def test_overlapping_periods_of_one_type_are_an_error() -> None:
    case = make_case(
        benefits=(
            benefit("b-1", date(2026, 1, 1), date(2026, 1, 31)),
            benefit("b-2", date(2026, 1, 31), None),
        )
    )
    [violation] = GENERIC.assess(case, TODAY)
    assert violation.code == "GEN_BENEFIT_OVERLAP"
    assert violation.severity is Severity.ERROR


def test_consecutive_periods_and_other_types_do_not_overlap() -> None:
    case = make_case(
        benefits=(
            benefit("b-1", date(2026, 1, 1), date(2026, 1, 31)),
            benefit("b-2", date(2026, 2, 1), None),
            benefit("b-3", date(2026, 1, 15), None, "REHABILITATION_BENEFIT"),
        )
    )
    assert assess(case) == []


# --------------------------------------------------------------------------- closed cases


def test_a_closed_case_has_no_findings() -> None:
    case = make_case(
        status=CaseStatus.CLOSED,
        closed_at=datetime(2026, 2, 20, tzinfo=UTC),
        team=(),
        plans=(plan_ending(YESTERDAY),),
        interventions=(intervention(YESTERDAY, InterventionStatus.ACTIVE),),
    )
    assert assess(case) == []


def test_a_case_on_hold_is_still_assessed() -> None:
    assert assess(make_case(status=CaseStatus.ON_HOLD, team=())) == [
        "GEN_EMPLOYER_NOT_ON_TEAM",
        "GEN_CASE_MANAGER_MISSING",
    ]

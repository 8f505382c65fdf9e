"""`GenericJurisdiction.evaluate`: rules on proposed changes, each at its boundaries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from vocrehab.hooks import (
    ActivatePlan,
    AssessmentFacts,
    BenefitFacts,
    CaseFacts,
    CaseStatus,
    ChangeInterventionStatus,
    DiagnosisFacts,
    EmploymentStatus,
    EndBenefit,
    GrantBenefit,
    InterventionFacts,
    InterventionStatus,
    InterventionTypeInfo,
    OpenCase,
    ParticipantFacts,
    PlanFacts,
    PlanStatus,
    PlanStepFacts,
    ProposeIntervention,
    RecordAssessment,
    ReturnToWorkPhase,
    SavePlan,
    Severity,
    UpdateCase,
    Violation,
)
from vocrehab_generic import GenericJurisdiction

GENERIC = GenericJurisdiction()
RULE_CODES = {rule.code for rule in GENERIC.rules()}
JAN = date(2026, 1, 1)


def make_case(**changes: object) -> CaseFacts:
    base = CaseFacts(
        id="case-1",
        reference="GEN-2026-000001",
        jurisdiction="generic",
        status=CaseStatus.OPEN,
        phase=ReturnToWorkPhase.OFF_WORK,
        employment_status=EmploymentStatus.EMPLOYED,
        has_employer=True,
        sick_leave_start=None,
        opened_at=datetime(2026, 1, 1, 9, tzinfo=UTC),
        closed_at=None,
        participant=ParticipantFacts("p-1", "generic", None, None, "en"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def codes(violations: Sequence[Violation]) -> list[str]:
    """The codes reported, checking on the way that each one is in the catalogue."""
    found = [v.code for v in violations]
    assert set(found) <= RULE_CODES
    return found


def evaluate(change: object, case: CaseFacts | None = None) -> list[Violation]:
    return list(GENERIC.evaluate(change, case or make_case()))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- plans


def step(start: date, end: date, percent: int = 50) -> PlanStepFacts:
    return PlanStepFacts(start_date=start, end_date=end, work_percent=percent)


def plan(*steps: PlanStepFacts) -> PlanFacts:
    return PlanFacts(
        id="plan-1",
        version=1,
        status=PlanStatus.DRAFT,
        title="Back to work",
        goal=None,
        steps=steps,
    )


def days(n: int) -> date:
    return JAN + timedelta(days=n)


def test_a_well_formed_plan_passes() -> None:
    good = plan(step(days(0), days(13), 25), step(days(14), days(27), 50), step(days(28), days(41)))
    assert evaluate(SavePlan(good)) == []
    assert evaluate(ActivatePlan(good)) == []


def test_step_may_start_and_end_on_the_same_day() -> None:
    assert evaluate(SavePlan(plan(step(days(3), days(3))))) == []


def test_step_ending_before_it_starts() -> None:
    [violation] = evaluate(SavePlan(plan(step(days(3), days(2)))))
    assert violation.code == "GEN_PLAN_STEP_DATES"
    assert violation.severity is Severity.ERROR
    assert violation.field == ("steps", "0", "endDate")


@pytest.mark.parametrize("percent", [0, 100])
def test_work_percent_at_its_bounds(percent: int) -> None:
    assert evaluate(SavePlan(plan(step(days(0), days(9), percent)))) == []


@pytest.mark.parametrize("percent", [-1, 101])
def test_work_percent_out_of_range(percent: int) -> None:
    steps = (step(days(0), days(9)), step(days(10), days(19), percent))
    [violation] = evaluate(SavePlan(plan(*steps)))
    assert violation.code == "GEN_PLAN_WORK_PERCENT"
    assert violation.field == ("steps", "1", "workPercent")


def test_steps_out_of_date_order() -> None:
    violations = evaluate(SavePlan(plan(step(days(10), days(19)), step(days(0), days(9)))))
    assert codes(violations) == ["GEN_PLAN_STEP_ORDER"]
    assert violations[0].field == ("steps", "1", "startDate")


def test_step_starting_the_day_after_the_previous_one_ends_does_not_overlap() -> None:
    assert evaluate(SavePlan(plan(step(days(0), days(9)), step(days(10), days(19))))) == []


def test_step_starting_on_the_day_the_previous_one_ends_overlaps() -> None:
    [violation] = evaluate(SavePlan(plan(step(days(0), days(9)), step(days(9), days(19)))))
    assert violation.code == "GEN_PLAN_STEP_OVERLAP"
    assert violation.field == ("steps", "1", "startDate")


def test_overlap_with_a_step_that_is_not_the_previous_one() -> None:
    long_step, short, later = (
        step(days(0), days(30)),
        step(days(31), days(40)),
        step(days(20), days(25)),
    )
    violations = evaluate(SavePlan(plan(long_step, short, later)))
    assert sorted(codes(violations)) == ["GEN_PLAN_STEP_ORDER", "GEN_PLAN_STEP_OVERLAP"]
    overlap = next(v for v in violations if v.code == "GEN_PLAN_STEP_OVERLAP")
    assert overlap.field == ("steps", "2", "startDate")


def test_activating_needs_a_step_but_saving_does_not() -> None:
    assert evaluate(SavePlan(plan())) == []
    [violation] = evaluate(ActivatePlan(plan()))
    assert violation.code == "GEN_PLAN_NO_STEPS"
    assert violation.field == ("steps",)


def test_activating_applies_the_step_rules_too() -> None:
    assert codes(evaluate(ActivatePlan(plan(step(days(3), days(2)))))) == ["GEN_PLAN_STEP_DATES"]


# --------------------------------------------------------------------------- benefits


def benefit(
    type_code: str = "SICKNESS_BENEFIT",
    degree: int = 100,
    start: date = JAN,
    end: date | None = None,
    benefit_id: str = "b-new",
) -> BenefitFacts:
    return BenefitFacts(benefit_id, type_code, degree, start, end)


def test_unknown_benefit_type() -> None:
    [violation] = evaluate(GrantBenefit(benefit("HOLIDAY_PAY")))
    assert violation.code == "GEN_BENEFIT_UNKNOWN_TYPE"
    assert violation.field == ("benefitTypeCode",)


@pytest.mark.parametrize(
    ("type_code", "degree"),
    [
        ("SICKNESS_BENEFIT", 1),
        ("SICKNESS_BENEFIT", 100),
        ("REHABILITATION_BENEFIT", 37),
        ("DISABILITY_BENEFIT", 25),
        ("DISABILITY_BENEFIT", 75),
        ("UNEMPLOYMENT_BENEFIT", 100),
    ],
)
def test_allowed_degree(type_code: str, degree: int) -> None:
    assert evaluate(GrantBenefit(benefit(type_code, degree))) == []


@pytest.mark.parametrize(
    ("type_code", "degree"),
    [
        ("SICKNESS_BENEFIT", 0),
        ("SICKNESS_BENEFIT", 101),
        ("DISABILITY_BENEFIT", 60),
        ("DISABILITY_BENEFIT", 24),
        ("UNEMPLOYMENT_BENEFIT", 99),
    ],
)
def test_a_degree_the_type_does_not_declare_is_the_platforms_to_refuse(
    type_code: str, degree: int
) -> None:
    benefit_type = next(b for b in GENERIC.benefit_types() if b.code == type_code)
    assert not benefit_type.allowed.allows(degree)
    assert set(benefit_type.allowed_degrees) == set(benefit_type.allowed.listed())


def test_benefit_ending_on_its_start_day_is_fine() -> None:
    assert evaluate(GrantBenefit(benefit(end=JAN))) == []


def test_benefit_ending_before_it_starts() -> None:
    [violation] = evaluate(GrantBenefit(benefit(end=JAN - timedelta(days=1))))
    assert violation.code == "GEN_BENEFIT_DATES"
    assert violation.field == ("endDate",)


def test_benefit_starting_the_day_after_the_same_type_ends() -> None:
    existing = benefit(start=days(0), end=days(30), benefit_id="b-1")
    case = make_case(benefits=(existing,))
    assert evaluate(GrantBenefit(benefit(start=days(31))), case) == []


def test_benefit_starting_on_the_day_the_same_type_ends_overlaps() -> None:
    existing = benefit(start=days(0), end=days(30), benefit_id="b-1")
    case = make_case(benefits=(existing,))
    [violation] = evaluate(GrantBenefit(benefit(start=days(30), end=days(40))), case)
    assert violation.code == "GEN_BENEFIT_OVERLAP"
    assert violation.severity is Severity.ERROR


def test_an_open_ended_period_overlaps_every_later_one() -> None:
    case = make_case(benefits=(benefit(start=days(0), benefit_id="b-1"),))
    assert codes(evaluate(GrantBenefit(benefit(start=days(400))), case)) == ["GEN_BENEFIT_OVERLAP"]


def test_periods_of_other_types_do_not_overlap() -> None:
    case = make_case(benefits=(benefit("REHABILITATION_BENEFIT", start=days(0), benefit_id="b-1"),))
    assert evaluate(GrantBenefit(benefit(start=days(5))), case) == []


def test_a_period_does_not_overlap_itself() -> None:
    case = make_case(benefits=(benefit(benefit_id="b-new"),))
    assert evaluate(GrantBenefit(benefit(benefit_id="b-new")), case) == []


def test_ending_a_benefit_before_it_started() -> None:
    running = benefit(start=days(10), benefit_id="b-1")
    assert evaluate(EndBenefit(running, days(10))) == []
    [violation] = evaluate(EndBenefit(running, days(9)))
    assert violation.code == "GEN_BENEFIT_DATES"
    assert violation.field == ("endDate",)


# --------------------------------------------------------------------------- interventions


def intervention(
    type_code: str = "WORK_TRIAL",
    start: date | None = JAN,
    planned_end: date | None = None,
    status: InterventionStatus = InterventionStatus.PROPOSED,
) -> InterventionFacts:
    return InterventionFacts(
        id="i-1", type_code=type_code, status=status, start_date=start, planned_end_date=planned_end
    )


def test_unknown_intervention_type() -> None:
    [violation] = evaluate(ProposeIntervention(intervention("MEDITATION_RETREAT")))
    assert violation.code == "GEN_INTERVENTION_UNKNOWN_TYPE"
    assert violation.field == ("typeCode",)


def test_intervention_without_dates_is_fine() -> None:
    assert evaluate(ProposeIntervention(intervention("IPS", start=None))) == []


def test_planned_end_on_the_start_day_is_fine() -> None:
    assert evaluate(ProposeIntervention(intervention(planned_end=JAN))) == []


def test_planned_end_before_the_start() -> None:
    [violation] = evaluate(ProposeIntervention(intervention(planned_end=JAN - timedelta(days=1))))
    assert violation.code == "GEN_INTERVENTION_DATES"
    assert violation.field == ("plannedEndDate",)


def test_time_unlimited_types_accept_any_duration() -> None:
    years_later = JAN + timedelta(days=3 * 365)
    assert evaluate(ProposeIntervention(intervention("IPS", planned_end=years_later))) == []


class TimeLimitedJurisdiction(GenericJurisdiction):
    """A country-style subclass that adds one intervention type with a maximum duration."""

    LIMITED = InterventionTypeInfo(
        code="SHORT_COURSE",
        names={"en": "Short course"},
        max_duration_weeks=12,
        legal_reference="Example Act s. 1",
    )

    def intervention_types(self) -> tuple[InterventionTypeInfo, ...]:
        return (*super().intervention_types(), self.LIMITED)


def test_duration_up_to_the_types_maximum_counts_days_inclusively() -> None:
    jurisdiction = TimeLimitedJurisdiction()
    last_allowed = JAN + timedelta(days=12 * 7 - 1)
    change = ProposeIntervention(intervention("SHORT_COURSE", planned_end=last_allowed))
    assert list(jurisdiction.evaluate(change, make_case())) == []


def test_duration_beyond_the_types_maximum_cites_the_types_basis() -> None:
    jurisdiction = TimeLimitedJurisdiction()
    one_day_too_long = JAN + timedelta(days=12 * 7)
    change = ProposeIntervention(intervention("SHORT_COURSE", planned_end=one_day_too_long))
    [violation] = jurisdiction.evaluate(change, make_case())
    assert violation.code == "GEN_INTERVENTION_DURATION"
    assert violation.field == ("plannedEndDate",)
    assert violation.legal_reference == "Example Act s. 1"


def status_change(to: InterventionStatus, on: date, start: date | None = JAN) -> object:
    return ChangeInterventionStatus(intervention(start=start), to, on)


@pytest.mark.parametrize("to", [InterventionStatus.ACTIVE, InterventionStatus.COMPLETED])
def test_starting_or_completing_before_the_start_date_warns(to: InterventionStatus) -> None:
    [violation] = evaluate(status_change(to, JAN - timedelta(days=1)))
    assert violation.code == "GEN_INTERVENTION_STATUS_DATE"
    assert violation.severity is Severity.WARNING
    assert violation.field == ("date",)


def test_starting_on_the_start_date_is_fine() -> None:
    assert evaluate(status_change(InterventionStatus.ACTIVE, JAN)) == []


@pytest.mark.parametrize("to", [InterventionStatus.REFERRED, InterventionStatus.DISCONTINUED])
def test_referral_and_discontinuation_may_precede_the_start(to: InterventionStatus) -> None:
    assert evaluate(status_change(to, JAN - timedelta(days=30))) == []


def test_status_change_without_a_start_date_is_fine() -> None:
    assert evaluate(status_change(InterventionStatus.ACTIVE, JAN, start=None)) == []


# --------------------------------------------------------------------------- assessments


def assessment(**changes: object) -> AssessmentFacts:
    base = AssessmentFacts(id="a-1", kind="WORK_CAPACITY", assessed_at=JAN)
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_well_formed_assessment_passes() -> None:
    good = assessment(
        work_capacity_percent=50,
        icf_codes=("b130", "d4500.12", "e310+2"),
        diagnoses=(DiagnosisFacts("ICD-10", "F32.1"), DiagnosisFacts("ICPC-2", "P76")),
        valid_from=JAN,
        valid_to=JAN,
    )
    assert evaluate(RecordAssessment(good)) == []


def test_unknown_assessment_kind() -> None:
    [violation] = evaluate(RecordAssessment(assessment(kind="HOROSCOPE")))
    assert violation.code == "GEN_ASSESSMENT_UNKNOWN_KIND"
    assert violation.field == ("kind",)


def test_assessment_valid_to_before_valid_from() -> None:
    bad = assessment(valid_from=JAN, valid_to=JAN - timedelta(days=1))
    [violation] = evaluate(RecordAssessment(bad))
    assert violation.code == "GEN_ASSESSMENT_VALIDITY"
    assert violation.field == ("validTo",)


@pytest.mark.parametrize(("capacity", "ok"), [(0, True), (100, True), (-1, False), (101, False)])
def test_work_capacity_range(capacity: int, ok: bool) -> None:
    violations = evaluate(RecordAssessment(assessment(work_capacity_percent=capacity)))
    assert codes(violations) == ([] if ok else ["GEN_WORK_CAPACITY_RANGE"])


def test_icf_codes_are_checked_one_by_one() -> None:
    violations = evaluate(RecordAssessment(assessment(icf_codes=("b130", "b130.5", "x1"))))
    assert codes(violations) == ["GEN_ICF_CODE_FORMAT", "GEN_ICF_CODE_FORMAT"]
    assert [v.field for v in violations] == [("icfCodes", "1"), ("icfCodes", "2")]


def test_diagnosis_code_in_the_wrong_format() -> None:
    diagnoses = (DiagnosisFacts("ICPC-2", "L87"), DiagnosisFacts("ICD-10", "f32"))
    [violation] = evaluate(RecordAssessment(assessment(diagnoses=diagnoses)))
    assert violation.code == "GEN_DIAGNOSIS_CODE_FORMAT"
    assert violation.severity is Severity.ERROR
    assert violation.field == ("diagnoses", "1", "code")
    assert violation.legal_reference and "ICD-10" in violation.legal_reference


def test_diagnosis_in_an_unknown_system_only_warns() -> None:
    diagnoses = (DiagnosisFacts("SNOMED-CT", "35489007"),)
    [violation] = evaluate(RecordAssessment(assessment(diagnoses=diagnoses)))
    assert violation.code == "GEN_DIAGNOSIS_SYSTEM_UNKNOWN"
    assert violation.severity is Severity.WARNING
    assert violation.field == ("diagnoses", "0", "system")


# --------------------------------------------------------------------------- everything else


def test_changes_without_generic_rules_pass() -> None:
    case = make_case()
    assert evaluate(OpenCase(case)) == []
    assert evaluate(UpdateCase(case)) == []

"""Rules on proposed changes (plans, benefits, interventions) and on the case as it stands."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fk_cases import SE, START, assessment, case, certificate, codes, day, event

from vocrehab.hooks import (
    ActivatePlan,
    BenefitFacts,
    CaseStatus,
    ChangeInterventionStatus,
    EmploymentStatus,
    EndBenefit,
    GrantBenefit,
    InterventionFacts,
    InterventionStatus,
    OpenCase,
    PlanFacts,
    PlanStatus,
    PlanStepFacts,
    ProposeIntervention,
    SavePlan,
    StakeholderType,
)

# --------------------------------------------------------------------------- plan steps (R21)


def plan(*percents: int) -> PlanFacts:
    steps = tuple(
        PlanStepFacts(
            START + timedelta(weeks=4 * i), START + timedelta(weeks=4 * i + 4, days=-1), p
        )
        for i, p in enumerate(percents)
    )
    return PlanFacts("p1", 1, PlanStatus.DRAFT, "Återgång", None, steps)


@pytest.mark.parametrize(
    ("percent", "ok"),
    [
        (0, True),
        (25, True),
        (50, True),
        (75, True),
        (100, True),
        (60, False),
        (24, False),
        (26, False),
    ],
)
def test_plan_steps_are_quarters_of_normal_hours(percent: int, ok: bool) -> None:
    for change in (SavePlan(plan(percent)), ActivatePlan(plan(percent))):
        found = SE.evaluate(change, case())
        assert codes(found) == ([] if ok else ["FK_PLAN_WORK_PERCENT"])
    if not ok:
        [problem] = SE.evaluate(SavePlan(plan(25, percent)), case())
        assert problem.field == ("steps", "1", "workPercent")
        assert problem.legal_reference == "SFB 27 kap. 45 §"


# --------------------------------------------------------------------------- benefits (R21, R22)


def grant(code: str, degree: int, start: date, end: date | None = None) -> GrantBenefit:
    return GrantBenefit(BenefitFacts("new", code, degree, start, end))


@pytest.mark.parametrize("code", ["SJUKPENNING", "REHABILITERINGSPENNING"])
@pytest.mark.parametrize(("degree", "ok"), [(25, True), (100, True), (60, False), (20, False)])
def test_benefit_degrees_are_quarters(code: str, degree: int, ok: bool) -> None:
    kind = next(b for b in SE.benefit_types() if b.code == code)
    assert kind.allowed.allows(degree) is ok  # the platform refuses what it does not allow
    assert kind.allowed.legal_reference == "SFB 27 kap. 45 §"
    if ok:
        assert codes(SE.evaluate(grant(code, degree, day(15)), case())) == []


@pytest.mark.parametrize(("start", "warned"), [(14, True), (15, False)])
def test_sickness_benefit_for_an_employee_starts_on_day_15(start: int, warned: bool) -> None:
    found = SE.evaluate(grant("SJUKPENNING", 100, day(start)), case())
    assert codes(found) == (["FK_SICKNESS_BENEFIT_IN_SICK_PAY_PERIOD"] if warned else [])
    if warned:
        assert found[0].severity.value == "WARNING"


def test_the_unemployed_get_sickness_benefit_from_the_start() -> None:
    unemployed = case(employment_status=EmploymentStatus.UNEMPLOYED, has_employer=False)
    assert SE.evaluate(grant("SJUKPENNING", 100, day(2)), unemployed) == []


def test_two_periods_of_one_benefit_do_not_overlap() -> None:
    existing = case(benefits=(BenefitFacts("b1", "SJUKPENNING", 100, day(15), day(40)),))
    assert codes(SE.evaluate(grant("SJUKPENNING", 50, day(40)), existing)) == ["FK_BENEFIT_OVERLAP"]
    assert SE.evaluate(grant("SJUKPENNING", 50, day(41)), existing) == []
    assert SE.evaluate(grant("REHABILITERINGSPENNING", 50, day(30)), existing) == []


def test_changes_without_swedish_rules_pass() -> None:
    benefit = BenefitFacts("b1", "SJUKPENNING", 100, day(15))
    assert SE.evaluate(EndBenefit(benefit, day(40)), case()) == []
    assert SE.evaluate(OpenCase(case()), case()) == []


# --------------------------------------------------------------------------- interventions


def intervention(code: str = "ARBETSTRANING") -> InterventionFacts:
    return InterventionFacts("i1", code, InterventionStatus.PROPOSED, day(60))


@pytest.mark.parametrize(("capacity", "warned"), [(24, True), (25, False)])
def test_work_oriented_interventions_need_25_percent_capacity(capacity: int, warned: bool) -> None:
    facts = case(
        assessments=(assessment("se.WORK_CAPACITY", day(50), work_capacity_percent=capacity),)
    )
    found = SE.evaluate(ProposeIntervention(intervention()), facts)
    assert codes(found) == (["FK_WORK_CAPACITY_BELOW_25"] if warned else [])
    if warned:
        assert "Sahlgrenska" in (found[0].legal_reference or "")
        assert found[0].severity.value == "WARNING"


def test_the_latest_assessment_decides_and_an_fk7804_gives_capacity_by_its_grade() -> None:
    low = assessment("se.WORK_CAPACITY", day(40), work_capacity_percent=10)
    better = certificate(
        day(50),
        sjukskrivningar=[{"grad": 75, "from": day(50).isoformat(), "tom": day(80).isoformat()}],
        arbetstidsforlaggning=False,
    )
    assert SE.evaluate(ProposeIntervention(intervention()), case(assessments=(low, better))) == []
    full = certificate(day(50))  # 100 % sick: 0 % capacity
    assert codes(
        SE.evaluate(ProposeIntervention(intervention()), case(assessments=(low, full)))
    ) == ["FK_WORK_CAPACITY_BELOW_25"]


def test_other_interventions_are_open_below_25_percent() -> None:
    facts = case(assessments=(assessment("se.WORK_CAPACITY", day(50), work_capacity_percent=0),))
    assert SE.evaluate(ProposeIntervention(intervention("KOMMUNAL_SYSSELSATTNING")), facts) == []
    assert SE.evaluate(ProposeIntervention(intervention()), case()) == []  # capacity unknown


@pytest.mark.parametrize(
    ("status", "warned"),
    [
        (InterventionStatus.REFERRED, True),
        (InterventionStatus.ACTIVE, True),
        (InterventionStatus.COMPLETED, False),
    ],
)
def test_referring_or_starting_below_25_percent_is_warned(
    status: InterventionStatus, warned: bool
) -> None:
    facts = case(assessments=(assessment("se.WORK_CAPACITY", day(50), work_capacity_percent=0),))
    change = ChangeInterventionStatus(intervention(), status, day(61))
    assert bool(SE.evaluate(change, facts)) is warned


# --------------------------------------------------------------------------- the case as it stands


@pytest.mark.parametrize(("today", "warned"), [(7, False), (8, True)])
def test_a_missing_certificate_from_day_8(today: int, warned: bool) -> None:
    assert codes(SE.assess(case(), day(today))) == (["FK_CERTIFICATE_MISSING"] if warned else [])
    assert SE.assess(case(assessments=(certificate(day(3)),)), day(today)) == []


def forecast(days: int, on: date) -> dict[str, object]:
    return {"expectedDuration": {"days": days, "assessedOn": on.isoformat()}}


@pytest.mark.parametrize(("today", "warned"), [(30, False), (31, True)])
def test_the_employer_plan_is_overdue_after_its_due_date(today: int, warned: bool) -> None:
    reported = {**forecast(90, day(5)), "employerSickReports": [day(16).isoformat()]}
    facts = case(details=reported, assessments=(certificate(day(3)),))
    assert codes(SE.assess(facts, day(today))) == (["FK_EMPLOYER_PLAN_OVERDUE"] if warned else [])
    drawn = case(
        details=reported,
        assessments=(certificate(day(3)),),
        events=(event("plan.created", day(40), StakeholderType.EMPLOYER),),
    )
    assert SE.assess(drawn, day(41)) == []


def test_an_active_intervention_below_25_percent_is_reported() -> None:
    running = InterventionFacts("i1", "ARBETSTRANING", InterventionStatus.ACTIVE, day(60))
    facts = case(
        assessments=(
            certificate(day(3)),
            assessment("se.WORK_CAPACITY", day(50), work_capacity_percent=0),
        ),
        interventions=(running,),
        details={"employerSickReports": [day(20).isoformat()]},
    )
    assert codes(SE.assess(facts, day(61))) == ["FK_WORK_CAPACITY_BELOW_25"]


def test_a_closed_case_has_nothing_to_report() -> None:
    assert SE.assess(case(status=CaseStatus.CLOSED), day(100)) == []

"""evaluate(): benefits (R1, R9, R11, R12, R17), measures (R16), assessments (R8),
plan steps, and details edited directly (R19, R20), each at its boundaries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from nav_cases import nav_case

from vocrehab.hooks import (
    ActivatePlan,
    AssessmentFacts,
    BenefitFacts,
    CaseFacts,
    ChangeInterventionStatus,
    DiagnosisFacts,
    EmploymentStatus,
    GrantBenefit,
    InterventionFacts,
    InterventionStatus,
    PlanFacts,
    PlanStatus,
    PlanStepFacts,
    ProposeIntervention,
    RecordAssessment,
    SavePlan,
    Severity,
    UpdateCase,
)
from vocrehab_nav_no import NavJurisdiction

START = date(2026, 1, 5)  # a Monday: the first day of sick leave
SP, AAP, TP = "SYKEPENGER", "ARBEIDSAVKLARINGSPENGER", "TILTAKSPENGER"
NAV = NavJurisdiction()


def codes(change: Any, case: CaseFacts | None = None) -> list[str]:
    return sorted(v.code for v in NavJurisdiction().evaluate(change, case or nav_case(START)))


def grant(
    code: str, start: date, end: date | None = None, degree: int = 100, id: str = "new"
) -> GrantBenefit:
    return GrantBenefit(BenefitFacts(id, code, degree, start, end))


# --------------------------------------------------------------------------- degrees, overlap


@pytest.mark.parametrize(("code", "degree", "ok"), [
    (SP, 19, False), (SP, 20, True), (SP, 100, True), (TP, 1, True),
])  # fmt: skip
def test_benefit_degrees(code: str, degree: int, ok: bool) -> None:
    kind = next(b for b in NAV.benefit_types() if b.code == code)
    assert kind.allowed.allows(degree) is ok  # the platform refuses what it does not allow


def test_graded_sykepenger_are_20_to_99_or_whole_under_ftrl_8_13() -> None:
    kind = next(b for b in NAV.benefit_types() if b.code == SP)
    assert [d for d in range(0, 102) if kind.allowed.allows(d)] == list(range(20, 101))
    assert kind.allowed.describe() == "20 to 99 or 100"
    assert kind.allowed.legal_reference is not None
    assert kind.allowed.legal_reference.startswith("ftrl § 8-13")


def test_an_unknown_benefit_type_is_refused() -> None:
    assert codes(grant("DAGPENGER", START)) == ["NO_BENEFIT_UNKNOWN_TYPE"]


def test_periods_of_one_benefit_do_not_overlap() -> None:
    existing = BenefitFacts("old", SP, 100, START + timedelta(days=16), START + timedelta(days=40))
    case = nav_case(START, benefits=(existing,))
    assert "NO_BENEFIT_OVERLAP" in codes(grant(SP, START + timedelta(days=40)), case)
    assert "NO_BENEFIT_OVERLAP" not in codes(grant(SP, START + timedelta(days=41)), case)


# --------------------------------------------------------------------------- sykepenger


def test_nav_pays_from_day_17_for_an_employee() -> None:
    assert codes(grant(SP, START + timedelta(days=15))) == ["NO_SYKEPENGER_EMPLOYER_PERIOD"]
    assert codes(grant(SP, START + timedelta(days=16))) == []
    self_employed = nav_case(START, employment_status=EmploymentStatus.SELF_EMPLOYED)
    assert codes(grant(SP, START), self_employed) == []


def test_no_sykepenger_from_the_70th_birthday() -> None:
    birth = date(1956, 3, 1)
    case = nav_case(START, birth=birth)
    seventy = date(2026, 3, 1)
    first = START + timedelta(days=16)
    assert "NO_SYKEPENGER_AGE_70" not in codes(grant(SP, first, seventy - timedelta(days=1)), case)
    assert "NO_SYKEPENGER_AGE_70" in codes(grant(SP, first, seventy), case)
    assert "NO_SYKEPENGER_AGE_70" in codes(grant(SP, seventy), case)


def test_at_most_60_sick_pay_days_after_67() -> None:
    birth = date(1958, 1, 4)  # 67 on 2025-01-04: the limit counts from 2025-01-05
    case = nav_case(START, birth=birth)
    first = date(2026, 1, 26)  # a Monday
    sixty = first + timedelta(weeks=12, days=-3)  # 12 weeks of weekdays: 60 days, ends on a Friday
    assert codes(grant(SP, first, sixty), case) == []
    assert codes(grant(SP, first, sixty + timedelta(days=3)), case) == ["NO_SYKEPENGER_AGE_67"]


def test_at_most_248_sick_pay_days() -> None:
    first = START + timedelta(days=16)  # a Wednesday
    from vocrehab_nav_no.workdays import nth_weekday

    last = nth_weekday(first, 248)
    assert codes(grant(SP, first, last)) == []
    assert codes(grant(SP, first, last + timedelta(days=1 if last.weekday() < 4 else 3))) == [
        "NO_SYKEPENGER_MAX_DAYS"
    ]
    other_member = nav_case(START, employment_status=EmploymentStatus.UNEMPLOYED)
    assert codes(grant(SP, first, nth_weekday(first, 250)), other_member) == []
    assert codes(grant(SP, first, nth_weekday(first, 251)), other_member) == [
        "NO_SYKEPENGER_MAX_DAYS"
    ]


# --------------------------------------------------------------------------- AAP (R17)


def capacity(percent: int, days_ago: int = 10, id: str = "a") -> AssessmentFacts:
    return AssessmentFacts(id, "ARBEIDSEVNEVURDERING", START - timedelta(days=days_ago), percent)


@pytest.mark.parametrize(("percent", "ok"), [(50, True), (51, False), (0, True)])
def test_aap_entry_needs_work_capacity_reduced_by_half(percent: int, ok: bool) -> None:
    case = nav_case(START, assessments=(capacity(percent),))
    assert ("NO_AAP_REDUCED_CAPACITY" not in codes(grant(AAP, START), case)) is ok


def test_aap_entry_reads_the_latest_assessment_and_needs_one() -> None:
    assert codes(grant(AAP, START)) == ["NO_AAP_REDUCED_CAPACITY"]
    improved = nav_case(START, assessments=(capacity(40, 30, "old"), capacity(60, 5, "new")))
    assert codes(grant(AAP, START), improved) == ["NO_AAP_REDUCED_CAPACITY"]
    worse = nav_case(START, assessments=(capacity(60, 30, "old"), capacity(40, 5, "new")))
    assert codes(grant(AAP, START), worse) == []


def test_aap_below_40_percent_is_only_the_step_up() -> None:
    case = nav_case(START, assessments=(capacity(30),))
    assert codes(grant(AAP, START, degree=40), case) == []
    assert codes(grant(AAP, START, degree=39), case) == ["NO_AAP_STEP_UP"]
    aap = next(b for b in NAV.benefit_types() if b.code == AAP)
    assert not aap.allowed.allows(19) and aap.allowed.allows(20)  # ftrl § 11-23


def test_aap_lasts_3_years_and_5_with_an_extension() -> None:
    case = nav_case(START, assessments=(capacity(30),))
    three = date(2029, 1, 4)
    assert codes(grant(AAP, START, three), case) == []
    assert codes(grant(AAP, START, three + timedelta(days=1)), case) == [
        "NO_AAP_DURATION_EXCEPTION"
    ]
    five = date(2031, 1, 4)
    assert codes(grant(AAP, START, five), case) == ["NO_AAP_DURATION_EXCEPTION"]
    assert codes(grant(AAP, START, five + timedelta(days=1)), case) == ["NO_AAP_MAX_DURATION"]


def test_aap_periods_add_up() -> None:
    first = BenefitFacts("old", AAP, 100, START, date(2027, 12, 31))
    case = nav_case(START, benefits=(first,), assessments=(capacity(70),))  # entry already made
    assert codes(grant(AAP, date(2028, 6, 1), date(2029, 6, 1)), case) == []
    assert codes(grant(AAP, date(2028, 6, 1), date(2029, 7, 1)), case) == [
        "NO_AAP_DURATION_EXCEPTION"
    ]


# --------------------------------------------------------------------------- tiltakspenger


def test_tiltakspenger_go_to_participants_without_other_benefits() -> None:
    assert codes(grant(TP, START)) == ["NO_TILTAKSPENGER_NEEDS_MEASURE"]
    measure = InterventionFacts("i", "AVKLARING", InterventionStatus.ACTIVE, START)
    in_measure = nav_case(START, interventions=(measure,))
    assert codes(grant(TP, START), in_measure) == []
    on_aap = nav_case(
        START, interventions=(measure,), benefits=(BenefitFacts("b", AAP, 100, START),)
    )
    assert codes(grant(TP, START), on_aap) == ["NO_TILTAKSPENGER_WITH_BENEFIT"]


# --------------------------------------------------------------------------- measures (R16)


def arr(
    weeks_days: int,
    status: InterventionStatus = InterventionStatus.PROPOSED,
    code: str = "ARBEIDSRETTET_REHABILITERING",
) -> InterventionFacts:
    return InterventionFacts("i", code, status, START, START + timedelta(days=weeks_days - 1))


def with_plan(status: str | None, in_house: bool = True) -> CaseFacts:
    if status is None:
        return nav_case(START)
    stored: dict[str, Any] = {"status": status, "createdOn": "2026-01-10"}
    if status != "UNDER_ARBEID":
        stored["approvedOn"] = "2026-01-20"
    if in_house:
        stored["inHouseMeasuresNotPossible"] = True
    return nav_case(START, details={"followUpPlan": stored})


def test_arr_lasts_12_weeks_normally_and_16_at_most() -> None:
    case = with_plan("AKTIV")
    assert codes(ProposeIntervention(arr(84)), case) == []
    assert codes(ProposeIntervention(arr(85)), case) == ["NO_INTERVENTION_OVER_NORMAL_LENGTH"]
    assert codes(ProposeIntervention(arr(112)), case) == ["NO_INTERVENTION_OVER_NORMAL_LENGTH"]
    assert codes(ProposeIntervention(arr(113)), case) == ["NO_INTERVENTION_DURATION"]
    referral = ChangeInterventionStatus(arr(113), InterventionStatus.REFERRED, START)
    assert codes(referral, case) == ["NO_INTERVENTION_DURATION"]
    [warning] = NavJurisdiction().evaluate(ProposeIntervention(arr(85)), case)
    assert warning.severity is Severity.WARNING and "12 weeks" in warning.message


@pytest.mark.parametrize(("plan", "proposal", "referral"), [
    (None, ["NO_ARR_FOLLOW_UP_PLAN_PENDING"], ["NO_ARR_FOLLOW_UP_PLAN_MISSING"]),
    ("UNDER_ARBEID", ["NO_ARR_FOLLOW_UP_PLAN_PENDING"], ["NO_ARR_FOLLOW_UP_PLAN_MISSING"]),
    ("AKTIV", [], []),
])  # fmt: skip
def test_arr_for_an_employee_needs_the_approved_follow_up_plan(
    plan: str | None, proposal: list[str], referral: list[str]
) -> None:
    case = with_plan(plan)
    assert codes(ProposeIntervention(arr(42)), case) == proposal
    assert (
        codes(ChangeInterventionStatus(arr(42), InterventionStatus.REFERRED, START), case)
        == referral
    )
    assert (
        codes(ChangeInterventionStatus(arr(42), InterventionStatus.DISCONTINUED, START), case) == []
    )


def test_arr_plan_should_document_in_house_measures() -> None:
    assert codes(ProposeIntervention(arr(42)), with_plan("AKTIV", in_house=False)) == [
        "NO_ARR_IN_HOUSE_MEASURES"
    ]


def test_arr_for_an_unemployed_participant_needs_no_plan() -> None:
    case = nav_case(START, employment_status=EmploymentStatus.UNEMPLOYED)
    assert codes(ChangeInterventionStatus(arr(42), InterventionStatus.REFERRED, START), case) == []


def test_other_measures_and_unknown_ones() -> None:
    assert codes(ProposeIntervention(arr(16 * 7, code="AVKLARING"))) == []
    assert codes(ProposeIntervention(arr(16 * 7 + 1, code="AVKLARING"))) == [
        "NO_INTERVENTION_DURATION"
    ]
    assert codes(ProposeIntervention(arr(1000, code="IPS"))) == []
    assert codes(ProposeIntervention(arr(10, code="SPA"))) == ["NO_INTERVENTION_UNKNOWN_TYPE"]


# --------------------------------------------------------------------------- assessments (R8)


def assessment(
    kind: str = "SYKMELDING", diagnoses: tuple[DiagnosisFacts, ...] = (), **extra: Any
) -> RecordAssessment:
    return RecordAssessment(AssessmentFacts("a", kind, START, diagnoses=diagnoses, **extra))


def test_sick_note_diagnoses_are_icpc2_or_icd10() -> None:
    assert codes(assessment(diagnoses=(DiagnosisFacts("ICPC-2", "L87"),))) == []
    assert codes(assessment(diagnoses=(DiagnosisFacts("2.16.578.1.12.4.1.1.7110", "A070"),))) == []
    assert codes(assessment(diagnoses=(DiagnosisFacts("ICD-11", "6A70"),))) == [
        "NO_DIAGNOSIS_CODE_SYSTEM"
    ]
    assert codes(assessment(diagnoses=(DiagnosisFacts("ICPC-2", "L871"),))) == [
        "NO_DIAGNOSIS_CODE_FORMAT"
    ]


def test_an_icpc2_z_main_diagnosis_gives_no_sykepenger() -> None:
    assert codes(assessment(diagnoses=(DiagnosisFacts("ICPC-2", "Z05"),))) == [
        "NO_DIAGNOSIS_ICPC2_Z"
    ]
    secondary = (DiagnosisFacts("ICPC-2", "P76"), DiagnosisFacts("ICPC-2", "Z05"))
    assert codes(assessment(diagnoses=secondary)) == []
    assert codes(assessment(diagnoses=(DiagnosisFacts("ICD-10", "Z730"),))) == []


def test_no_diagnosis_needs_another_absence_reason() -> None:
    assert codes(assessment()) == ["NO_DIAGNOSIS_MISSING"]
    assert codes(assessment(details={"otherAbsenceReason": "SMITTEFARE"})) == []
    assert codes(assessment("ARBEIDSEVNEVURDERING")) == []


def test_assessment_kind_and_capacity() -> None:
    assert codes(assessment("SCORE")) == ["NO_ASSESSMENT_UNKNOWN_KIND"]
    assert codes(assessment("ARBEIDSEVNEVURDERING", work_capacity_percent=100)) == []
    assert codes(assessment("ARBEIDSEVNEVURDERING", work_capacity_percent=101)) == [
        "NO_WORK_CAPACITY_RANGE"
    ]


# --------------------------------------------------------------------------- return-to-work plans


@pytest.mark.parametrize(("percent", "warned"), [(80, False), (81, True), (99, True), (100, False)])
def test_a_step_between_80_and_100_percent_work_is_below_20_percent_sick(
    percent: int, warned: bool
) -> None:
    steps = (PlanStepFacts(START, START + timedelta(days=27), percent),)
    plan = PlanFacts("p", 1, PlanStatus.DRAFT, "Plan", None, steps)
    assert (codes(SavePlan(plan)) == ["NO_PLAN_STEP_BELOW_20"]) is warned
    assert (codes(ActivatePlan(plan)) == ["NO_PLAN_STEP_BELOW_20"]) is warned


# --------------------------------------------------------------------------- details edited directly


def test_editing_details_keeps_the_plan_status_machine() -> None:
    before = with_plan("UNDER_ARBEID")
    after = with_plan("UTDATERT")
    assert codes(UpdateCase(after), before) == ["NO_FOLLOW_UP_PLAN_TRANSITION"]
    assert codes(UpdateCase(with_plan("AKTIV")), before) == []


def test_editing_details_cannot_change_a_closed_meeting() -> None:
    held = {"number": 1, "status": "FERDIGSTILT", "on": "2026-02-20", "invitedOn": "2026-02-10",
            "heldOn": "2026-02-20"}  # fmt: skip
    before = nav_case(START, details={"dialogueMeetings": [held]})
    moved = nav_case(
        START, details={"dialogueMeetings": [{**held, "on": "2026-02-21", "heldOn": "2026-02-21"}]}
    )
    assert codes(UpdateCase(moved), before) == ["NO_DIALOGUE_MEETING_CLOSED"]
    assert codes(UpdateCase(nav_case(START)), before) == ["NO_DIALOGUE_MEETING_CLOSED"]  # removed
    open_one = {**held, "status": "INNKALT", "heldOn": None}
    opened = nav_case(START, details={"dialogueMeetings": [open_one]})
    assert codes(UpdateCase(before), opened) == []
    renumbered = nav_case(START, details={"dialogueMeetings": [{**open_one, "number": 2}]})
    assert codes(UpdateCase(renumbered), opened) == ["NO_DETAILS_INVALID"]


# --------------------------------------------------------------------------- the sykmelder told of ARR


def referred(on: date, status: InterventionStatus = InterventionStatus.REFERRED) -> dict[str, Any]:
    """A case on sick leave with an ARR referral NAV made on `on`."""
    from datetime import UTC, datetime

    from vocrehab.hooks import EventFacts

    at = datetime.combine(on, datetime.min.time(), UTC)
    return {
        "interventions": (arr(42, status),),
        "events": (EventFacts("intervention.referred", at, data={"interventionId": "i"}),),
    }


def test_the_sykmelder_is_told_of_an_arr_referral() -> None:
    nav = NavJurisdiction()
    on = date(2026, 2, 16)
    case = nav_case(START, **referred(on))
    [notice] = [m for m in nav.milestones(case) if m.code == "ARR_SYKMELDER_INFORMED"]
    assert (notice.due_date, notice.met_on) == (on, None)
    found = lambda today: [v.code for v in nav.assess(case, today)]  # noqa: E731
    assert "NO_ARR_SYKMELDER_NOT_INFORMED" not in found(on)
    assert "NO_ARR_SYKMELDER_NOT_INFORMED" in found(on + timedelta(days=1))
    told = nav_case(START, details={"sykmelderInformedOfReferral": ["2026-02-17"]}, **referred(on))
    [met] = [m for m in nav.milestones(told) if m.code == "ARR_SYKMELDER_INFORMED"]
    assert met.met_on == date(2026, 2, 17)
    assert "NO_ARR_SYKMELDER_NOT_INFORMED" not in [
        v.code for v in nav.assess(told, date(2026, 3, 2))
    ]
    before = nav_case(
        START, details={"sykmelderInformedOfReferral": ["2026-02-15"]}, **referred(on)
    )
    assert [m.met_on for m in nav.milestones(before) if m.code == "ARR_SYKMELDER_INFORMED"] == [
        None
    ]
    not_sick = nav_case(None, **referred(on))  # no sick leave: no sykmelder to tell
    assert "ARR_SYKMELDER_INFORMED" not in [m.code for m in nav.milestones(not_sick)]
    done = nav_case(START, **referred(on, InterventionStatus.COMPLETED))
    assert "ARR_SYKMELDER_INFORMED" not in [m.code for m in nav.milestones(done)]

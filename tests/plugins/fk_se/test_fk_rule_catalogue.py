"""The rule catalogue matches what the checks report: nothing unlisted, nothing unreachable.

A corpus of broken inputs goes through every entry point that reports rules
(`evaluate`, `assess`, `validate_details`, the case commands); the codes it
collects must be exactly the codes `rules()` lists, each with its severity,
its legal reference, and descriptions in Swedish and English.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

import strawberry
from fk_cases import SE, START, assessment, case, certificate, command_probes, day

from vocrehab.hooks import (
    BenefitFacts,
    GrantBenefit,
    InterventionFacts,
    InterventionStatus,
    PlanFacts,
    PlanStatus,
    PlanStepFacts,
    ProposeIntervention,
    RecordAssessment,
    SavePlan,
    Violation,
)
from vocrehab_fk_se.commands import RecordSickPeriodInput


def broken_certificates() -> Iterator[Violation]:
    later = (START + timedelta(days=1)).isoformat()
    variants = [
        certificate(grundForMU={"journaluppgifter": later}),
        certificate(sysselsattning=[]),
        certificate(sjukskrivningar=[], arbetslivsinriktadeAtgarder=[]),
        certificate(sjukskrivningar=[{"grad": 60, "from": "2026-01-01", "tom": "2026-01-02"}]),
        certificate(prognos=None, kontaktMedFk=False, anledningTillKontakt="x"),
    ]
    for cert in variants:
        yield from SE.evaluate(RecordAssessment(cert), case())
    no_consequences = replace(certificate(), functional_limitations=None, diagnoses=())
    yield from SE.evaluate(RecordAssessment(no_consequences), case())
    yield from SE.evaluate(RecordAssessment(assessment("se.FK7804", START, details={})), case())


def broken_changes() -> Iterator[Violation]:
    step = PlanStepFacts(START, day(28), 60)
    yield from SE.evaluate(
        SavePlan(PlanFacts("p", 1, PlanStatus.DRAFT, "Plan", None, (step,))), case()
    )
    existing = case(benefits=(BenefitFacts("b1", "SJUKPENNING", 100, day(15)),))
    yield from SE.evaluate(GrantBenefit(BenefitFacts("b2", "SJUKPENNING", 60, day(2))), existing)
    work = assessment(
        "se.WORK_CAPACITY", day(200), details={"basis": "OWN_JOB"}, work_capacity_percent=0
    )
    yield from SE.evaluate(RecordAssessment(work), case())
    low = case(assessments=(work,))
    yield from SE.evaluate(
        ProposeIntervention(InterventionFacts("i", "ARBETSTRANING", InterventionStatus.PROPOSED)),
        low,
    )


def broken_details() -> Iterator[Violation]:
    for target, details in (
        ("case", {"unknown": 1}),
        ("case", {"sickPeriods": "many"}),
        ("case", {"sickPeriods": [{"start": "2026-01-01", "end": "2025-01-01", "degree": 100}]}),
    ):
        yield from SE.validate_details(target, details, None).violations  # type: ignore[arg-type]


def late_case() -> Iterator[Violation]:
    details = {"expectedDuration": {"days": 90, "assessedOn": START.isoformat()}}
    yield from SE.assess(case(details=details), day(31))


def a_sick_period_clash() -> Iterator[Violation]:
    [command] = [c for c in SE.case_commands() if c.name == "fkRecordSickPeriod"]
    given = RecordSickPeriodInput(case_id=strawberry.ID("c"), start=START, end=START, degree=100)
    yield from command.apply(
        case(
            details={"sickPeriods": [{"start": "2026-01-01", "end": "2026-01-01", "degree": 100}]}
        ),
        given,
        date(2026, 3, 2),
    ).violations


def a_re_sickness() -> Iterator[Violation]:
    """A sick period two days after an earlier case's (vocrehab_fk_se.history)."""
    from vocrehab.hooks import HistoryFacts, SickPeriodFacts

    earlier = SickPeriodFacts("e", START - timedelta(days=8), START - timedelta(days=2))
    yield from SE.assess(case(history=HistoryFacts(START - timedelta(days=30), (earlier,))), START)


def a_phase_the_sick_periods_contradict() -> Iterator[Violation]:
    """Still OFF_WORK (the default) on a 50 % sick period (vocrehab_fk_se.phases)."""
    part_time = {"sickPeriods": [{"start": START.isoformat(), "end": day(60).isoformat(),
                                  "degree": 50}]}  # fmt: skip
    yield from SE.assess(case(details=part_time), day(10))


def every_violation() -> list[Violation]:
    return [
        *broken_certificates(), *broken_changes(), *broken_details(), *late_case(),
        *a_sick_period_clash(), *command_probes(), *a_re_sickness(),
        *a_phase_the_sick_periods_contradict(),
    ]  # fmt: skip


def test_every_listed_rule_can_fire_and_nothing_unlisted_does() -> None:
    listed = {rule.code: rule for rule in SE.rules()}
    seen = every_violation()
    assert {v.code for v in seen} == set(listed)
    for violation in seen:
        rule = listed[violation.code]
        assert violation.severity is rule.severity
        assert violation.legal_reference == rule.legal_reference


def test_every_rule_has_a_legal_reference_and_both_languages() -> None:
    for rule in SE.rules():
        assert rule.legal_reference.strip()
        assert rule.descriptions["sv"].strip() and rule.descriptions["en"].strip()


def test_warnings_are_the_practice_and_the_late_duties() -> None:
    warnings = sorted(r.code for r in SE.rules() if r.severity.value == "WARNING")
    assert warnings == [
        "FK_CERTIFICATE_MISSING",
        "FK_EMPLOYER_PLAN_OVERDUE",
        "FK_EMPLOYER_SICK_REPORT_LATE",
        "FK_PHASE_CONTRADICTS_FACTS",
        "FK_SICKNESS_BENEFIT_IN_SICK_PAY_PERIOD",
        "FK_WORK_CAPACITY_BELOW_25",
        "SE_RESICKNESS",
    ]


def test_each_rule_declares_the_data_category_its_findings_reveal() -> None:
    by_category: dict[str, set[str]] = {}
    for rule in SE.rules():
        by_category.setdefault(rule.category.value, set()).add(rule.code)
    assert by_category["BENEFITS"] == {
        "FK_BENEFIT_OVERLAP",
        "FK_SICKNESS_BENEFIT_IN_SICK_PAY_PERIOD",
        "FK_CHAIN_BASIS",
        "SE_RESICKNESS",
    }
    assert by_category["MEDICAL"] == {
        "FK_NORMAL_LEVEL_DECISION",
        *(rule.code for rule in SE.rules() if rule.code.startswith("FK7804_")),
    }
    # what the employer must see to act: the certificate, its sick report, the plan, meetings
    for code in ("FK_CERTIFICATE_MISSING", "FK_EMPLOYER_SICK_REPORT_LATE",
                 "FK_EMPLOYER_PLAN_OVERDUE", "FK_MEETING_MINUTES"):  # fmt: skip
        assert code in by_category["PLAN"]

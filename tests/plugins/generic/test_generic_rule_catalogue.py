"""The rule catalogue matches what the checks report: nothing unlisted, nothing unreachable.

A corpus of broken inputs goes through every entry point that reports rules
(`evaluate`, `assess`, `validate_details`); the codes it collects must be
exactly the codes `rules()` lists, each with the listed severity.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

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
    ParticipantFacts,
    PlanFacts,
    PlanStatus,
    PlanStepFacts,
    ProposeIntervention,
    RecordAssessment,
    ReturnToWorkPhase,
    SavePlan,
    Violation,
)
from vocrehab_generic import GenericJurisdiction
from vocrehab_generic.commands import RecordFirstContactInput
from vocrehab_generic.details import ContactChannel
from vocrehab_generic.rules import violation

D = date(2026, 1, 1)
LATER = date(2026, 6, 1)


class LimitedJurisdiction(GenericJurisdiction):
    """The built-in types have no maximum duration; this subclass adds one that does."""

    def intervention_types(self) -> tuple[InterventionTypeInfo, ...]:
        limited = InterventionTypeInfo("LIMITED", {"en": "Limited"}, max_duration_weeks=1)
        return (*super().intervention_types(), limited)


JURISDICTION = LimitedJurisdiction()


def broken_case() -> CaseFacts:
    """An employed participant's case with no team, a lapsed plan, a phase it contradicts and
    overlapping benefits."""
    lapsed = PlanFacts(
        "plan-1", 1, PlanStatus.ACTIVE, "Old", None, (PlanStepFacts(D, date(2026, 1, 31), 50),)
    )
    return CaseFacts(
        id="case-1",
        reference="GEN-2026-000001",
        jurisdiction="generic",
        status=CaseStatus.OPEN,
        phase=ReturnToWorkPhase.RETENTION,
        employment_status=EmploymentStatus.EMPLOYED,
        has_employer=True,
        sick_leave_start=None,
        opened_at=datetime(2026, 1, 1, 9, tzinfo=UTC),
        closed_at=None,
        participant=ParticipantFacts("p-1", "generic", None, None, "en"),
        plans=(lapsed,),
        interventions=(
            InterventionFacts("i-1", "WORK_TRIAL", InterventionStatus.ACTIVE, D, date(2026, 2, 1)),
        ),
        benefits=(
            BenefitFacts("b-1", "SICKNESS_BENEFIT", 100, D, None),
            BenefitFacts("b-2", "SICKNESS_BENEFIT", 50, date(2026, 2, 1), None),
        ),
    )


def broken_changes() -> Iterator[object]:
    bad_steps = (
        PlanStepFacts(date(2026, 2, 10), date(2026, 2, 1), 120),
        PlanStepFacts(date(2026, 2, 1), date(2026, 2, 20), 50),
        PlanStepFacts(date(2026, 2, 15), date(2026, 2, 25), 50),
    )
    yield SavePlan(PlanFacts("plan-2", 2, PlanStatus.DRAFT, "New", None, bad_steps))
    yield ActivatePlan(PlanFacts("plan-3", 3, PlanStatus.DRAFT, "Empty", None, ()))
    yield GrantBenefit(BenefitFacts("b-3", "LOTTERY_WIN", 100, D))
    yield GrantBenefit(BenefitFacts("b-4", "SICKNESS_BENEFIT", 0, LATER, D))
    yield EndBenefit(BenefitFacts("b-1", "SICKNESS_BENEFIT", 100, LATER), D)
    yield ProposeIntervention(InterventionFacts("i-2", "ASTROLOGY", InterventionStatus.PROPOSED))
    yield ProposeIntervention(
        InterventionFacts("i-3", "WORK_TRIAL", InterventionStatus.PROPOSED, LATER, D)
    )
    yield ProposeIntervention(
        InterventionFacts("i-4", "LIMITED", InterventionStatus.PROPOSED, D, LATER)
    )
    yield ChangeInterventionStatus(
        InterventionFacts("i-5", "WORK_TRIAL", InterventionStatus.REFERRED, LATER),
        InterventionStatus.ACTIVE,
        D,
    )
    yield RecordAssessment(
        AssessmentFacts(
            id="a-1",
            kind="TAROT",
            assessed_at=D,
            work_capacity_percent=150,
            valid_from=LATER,
            valid_to=D,
            icf_codes=("q999",),
            diagnoses=(DiagnosisFacts("ICD-10", "32F"), DiagnosisFacts("READ", "X00")),
        )
    )


def broken_details() -> Iterator[tuple[str, dict[str, object]]]:
    yield "case", {"planDueDays": 0, "favouriteColour": "blue"}
    yield "assessment", {"score": "high"}
    yield "intervention", {"goal": 3}


def collect() -> list[Violation]:
    case = broken_case()
    found: list[Violation] = []
    for change in broken_changes():
        found.extend(JURISDICTION.evaluate(change, case))  # type: ignore[arg-type]
    found.extend(JURISDICTION.assess(case, date(2026, 3, 1)))
    for target, details in broken_details():
        found.extend(JURISDICTION.validate_details(target, details, case).violations)  # type: ignore[arg-type]
    # A case command refused: the first contact dated after today.
    future = RecordFirstContactInput(
        case_id="CAS_x", on=date(2026, 3, 2), channel=ContactChannel.PHONE
    )  # type: ignore[arg-type]
    for command in JURISDICTION.case_commands():
        found.extend(command.apply(case, future, date(2026, 3, 1)).violations)  # type: ignore[arg-type]
    return found


def test_every_reported_code_is_listed_and_every_listed_rule_is_reachable() -> None:
    reported = {v.code for v in collect()}
    listed = {rule.code for rule in JURISDICTION.rules()}
    assert reported - listed == set(), "reported but not listed in rules()"
    assert listed - reported == set(), "listed in rules() but never reported by the corpus"


def test_reported_violations_carry_the_listed_severity_and_a_reference() -> None:
    severities = {rule.code: rule.severity for rule in JURISDICTION.rules()}
    for found in collect():
        assert found.severity is severities[found.code]
        assert found.legal_reference
        assert found.message


def test_a_violation_of_an_unlisted_rule_cannot_be_built() -> None:
    with pytest.raises(KeyError):
        violation("GEN_NOT_A_RULE", "never")

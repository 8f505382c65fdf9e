"""The conformance kit catches each kind of contract breach (and passes a good plugin)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest

from vocrehab.hooks import (
    BenefitTypeInfo,
    CaseFacts,
    DataCategory,
    IdCheck,
    MeetingKindInfo,
    MilestoneInfo,
    OrientationInfo,
    RuleInfo,
    Severity,
    StakeholderType,
    Violation,
)
from vocrehab.hooks.testing import TODAY, assert_conforms, make_case, problems, sample_cases
from vocrehab_generic.jurisdiction import GenericJurisdiction


class Duplicates(GenericJurisdiction):
    def benefit_types(self) -> Sequence[BenefitTypeInfo]:
        first = super().benefit_types()[0]
        return [first, first]


class NoEnglish(GenericJurisdiction):
    def rules(self) -> Sequence[RuleInfo]:
        rule = super().rules()[0]
        return [replace(rule, descriptions={"fr": "Règle"}), *super().rules()[1:]]


class Fickle(GenericJurisdiction):
    """Milestones that depend on something besides the facts."""

    counter = itertools.count()

    def milestones(self, case: CaseFacts) -> Sequence[MilestoneInfo]:
        found = list(super().milestones(case))
        return [
            replace(m, due_date=m.due_date.replace(day=1 + next(self.counter) % 28)) for m in found
        ]


class Unlisted(GenericJurisdiction):
    def assess(self, case: CaseFacts, today: Any) -> Sequence[Violation]:
        return [Violation("GEN_SECRET_RULE", Severity.WARNING, "not in the catalogue")]


class StrayMeetings(GenericJurisdiction):
    """Meeting kinds outside the plugin's code, convened by the participant, meeting a
    milestone the plugin never computes."""

    def meeting_kinds(self) -> Sequence[MeetingKindInfo]:
        return [MeetingKindInfo("no.visit", {"en": "Visit"}, (StakeholderType.PARTICIPANT,),
                                completes=("NO_SUCH_STEP",))]  # fmt: skip


class BadPrefix(GenericJurisdiction):
    schema_prefix = "nav"


class WrongTypes(GenericJurisdiction):
    def intervention_types(self) -> Sequence[Any]:
        return [{"code": "IPS"}]


class DatedDisagrees(GenericJurisdiction):
    """Reading ids by the day refuses what the plain check accepts."""

    def validate_national_id_on(self, value: str, today: Any) -> IdCheck:
        return IdCheck(False, message="not today")


class BenefitInAMilestone(GenericJurisdiction):
    """Names the benefit in a milestone it declares PLAN: the employer reads it."""

    def milestones(self, case: CaseFacts) -> Sequence[MilestoneInfo]:
        found = list(super().milestones(case))
        for benefit in case.benefits:
            names = {"en": f"End of {benefit.benefit_type_code}"}
            found.append(MilestoneInfo(f"END_{benefit.id}", names, benefit.start_date,
                                       StakeholderType.CASE_MANAGER))  # fmt: skip
        return found


class DiagnosisInTheSummary(GenericJurisdiction):
    """Keeps the diagnosis in undeclared details and writes it into the orientation."""

    def orientation(self, case: CaseFacts, milestones: Any, today: Any) -> OrientationInfo:
        found = super().orientation(case, milestones, today)
        copied = " ".join(d.code for a in case.assessments for d in a.diagnoses)
        remembered = case.details.get("diagnosis", copied)
        return replace(found, summary={"en": f"{found.summary['en']} ({remembered})"})


class DeclaredButLeaky(GenericJurisdiction):
    """Declares a details key MEDICAL, yet shows it through a milestone of its own."""

    details_categories = {"exception": DataCategory.MEDICAL}

    def milestones(self, case: CaseFacts) -> Sequence[MilestoneInfo]:
        found = list(super().milestones(case))
        exception = case.details.get("exception")
        if exception:
            found.append(MilestoneInfo("EXCEPTION", {"en": f"Review {exception}"},
                                       case.opened_at.date(), StakeholderType.CASE_MANAGER))  # fmt: skip
        return found


def test_what_a_reader_may_not_see_is_not_written_for_them() -> None:
    """The kit reads what a plugin writes for each role, from the case minimised to it."""
    case = next(c for c in sample_cases(GenericJurisdiction()) if c.benefits)
    found = problems(BenefitInAMilestone(), [case])
    assert any("a EMPLOYER (no BENEFITS) is told 'SICKNESS_BENEFIT'" in f for f in found), found
    medical = replace(case, details={"exception": "SERIOUS_ILLNESS"})
    found = problems(DeclaredButLeaky(), [medical])
    assert any("(no MEDICAL) is told 'SERIOUS_ILLNESS'" in f for f in found), found
    # A diagnosis the platform minimised away cannot be written; one kept aside can.
    assert problems(DiagnosisInTheSummary(), [case]) == []
    hidden_copy = replace(case, details={"diagnosis": "F32.1"})
    found = problems(DiagnosisInTheSummary(), [hidden_copy])
    assert any("(no MEDICAL) is told 'F32.1'" in f for f in found), found
    assert problems(GenericJurisdiction(), [case, medical, hidden_copy]) == []


@pytest.mark.parametrize(
    ("jurisdiction", "expected"),
    [
        (Duplicates(), "benefit_types: duplicate codes"),
        (NoEnglish(), "no English text"),
        (Fickle(), "generic.milestones on kit case KIT-01-DAY-1: change between calls"),
        (
            Unlisted(),
            "generic.assess on kit case KIT-01-DAY-1: rule GEN_SECRET_RULE reported but not listed",
        ),
        (BadPrefix(), "must start with 'nav'"),
        (WrongTypes(), "generic.intervention_types: the answer[0]: is a dict"),
        (DatedDisagrees(), "disagrees with validate_national_id"),
        (StrayMeetings(), "no.visit: start it with 'generic.'"),
        (StrayMeetings(), "no.visit: conveners must be team roles"),
        (StrayMeetings(), "no.visit: completes ['NO_SUCH_STEP'], which no sample case has"),
    ],
    ids=lambda value: type(value).__name__ if not isinstance(value, str) else "",
)
def test_each_breach_is_reported(jurisdiction: GenericJurisdiction, expected: str) -> None:
    found = problems(jurisdiction)
    assert any(expected in message for message in found), found


def test_a_conforming_plugin_passes_and_breaches_raise() -> None:
    assert_conforms(GenericJurisdiction())
    with pytest.raises(AssertionError, match="duplicate codes"):
        assert_conforms(Duplicates())


def test_sample_cases_cover_the_situations_plugins_must_handle() -> None:
    cases = sample_cases(GenericJurisdiction())
    assert {c.status.value for c in cases} == {"OPEN", "ON_HOLD", "CLOSED"}
    assert any(c.sick_leave_start is None for c in cases)
    assert any(c.plans and c.interventions and c.benefits and c.assessments for c in cases)
    assert make_case("xx", reference="XX-1").jurisdiction == "xx"
    references = [c.reference for c in cases]
    assert len(set(references)) == len(references), references
    assert max((TODAY - c.sick_leave_start).days for c in cases if c.sick_leave_start) >= 550
    assert any(len({b.benefit_type_code for b in c.benefits}) > 1 and
               any(b.end_date for b in c.benefits) for c in cases)  # fmt: skip

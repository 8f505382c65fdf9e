"""The conformance kit catches each kind of contract breach (and passes a good plugin)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest

from vocrehab.hooks import BenefitTypeInfo, CaseFacts, MilestoneInfo, RuleInfo, Severity, Violation
from vocrehab.hooks.testing import assert_conforms, make_case, problems, sample_cases
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


class BadPrefix(GenericJurisdiction):
    schema_prefix = "nav"


class WrongTypes(GenericJurisdiction):
    def intervention_types(self) -> Sequence[Any]:
        return [{"code": "IPS"}]


@pytest.mark.parametrize(
    ("jurisdiction", "expected"),
    [
        (Duplicates(), "benefit_types: duplicate codes"),
        (NoEnglish(), "no English text"),
        (Fickle(), "not deterministic"),
        (Unlisted(), "not listed in rules(): ['GEN_SECRET_RULE']"),
        (BadPrefix(), "must start with 'nav'"),
        (WrongTypes(), "intervention_types: expected InterventionTypeInfos"),
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

"""The shared helpers of the plugin contract: rule catalogue, reference data, options,
orientation, plan data, the jurisdiction base and demo stories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import ClassVar

import pytest

from vocrehab.hooks import (
    AllowedValues,
    BenefitTypeInfo,
    CaseFacts,
    CaseStatus,
    DayOptions,
    Demo,
    EmploymentStatus,
    EventFacts,
    JurisdictionBase,
    MilestoneInfo,
    ParticipantFacts,
    ReferenceCodes,
    ReferenceData,
    ReturnToWorkPhase,
    RuleCatalogue,
    RuleInfo,
    Severity,
    StakeholderType,
    StallOptions,
    milestone_steps,
    overdue,
    pending,
    stalled,
)
from vocrehab.hooks.demo import demo_of
from vocrehab.hooks.options import STALL_DAYS

RULE = RuleInfo("XX_LATE", Severity.WARNING, {"en": "Late"}, "Act § 1")


def test_a_violation_takes_severity_and_reference_from_the_catalogue() -> None:
    catalogue = RuleCatalogue([RULE])
    found = catalogue.violation("XX_LATE", "Two days late", field=("due",))
    assert (found.code, found.severity, found.legal_reference, found.field) == (
        "XX_LATE", Severity.WARNING, "Act § 1", ("due",))  # fmt: skip
    assert catalogue.violation("XX_LATE", "m", legal_reference="Act § 2").legal_reference == (
        "Act § 2"
    )
    assert "XX_LATE" in catalogue and list(catalogue) == [RULE]
    with pytest.raises(KeyError):
        catalogue.violation("XX_UNKNOWN", "not in the catalogue")


def test_a_rule_code_listed_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="XX_LATE"):
        RuleCatalogue([RULE, RULE])


@dataclass(frozen=True)
class _Options(DayOptions):
    PLUGIN: ClassVar[str] = "xx"
    RANGES: ClassVar[dict[str, tuple[int, int]]] = {"stall_days": (7, 180)}
    stall_days: int = 28


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"stall_days": 6}, "xx plugin: option stall_days must be between 7 and 180"),
        ({"stall_days": True}, "stall_days must be a whole number"),
        ({"stall_days": "28"}, "stall_days must be a whole number"),
        ({"stall": 14}, "unknown option.*stall; known options are stall_days"),
    ],
)
def test_bad_options_name_the_plugin_and_the_option(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _Options.from_mapping(raw)


def test_good_options_and_defaults() -> None:
    assert _Options.from_mapping({"stall_days": 180}) == _Options(stall_days=180)
    assert _Options.from_mapping({}) == _Options()


def _milestone(code: str, due: date, **kw: object) -> MilestoneInfo:
    return MilestoneInfo(code, {"en": code}, due, StakeholderType.CASE_MANAGER, **kw)  # type: ignore[arg-type]


def test_pending_overdue_and_next_steps() -> None:
    found = [
        _milestone("B", date(2026, 3, 1)),
        _milestone("A", date(2026, 3, 1)),
        _milestone("MET", date(2026, 1, 1), met_on=date(2026, 1, 1)),
        _milestone("NA", date(2026, 1, 1), not_applicable=True),
        _milestone("LATER", date(2026, 5, 1)),
        _milestone("MAYBE", date(2026, 2, 1), optional=True),
    ]
    assert [m.code for m in pending(found)] == ["MAYBE", "A", "B", "LATER"]
    # An optional milestone past due is a possibility missed, never overdue.
    assert [m.code for m in overdue(found, date(2026, 4, 1))] == ["A", "B"]
    assert [s.due_date for s in milestone_steps(found)] == [
        date(2026, 2, 1), date(2026, 3, 1), date(2026, 3, 1), date(2026, 5, 1)]  # fmt: skip


@dataclass(frozen=True)
class _Stalling(StallOptions):
    PLUGIN: ClassVar[str] = "yy"
    RANGES: ClassVar[dict[str, tuple[int, int]]] = {"plan_due_days": (7, 90)}
    plan_due_days: int = 28
    stall_days: int = 21


def test_stall_options_share_one_range_and_subclasses_add_their_own() -> None:
    assert _Stalling.ranges() == {"stall_days": STALL_DAYS, "plan_due_days": (7, 90)}
    assert _Stalling.from_mapping({}) == _Stalling(plan_due_days=28, stall_days=21)
    assert _Stalling.from_mapping({"stall_days": 365}).stall_days == 365
    with pytest.raises(ValueError, match="option stall_days must be between 1 and 365"):
        _Stalling.from_mapping({"stall_days": 366})
    with pytest.raises(ValueError, match="option plan_due_days must be between 7 and 90"):
        _Stalling.from_mapping({"plan_due_days": 6})


def test_allowed_values_as_the_law_writes_them() -> None:
    quarters = AllowedValues.of(25, 50, 75, 100, legal_reference="SFB 27 kap. 45 §")
    graded = AllowedValues.between(20, 99) | AllowedValues.of(100)
    steps = AllowedValues.between(0, 300, step=10)
    assert [d for d in range(0, 102) if quarters.allows(d)] == [25, 50, 75, 100]
    assert [d for d in range(0, 102) if graded.allows(d)] == list(range(20, 101))
    assert (steps.allows(0), steps.allows(300), steps.allows(305), steps.allows(310)) == (
        True, True, False, False)  # fmt: skip
    assert quarters.describe() == "25, 50, 75 or 100"
    assert graded.describe() == "20 to 99 or 100"
    assert steps.describe() == "0 to 300 in steps of 10"
    assert graded.listed() == tuple(range(20, 101)) and graded.bounds() == (20, 100)
    assert AllowedValues().problems() == ["allows no value"]
    assert AllowedValues.between(5, 1).problems() == ["range 5 to 1 runs backwards"]
    assert AllowedValues.between(1, 5, step=0).problems() == [
        "range 1 to 5 in steps of 0 has a step below 1"
    ]
    assert AllowedValues.of(-1, 101).problems(0, 100) == [
        "allows -1, below 0",
        "allows 101, above 100",
    ]


def test_allowed_degrees_still_work_and_are_deprecated() -> None:
    with pytest.warns(DeprecationWarning, match="allowed_degrees is deprecated"):
        old = BenefitTypeInfo("OLD", {"en": "Old"}, (50, 100), legal_reference="Act § 1")
    assert old.allowed == AllowedValues((50, 100), (), "Act § 1")
    new = BenefitTypeInfo("NEW", {"en": "New"}, degrees=AllowedValues.between(20, 22))
    assert new.allowed_degrees == (20, 21, 22) and new.problems() == []
    assert BenefitTypeInfo("ANY", {"en": "Any"}).allowed.describe() == "1 to 100"
    both = BenefitTypeInfo("BOTH", {"en": "Both"}, (50,), degrees=AllowedValues.of(100))
    assert both.problems() == ["allowed_degrees and degrees disagree; declare degrees only"]
    wide = BenefitTypeInfo("WIDE", {"en": "Wide"}, degrees=AllowedValues.between(0, 10**9))
    assert wide.allowed_degrees == () and wide.problems() == [
        "degrees allows 1000000000, above 100"
    ]


def _case(*events: datetime) -> CaseFacts:
    return CaseFacts(
        id="c", reference="XX-1", jurisdiction="xx", status=CaseStatus.OPEN,
        phase=ReturnToWorkPhase.OFF_WORK, employment_status=EmploymentStatus.EMPLOYED,
        has_employer=True, sick_leave_start=None, opened_at=datetime(2026, 1, 1, tzinfo=UTC),
        closed_at=None, participant=ParticipantFacts("p", "xx", None, None, None),
        events=tuple(EventFacts("x", at) for at in events),
    )  # fmt: skip


def test_a_case_stalls_after_the_days_without_an_event() -> None:
    case = _case(datetime(2026, 2, 1, 12, tzinfo=UTC))
    assert stalled(case, date(2026, 3, 3), 30) is None  # 30 days idle: not yet
    stall = stalled(case, date(2026, 3, 4), 30)
    assert stall is not None and (stall.last, stall.idle_days) == (date(2026, 2, 1), 31)
    opened_only = stalled(_case(), date(2026, 2, 1), 30)
    assert opened_only is not None and opened_only.last == date(2026, 1, 1)


SICK_PAY = BenefitTypeInfo(
    "SICK_PAY", {"en": "Sick pay"}, legal_reference="Act § 2", degrees=AllowedValues.of(50, 100)
)


class _Small(JurisdictionBase):
    options_type = _Options
    reference = ReferenceData(benefit_types=(SICK_PAY,))
    catalogue = RuleCatalogue([RULE])


class _Overriding(_Small):
    def benefit_types(self) -> tuple[BenefitTypeInfo, ...]:
        return ()


def test_the_base_answers_from_its_tables_and_honours_overrides() -> None:
    small = _Small()
    assert small.options == _Options() and repr(small) == "_Small(_Options(stall_days=28))"
    assert small.benefit_types() == (SICK_PAY,) and small.rules() == (RULE,)
    assert small.case_commands() == () and small.document_kinds() == ()
    assert small.reference_codes() == ReferenceCodes({"SICK_PAY": SICK_PAY}, {}, [])
    assert _Overriding().reference_codes().benefit_types == {}
    assert _Small(_Options(stall_days=7)).options.stall_days == 7


def test_a_jurisdiction_without_a_demo_has_an_empty_one() -> None:
    assert demo_of(object()) == Demo()

    class Broken:
        code = "xx"

        def demo(self) -> object:
            return ["not", "a", "demo"]

    with pytest.raises(TypeError, match="'xx': demo\\(\\) returned"):
        demo_of(Broken())

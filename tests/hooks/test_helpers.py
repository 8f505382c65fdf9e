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
    milestone_steps,
    overdue,
    pending,
    stalled,
)
from vocrehab.hooks.demo import demo_of

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
    ]
    assert [m.code for m in pending(found)] == ["A", "B", "LATER"]
    assert [m.code for m in overdue(found, date(2026, 4, 1))] == ["A", "B"]
    assert [s.due_date for s in milestone_steps(found)] == [
        date(2026, 3, 1), date(2026, 3, 1), date(2026, 5, 1)]  # fmt: skip


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

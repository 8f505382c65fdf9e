"""R25's exception: keeping the normal level is Försäkringskassan's recorded decision."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import strawberry
from fk_cases import SE, START, case, codes, day

from vocrehab.hooks import CommandResult, DataCategory, ReturnToWorkPhase
from vocrehab_fk_se.normal_level import RecordNormalLevelDecisionInput

TODAY = date(2026, 3, 2)
DECIDE = next(c for c in SE.case_commands() if c.name == "fkRecordNormalLevelDecision")


def decide(keeps: bool, on: date, **case_changes: object) -> CommandResult:
    given = RecordNormalLevelDecisionInput(
        case_id=strawberry.ID("case"), keeps_normal_level=keeps, decided_on=on
    )
    return DECIDE.apply(case(**case_changes), given, TODAY)


def test_the_decision_is_recorded_and_is_medical() -> None:
    result = decide(True, day(40))
    assert result.violations == ()
    assert result.details["normalLevelDecision"] == {
        "keepsNormalLevel": True,
        "decidedOn": day(40).isoformat(),
    }
    assert result.event_kind == "se.normal_level.decided"
    assert result.category is DataCategory.MEDICAL  # its only ground is a serious illness
    assert DECIDE.category is DataCategory.MEDICAL and DECIDE.scope == "benefits:write"
    assert "serious" not in result.summary.lower()


@pytest.mark.parametrize(("offset", "ok"), [(-1, True), (0, True), (1, False)])
def test_the_decision_date_has_come(offset: int, ok: bool) -> None:
    found = decide(True, TODAY + timedelta(days=offset)).violations
    assert codes(found) == ([] if ok else ["FK_DATE_IN_FUTURE"])
    assert all(v.field == ("decidedOn",) for v in found)


@pytest.mark.parametrize(("offset", "ok"), [(-1, False), (0, True), (1, True)])
def test_the_decision_is_not_dated_before_the_sick_leave(offset: int, ok: bool) -> None:
    found = decide(False, START + timedelta(days=offset)).violations
    assert codes(found) == ([] if ok else ["FK_NORMAL_LEVEL_DECISION"])


def test_a_case_without_sick_leave_has_no_level_to_decide() -> None:
    found = decide(True, day(10), sick_leave_start=None).violations
    assert codes(found) == ["FK_NORMAL_LEVEL_DECISION"]
    assert found[0].legal_reference == "SFB 28 kap. 7 §"


def test_the_chain_exception_no_longer_keeps_the_normal_level_by_itself() -> None:
    serious = {"chainExceptions": ["SERIOUS_ILLNESS"]}
    details = SE.present_details(case(details=serious))
    assert details.continuation_level_from == day(365)  # type: ignore[union-attr]
    kept = decide(True, day(300), details=serious).details
    after = SE.present_details(case(details=kept))
    assert after.continuation_level_from is None  # type: ignore[union-attr]
    refused = decide(False, day(310), details=kept).details
    again = SE.present_details(case(details=refused))
    assert again.continuation_level_from == day(365)  # type: ignore[union-attr]


@pytest.mark.parametrize(("on", "percent"), [(364, 80), (365, 75)])
def test_without_a_decision_the_level_drops_after_day_364(on: int, percent: int) -> None:
    details = SE.present_details(case())
    assert details.position(day(on)).sickness_benefit_level_percent == percent  # type: ignore[union-attr]


def test_the_orientation_follows_the_decision_on_day_400() -> None:
    kept = case(details=decide(True, day(300)).details)
    summary = SE.orientation(kept, SE.milestones(kept), day(400)).summary
    assert "Sjukpenning betalas på normalnivå (80 %)." in summary["sv"]
    plain = SE.orientation(case(), SE.milestones(case()), day(400)).summary
    assert "continuation level (75 %) since 2026-12-31" in plain["en"]


STEP = "Decide whether sickness benefit stays at the normal level (80 %) after day 364"


def level_steps(today: date, **details: object) -> list[tuple[date | None, str]]:
    facts = case(details={"chainExceptions": ["SERIOUS_ILLNESS"], **details})
    found = SE.orientation(facts, SE.milestones(facts), today).next_steps
    return [(s.due_date, s.responsible.value) for s in found if s.title["en"].startswith(STEP)]


def test_with_a_serious_illness_the_decision_is_the_case_officers_step_by_day_364() -> None:
    for today in (day(363), day(364), day(365)):  # also once the level has dropped
        assert level_steps(today) == [(day(364), "CASE_MANAGER")]
    for keeps in (True, False):
        decided = {"normalLevelDecision": {"keepsNormalLevel": keeps, "decidedOn": "2026-11-01"}}
        assert level_steps(day(363), **decided) == []


def test_no_step_without_a_serious_illness_or_once_back_at_full_hours() -> None:
    other = case(details={"chainExceptions": ["RETURN_SAME_HOURS_BY_DAY_365"]})
    steps = SE.orientation(other, SE.milestones(other), day(300)).next_steps
    assert not any(s.title["en"].startswith(STEP) for s in steps)
    back = case(details={"chainExceptions": ["SERIOUS_ILLNESS"]},
                phase=ReturnToWorkPhase.RETENTION)  # fmt: skip
    steps = SE.orientation(back, SE.milestones(back), day(300)).next_steps
    assert not any(s.title["en"].startswith(STEP) for s in steps)

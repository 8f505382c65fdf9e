"""The phase of return to work follows the plan (R28): off work until the first day back,
re-entry from then, retention once full hours are kept for `retention_days`; a recorded
phase the plan contradicts is flagged, and the orientation asks for the update."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from support import Api, World, admin, as_actor, gid

from vocrehab.core.clock import Clock
from vocrehab.hooks import (
    CaseFacts,
    CaseStatus,
    PlanFacts,
    PlanStatus,
    PlanStepFacts,
    PluginConfig,
    ReturnToWorkPhase,
)
from vocrehab.hooks.testing import make_case
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab_generic import GenericJurisdiction, GenericOptions, vocrehab_register_jurisdictions
from vocrehab_generic.phases import phase_from_facts

P = ReturnToWorkPhase
BACK = date(2026, 2, 2)  # the first step with work in it
FULL = date(2026, 3, 2)  # full hours from here


def plan(status: PlanStatus = PlanStatus.ACTIVE, last_percent: int = 100) -> PlanFacts:
    steps = (
        PlanStepFacts(date(2026, 1, 19), BACK - timedelta(days=1), 0),
        PlanStepFacts(BACK, FULL - timedelta(days=1), 50),
        PlanStepFacts(FULL, FULL + timedelta(days=13), last_percent),
    )
    return PlanFacts("p", 1, status, "Back to work", None, steps)


def case(phase: ReturnToWorkPhase, *plans: PlanFacts) -> CaseFacts:
    return make_case(phase=phase, plans=plans)


def shown(day: date, *plans: PlanFacts, days: int = 28) -> ReturnToWorkPhase | None:
    facts = phase_from_facts(case(P.OFF_WORK, *plans), day, days)
    return facts.phase if facts else None


def test_the_plan_shows_the_phase_at_each_boundary() -> None:
    assert shown(BACK - timedelta(days=1), plan()) is P.OFF_WORK
    assert shown(BACK, plan()) is P.RE_ENTRY
    assert shown(FULL, plan()) is P.RE_ENTRY  # full hours, not yet kept
    assert shown(FULL + timedelta(days=27), plan()) is P.RE_ENTRY
    assert shown(FULL + timedelta(days=28), plan()) is P.RETENTION
    assert shown(FULL + timedelta(days=7), plan(), days=7) is P.RETENTION  # the option decides
    assert shown(FULL + timedelta(days=60), plan(last_percent=80)) is P.RE_ENTRY
    assert shown(FULL + timedelta(days=60), plan(PlanStatus.COMPLETED)) is P.RETENTION
    assert shown(FULL, plan(PlanStatus.DRAFT)) is None  # a draft is no fact
    assert shown(FULL) is None


def codes(c: CaseFacts, today: date, days: int = 28) -> list[str]:
    generic = GenericJurisdiction(GenericOptions(retention_days=days))
    return [v.code for v in generic.assess(c, today) if v.code == "GEN_PHASE_CONTRADICTS_FACTS"]


@pytest.mark.parametrize(("recorded", "today", "flagged"), [
    (P.OFF_WORK, BACK - timedelta(days=1), False), (P.OFF_WORK, BACK, True),
    (P.RE_ENTRY, BACK - timedelta(days=1), True), (P.RE_ENTRY, BACK, False),
    (P.RE_ENTRY, FULL + timedelta(days=27), False), (P.RE_ENTRY, FULL + timedelta(days=28), True),
    (P.RETENTION, FULL + timedelta(days=27), True), (P.RETENTION, FULL + timedelta(days=28), False),
    (P.ADVANCEMENT, FULL + timedelta(days=27), True), (P.ADVANCEMENT, FULL + timedelta(days=28), False),
])  # fmt: skip
def test_a_recorded_phase_the_plan_contradicts_is_flagged(
    recorded: ReturnToWorkPhase, today: date, flagged: bool
) -> None:
    assert bool(codes(case(recorded, plan()), today)) is flagged


def test_no_plan_closed_cases_and_the_message() -> None:
    assert codes(case(P.RETENTION), FULL) == []
    closed = replace(case(P.OFF_WORK, plan()), status=CaseStatus.CLOSED)
    assert codes(closed, FULL) == []
    [found] = GenericJurisdiction().assess(case(P.OFF_WORK, plan()), FULL)
    assert found.field == ("phase",) and "back at work since 2026-02-02" in found.message
    assert "Young" in (found.legal_reference or "")


def test_the_orientation_asks_the_case_manager_to_update_the_phase() -> None:
    generic = GenericJurisdiction()
    steps = generic.orientation(case(P.OFF_WORK, plan()), (), FULL).next_steps
    [update] = [s for s in steps if s.title["en"].startswith("Update the phase")]
    assert update.responsible is R.CASE_MANAGER
    assert update.title["en"].startswith(
        "Update the phase to work re-entry: back at work since 2026-02-02"
    )
    agreeing = generic.orientation(case(P.RE_ENTRY, plan()), (), FULL).next_steps
    assert not any(s.title["en"].startswith("Update the phase") for s in agreeing)


def test_the_retention_period_is_a_plugin_option() -> None:
    [generic] = vocrehab_register_jurisdictions(PluginConfig({"generic": {"retention_days": 56}}))
    assert isinstance(generic, GenericJurisdiction) and generic.options.retention_days == 56
    assert GenericOptions().retention_days == 28
    for bad in (6, 366, True):
        with pytest.raises(ValueError, match="retention_days"):
            GenericOptions.from_mapping({"retention_days": bad})


PLAN = """mutation($c: ID!) { createPlan(input: {caseId: $c, title: "Tilbake", steps: [
  {startDate: "2026-02-02", endDate: "2026-02-22", workPercent: 50},
  {startDate: "2026-02-23", endDate: "2026-04-30", workPercent: 100}]}) { plan { id } userErrors { code } } }"""
ACTIVATE = """mutation($p: ID!) { activatePlan(input: {id: $p}) { plan { status } userErrors { code } } }"""
PHASE = """mutation($c: ID!, $phase: ReturnToWorkPhase!) { updateCase(input: {id: $c, phase: $phase}) {
  case { phase ruleViolations { code } orientation { nextSteps { title } } } userErrors { code } } }"""


async def test_the_phase_rule_through_graphql(api: Api, world: World, clock: Clock) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    employer = await world.actor(R.EMPLOYER)
    person = await world.participant()
    opened = await world.case(person, team={manager: R.CASE_MANAGER, employer: R.EMPLOYER},
                              sick_leave_start=date(2026, 1, 5))  # fmt: skip
    who = as_actor(manager)
    created = (await api.query(who, PLAN, c=gid(opened))).data["createPlan"]
    activated = await api.query(who, ACTIVATE, p=created["plan"]["id"])
    assert activated.data["activatePlan"]["plan"] == {"status": "ACTIVE"}
    view = (await api.query(admin(), PHASE, c=gid(opened), phase="OFF_WORK")).data["updateCase"]
    assert "GEN_PHASE_CONTRADICTS_FACTS" in [v["code"] for v in view["case"]["ruleViolations"]]
    assert any(s["title"].startswith("Update the phase to work re-entry") for s in
               view["case"]["orientation"]["nextSteps"])  # fmt: skip
    fixed = (await api.query(who, PHASE, c=gid(opened), phase="RE_ENTRY")).data["updateCase"]
    assert "GEN_PHASE_CONTRADICTS_FACTS" not in [v["code"] for v in fixed["case"]["ruleViolations"]]
    clock.advance(timedelta(days=21))  # 2026-03-23: full hours since 2026-02-23 for 28 days
    later = (await api.query(who, PHASE, c=gid(opened), phase="RE_ENTRY")).data["updateCase"]
    assert "GEN_PHASE_CONTRADICTS_FACTS" in [v["code"] for v in later["case"]["ruleViolations"]]

"""The phase of return to work the sick period in force shows (R28): a 100 % period is off
work, a part-time one re-entry; a phase that contradicts it is flagged, and the case
officer's first step on the map is to update it. After the recorded periods the facts say
nothing (the leave is projected while the phase says it goes on)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fk_cases import SE, START, case, day, periods
from fk_world import swedish_case, swedish_host, team
from support import Api, World, admin, as_actor, gid

from vocrehab.core.clock import Clock
from vocrehab.hooks import CaseFacts, CaseStatus, EmploymentStatus, ReturnToWorkPhase
from vocrehab.hooks.host import PluginHost
from vocrehab_fk_se.details import CaseDetails
from vocrehab_fk_se.phases import phase_from_periods

P = ReturnToWorkPhase
RULE = "FK_PHASE_CONTRADICTS_FACTS"


def shown(facts: CaseFacts, today: date) -> ReturnToWorkPhase | None:
    found = phase_from_periods(facts, CaseDetails.of(facts), today)
    return found.phase if found is not None else None


def flagged(facts: CaseFacts, today: date) -> bool:
    return RULE in [v.code for v in SE.assess(facts, today)]


WHOLE_THEN_HALF = periods((START, day(30), 100), (day(31), day(90), 50))


def test_the_period_in_force_shows_the_phase_on_each_side_of_its_first_day() -> None:
    facts = case(details=WHOLE_THEN_HALF)
    assert shown(facts, day(30)) is P.OFF_WORK  # the last day at 100 %
    assert shown(facts, day(31)) is P.RE_ENTRY  # the first day part time
    assert shown(facts, day(90)) is P.RE_ENTRY
    assert shown(facts, day(91)) is None  # after the recorded periods: nothing said
    assert shown(facts, START - timedelta(days=1)) is None


def test_a_phase_the_period_contradicts_is_flagged_from_that_day() -> None:
    off = case(details=WHOLE_THEN_HALF)
    assert not flagged(off, day(30)) and flagged(off, day(31))
    back = case(details=WHOLE_THEN_HALF, phase=P.RE_ENTRY)
    assert flagged(back, day(30)) and not flagged(back, day(31))
    [finding] = [v for v in SE.assess(off, day(40)) if v.code == RULE]
    assert "back at work part time since 2026-01-31" in finding.message
    assert finding.field == ("phase",)
    for beyond in (P.RETENTION, P.ADVANCEMENT):  # full hours, on a sick period
        assert flagged(case(details=WHOLE_THEN_HALF, phase=beyond), day(31))
        assert flagged(case(details=WHOLE_THEN_HALF, phase=beyond), day(30))
        assert not flagged(case(details=WHOLE_THEN_HALF, phase=beyond), day(91))


def test_full_leave_after_part_time_puts_the_person_off_work_again() -> None:
    facts = case(details=periods((START, day(20), 50), (day(21), day(40), 100)),
                 phase=P.RE_ENTRY)  # fmt: skip
    assert shown(facts, day(20)) is P.RE_ENTRY and shown(facts, day(21)) is P.OFF_WORK
    assert flagged(facts, day(21))


def test_back_at_work_counts_from_the_first_of_the_part_time_run() -> None:
    run = periods((START, day(10), 100), (day(11), day(20), 75), (day(21), day(40), 25))
    found = phase_from_periods(case(details=run), CaseDetails.of(case(details=run)), day(30))
    assert found is not None and found.back_at_work_on == day(11)


@pytest.mark.parametrize("employment", [EmploymentStatus.UNEMPLOYED, EmploymentStatus.STUDENT])
def test_without_a_job_the_periods_say_nothing_of_the_phase(employment: EmploymentStatus) -> None:
    facts = case(details=WHOLE_THEN_HALF, employment_status=employment, has_employer=False)
    assert shown(facts, day(40)) is None and not flagged(facts, day(40))


def test_the_map_asks_the_case_officer_to_update_the_phase() -> None:
    facts = case(details=WHOLE_THEN_HALF)
    steps = SE.orientation(facts, SE.milestones(facts), day(40)).next_steps
    assert (steps[0].title["en"], steps[0].responsible.value) == (
        "Update the phase to work re-entry: the sick period in force is part time",
        "CASE_MANAGER",
    )
    agreed = case(details=WHOLE_THEN_HALF, phase=P.RE_ENTRY)
    assert not any("phase" in s.title["en"] for s in
                   SE.orientation(agreed, SE.milestones(agreed), day(40)).next_steps)  # fmt: skip
    closed = SE.assess(case(details=WHOLE_THEN_HALF, status=CaseStatus.CLOSED), day(40))
    assert RULE not in [v.code for v in closed]


# --------------------------------------------------------------------------- through GraphQL


@pytest.fixture(scope="session")
def host() -> PluginHost:
    return swedish_host()


SICK = """mutation($input: FkRecordSickPeriodInput!) { fkRecordSickPeriod(input: $input) {
  userErrors { code } } }"""
PHASE = """mutation($c: ID!, $phase: ReturnToWorkPhase!) { updateCase(input: {id: $c, phase: $phase}) {
  case { phase } userErrors { code } } }"""
VIEW = """query($id: ID!) { node(id: $id) { ... on Case { phase
  ruleViolations { code legalReference }
  orientation(lang: "sv") { nextSteps { title responsible } } } } }"""


async def test_the_phase_follows_the_sick_periods_through_graphql(
    api: Api, world: World, clock: Clock
) -> None:
    crew = await team(world)
    opened = await swedish_case(world, crew, date(2026, 2, 1))  # today is 2026-03-02
    doctor, officer = as_actor(crew.doctor), as_actor(crew.manager)
    for start, end, degree in (("2026-02-01", "2026-03-01", 100), ("2026-03-02", "2026-04-30", 50)):
        recorded = await api.query(doctor, SICK, input={"caseId": gid(opened), "start": start,
                                                        "end": end, "degree": degree})  # fmt: skip
        assert recorded.data["fkRecordSickPeriod"]["userErrors"] == []
    view = (await api.query(admin(), VIEW, id=gid(opened))).data["node"]
    [finding] = [v for v in view["ruleViolations"] if v["code"] == RULE]
    assert "Young et al. (2005)" in finding["legalReference"]
    assert view["orientation"]["nextSteps"][0] == {
        "title": "Ändra fasen till «återgång»: sjukperioden i kraft är på deltid",
        "responsible": "CASE_MANAGER",
    }
    changed = await api.query(officer, PHASE, c=gid(opened), phase="RE_ENTRY")
    assert changed.data["updateCase"]["userErrors"] == []
    view = (await api.query(admin(), VIEW, id=gid(opened))).data["node"]
    assert RULE not in [v["code"] for v in view["ruleViolations"]]
    clock.advance(timedelta(days=60))  # 2026-05-01: after the recorded periods
    later = (await api.query(admin(), VIEW, id=gid(opened))).data["node"]
    assert RULE not in [v["code"] for v in later["ruleViolations"]]

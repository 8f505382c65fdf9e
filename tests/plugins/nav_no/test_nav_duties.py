"""Duties without a milestone on the orientation map, for the person who must act: the
updated follow-up plan the employer owes NAV a week before dialogue meeting 2 or 3 (R13),
the minutes of a held dialogue meeting (R20), and work on AAP over its limit (R17). Each
is a next step, and a blocker on the day its rule first reports it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from nav_cases import nav_case
from support import Api, World, admin, as_actor, as_participant
from test_nav_api import COMPLETE, FOLLOW_UP, SCHEDULE, norwegian_case, send
from test_nav_plan_and_minutes import MINUTES

from vocrehab.core.clock import Clock
from vocrehab.hooks import (
    BenefitFacts,
    CaseFacts,
    EmploymentStatus,
    MeetingFacts,
    MeetingStatus,
    NextStepInfo,
    StakeholderType,
)
from vocrehab_nav_no import NavJurisdiction

START = date(2026, 1, 5)
MEETING_ON = date(2026, 3, 16)  # dialogue meeting 2
DEADLINE = date(2026, 3, 9)  # a week before
PLAN = {"status": "AKTIV", "createdOn": "2026-01-20", "approvedOn": "2026-01-28"}
MEETING_2 = {"number": 2, "status": "INNKALT", "on": "2026-03-16", "invitedOn": "2026-02-20"}


def steps(case: CaseFacts, today: date) -> list[NextStepInfo]:
    nav = NavJurisdiction()
    return list(nav.orientation(case, nav.milestones(case), today).next_steps)


def blockers(case: CaseFacts, today: date) -> list[str]:
    """The blockers about the updated follow-up plan."""
    nav = NavJurisdiction()
    return [b["en"] for b in nav.orientation(case, nav.milestones(case), today).blockers
            if "updated follow-up plan" in b["en"]]  # fmt: skip


def found(case: CaseFacts, today: date) -> list[str]:
    return [v.code for v in NavJurisdiction().assess(case, today)]


def plan_steps(case: CaseFacts, today: date) -> list[tuple[str, StakeholderType, date | None]]:
    return [(s.title["en"], s.responsible, s.due_date) for s in steps(case, today)
            if "updated follow-up plan" in s.title["en"]]  # fmt: skip


SEND_PLAN = (
    "Send the updated follow-up plan to NAV before dialogue meeting 2 (2026-03-16)",
    StakeholderType.EMPLOYER,
    DEADLINE,
)


def test_the_plan_for_meeting_2_is_the_employers_step_and_a_blocker_the_day_the_rule_fires() -> (
    None
):
    case = nav_case(START, details={"followUpPlan": PLAN, "dialogueMeetings": [MEETING_2]})
    for day in (DEADLINE - timedelta(days=1), DEADLINE):  # the day before and the deadline
        assert plan_steps(case, day) == [SEND_PLAN]
        assert blockers(case, day) == []
        assert "NO_PLAN_TO_NAV_BEFORE_MEETING" not in found(case, day)
    after = DEADLINE + timedelta(days=1)
    assert plan_steps(case, after) == [SEND_PLAN]
    assert blockers(case, after) == [
        "The updated follow-up plan was due at NAV on 2026-03-09, a week before dialogue "
        "meeting 2 (the employer to act)."
    ]
    assert "NO_PLAN_TO_NAV_BEFORE_MEETING" in found(case, after)
    nb = NavJurisdiction().orientation(case, [], after)
    assert any(s.title["nb"] == "Send oppdatert oppfølgingsplan til NAV før dialogmøte 2 "
               "(16.3.2026)" for s in nb.next_steps)  # fmt: skip


def test_a_plan_sent_to_nav_leaves_nothing_to_do() -> None:
    for sent in ("2026-03-09", "2026-03-10"):  # in time, or late (which the rule still reports)
        plan = {**PLAN, "sharedWithNavOn": sent}
        case = nav_case(START, details={"followUpPlan": plan, "dialogueMeetings": [MEETING_2]})
        assert plan_steps(case, date(2026, 3, 11)) == []
        assert blockers(case, date(2026, 3, 11)) == []
    late = nav_case(START, details={"followUpPlan": {**PLAN, "sharedWithNavOn": "2026-03-10"},
                                    "dialogueMeetings": [MEETING_2]})  # fmt: skip
    assert "NO_PLAN_TO_NAV_BEFORE_MEETING" in found(late, date(2026, 3, 11))


def test_meeting_1_a_closed_meeting_and_someone_without_a_job_owe_no_plan() -> None:
    meeting_1 = {**MEETING_2, "number": 1}
    held = {**MEETING_2, "status": "FERDIGSTILT", "on": "2026-03-02", "heldOn": "2026-03-02"}
    for meetings in ([meeting_1], [held]):
        case = nav_case(START, details={"followUpPlan": PLAN, "dialogueMeetings": meetings})
        assert plan_steps(case, date(2026, 3, 10)) == []
    jobless = nav_case(START, details={"dialogueMeetings": [MEETING_2]},
                       employment_status=EmploymentStatus.UNEMPLOYED, has_employer=False)  # fmt: skip
    assert plan_steps(jobless, date(2026, 3, 10)) == []
    assert "NO_PLAN_TO_NAV_BEFORE_MEETING" not in found(jobless, date(2026, 3, 10))


def test_a_meeting_2_scheduled_as_a_team_meeting_sets_the_same_deadline() -> None:
    scheduled = MeetingFacts("m1", "no.dialogue_meeting_2", MeetingStatus.SCHEDULED, MEETING_ON)
    case = nav_case(START, details={"followUpPlan": PLAN}, meetings=(scheduled,))
    assert plan_steps(case, DEADLINE) == [SEND_PLAN]
    assert "NO_PLAN_TO_NAV_BEFORE_MEETING" not in found(case, DEADLINE)
    assert "NO_PLAN_TO_NAV_BEFORE_MEETING" in found(case, DEADLINE + timedelta(days=1))
    held = MeetingFacts("m1", "no.dialogue_meeting_2", MeetingStatus.HELD, MEETING_ON, MEETING_ON)
    done = nav_case(START, details={"followUpPlan": PLAN}, meetings=(held,))
    assert plan_steps(done, DEADLINE + timedelta(days=1)) == []


MINUTES_TEXT = {"situation": "Delvis i arbeid", "conclusion": "Øker til 60 %",
                "employeeTask": "Prøve 60 %", "employerTask": "Tilpasse vaktlister"}  # fmt: skip


def test_a_held_meeting_without_minutes_is_a_step_for_whoever_held_it() -> None:
    def minutes_steps(meeting: dict[str, Any]) -> list[tuple[str, StakeholderType]]:
        case = nav_case(START, details={"dialogueMeetings": [meeting]})
        return [(s.title["en"], s.responsible) for s in steps(case, date(2026, 3, 3))
                if "minutes" in s.title["en"]]  # fmt: skip

    held = {"number": 1, "status": "FERDIGSTILT", "on": "2026-03-02", "invitedOn": "2026-02-20",
            "heldOn": "2026-03-02"}  # fmt: skip
    assert minutes_steps(held) == [
        ("Write the minutes of dialogue meeting 1", StakeholderType.EMPLOYER)
    ]
    assert minutes_steps({**held, "number": 2}) == [
        ("Write the minutes of dialogue meeting 2", StakeholderType.CASE_MANAGER)
    ]
    written = {**held, "minutes": {"writtenOn": "2026-03-02", "situation": "Delvis i arbeid",
               "conclusion": "Øker", "employeeTask": "Prøve", "employerTask": "Tilpasse"}}  # fmt: skip
    assert minutes_steps(written) == []
    assert minutes_steps({**held, "status": "INNKALT", "heldOn": None}) == []


AAP_MONDAY = date(2026, 2, 16)
AAP = (BenefitFacts("a", "ARBEIDSAVKLARINGSPENGER", 100, date(2025, 9, 1)),)


def aap_steps(hours: float, today: date, **details: Any) -> list[str]:
    reports = [{"from": AAP_MONDAY.isoformat(), "hours": hours}]
    case = nav_case(None, details={"workReports": reports, **details}, benefits=AAP)
    return [s.title["en"] for s in steps(case, today) if s.responsible is StakeholderType.CASE_MANAGER
            and "No AAP" in s.title["en"]]  # fmt: skip


def test_work_over_the_aap_limit_is_navs_step_while_the_rule_reports_it() -> None:
    over = "No AAP for the reporting period from 2026-02-16: 46 hours is 61.3 % work, over the 60 % limit"
    assert aap_steps(46, AAP_MONDAY + timedelta(days=27)) == [over]
    assert aap_steps(46, AAP_MONDAY + timedelta(days=28)) == []  # as the rule: four weeks
    assert aap_steps(45, AAP_MONDAY) == []  # 60 % is within the limit
    assert aap_steps(46, AAP_MONDAY, aapStepUpFrom="2026-02-02") == []  # 80 % in the step-up
    case = nav_case(None, details={"workReports": [{"from": "2026-02-16", "hours": 46.5}]},
                    benefits=AAP)  # fmt: skip
    nb = NavJurisdiction().orientation(case, [], AAP_MONDAY).next_steps
    assert [s.title["nb"] for s in nb if "AAP" in s.title["nb"]] == [
        "Ingen AAP for meldeperioden fra 16.2.2026: 46,5 timer er 62 % arbeid, over grensen på 60 %"
    ]


# --------------------------------------------------------------------------- through GraphQL

MAP = """query($id: ID!) { node(id: $id) { ... on Case { ruleViolations { code }
  orientation(lang: "nb") { nextSteps { title responsible dueDate } blockers } } } }"""


async def _map(api: Api, who: Any, case: str) -> dict[str, Any]:
    return (await api.query(who, MAP, id=case)).data["node"]  # type: ignore[no-any-return]


async def test_the_plan_for_meeting_2_on_the_employers_map(
    api: Api, world: World, clock: Clock
) -> None:
    team = await norwegian_case(world)
    employer, nav = as_actor(team.employer), as_actor(team.manager)
    await send(api, employer, FOLLOW_UP, caseId=team.id, status="UNDER_ARBEID", on="2026-02-20")
    await send(api, employer, FOLLOW_UP, caseId=team.id, status="AKTIV", on="2026-02-27")
    called = await send(api, nav, SCHEDULE, caseId=team.id, number=2, on="2026-03-30",
                        invitedOn="2026-03-02")  # fmt: skip
    assert called["userErrors"] == []
    step = {"title": "Send oppdatert oppfølgingsplan til NAV før dialogmøte 2 (30.3.2026)",
            "responsible": "EMPLOYER", "dueDate": "2026-03-23"}  # fmt: skip
    clock.advance(timedelta(days=21))  # 2026-03-23, the deadline
    on_the_day = await _map(api, employer, team.id)
    assert step in on_the_day["orientation"]["nextSteps"]
    assert not any("oppfølgingsplan skulle" in b for b in on_the_day["orientation"]["blockers"])
    clock.advance(timedelta(days=1))
    late = await _map(api, employer, team.id)
    assert step in late["orientation"]["nextSteps"]
    assert any("Oppdatert oppfølgingsplan skulle vært hos NAV innen 23.3.2026" in b
               for b in late["orientation"]["blockers"])  # fmt: skip
    assert "NO_PLAN_TO_NAV_BEFORE_MEETING" in [
        v["code"] for v in (await _map(api, admin(), team.id))["ruleViolations"]
    ]
    sent = await send(api, employer, FOLLOW_UP, caseId=team.id, status="AKTIV", on="2026-03-24",
                      sharedWithNav=True)  # fmt: skip
    assert sent["userErrors"] == []
    done = await _map(api, employer, team.id)
    assert step not in done["orientation"]["nextSteps"]
    assert not any("oppfølgingsplan skulle" in b for b in done["orientation"]["blockers"])


async def test_the_minutes_of_meeting_1_on_the_employers_map(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    employer = as_actor(team.employer)
    await send(api, employer, SCHEDULE, caseId=team.id, number=1, on="2026-03-02",
               invitedOn="2026-02-23")  # fmt: skip
    await send(api, employer, COMPLETE, caseId=team.id, number=1, heldOn="2026-03-02")
    step = {"title": "Skriv referat fra dialogmøte 1", "responsible": "EMPLOYER", "dueDate": None}
    assert step in (await _map(api, employer, team.id))["orientation"]["nextSteps"]
    written = await send(api, employer, MINUTES, caseId=team.id, number=1, writtenOn="2026-03-02",
                         **MINUTES_TEXT)  # fmt: skip
    assert written["userErrors"] == []
    assert step not in (await _map(api, employer, team.id))["orientation"]["nextSteps"]


REPORT = """mutation($input: NavReportWorkInput!) { navReportWork(input: $input) {
  case { id } userErrors { code } } }"""
GRANT = """mutation($c: ID!) { grantBenefit(input: {caseId: $c, benefitTypeCode: "ARBEIDSAVKLARINGSPENGER",
  degree: 100, startDate: "2026-02-02"}) { benefitPeriod { id } userErrors { code } } }"""
ASSESS = """mutation($c: ID!) { recordAssessment(input: {caseId: $c, kind: "ARBEIDSEVNEVURDERING",
  assessedAt: "2026-02-01", workCapacityPercent: 40}) { userErrors { code } } }"""


async def test_work_over_the_aap_limit_on_navs_map_and_not_the_employers(
    api: Api, world: World
) -> None:
    team = await norwegian_case(world)
    nav = as_actor(team.manager)
    await api.query(as_actor(team.gp), ASSESS, c=team.id)
    assert (await api.query(nav, GRANT, c=team.id)).data["grantBenefit"]["userErrors"] == []
    await send(api, as_participant(team.person), REPORT, caseId=team.id,
               periodFrom="2026-02-16", hours=46)  # fmt: skip
    step = {"title": "Ingen AAP for meldeperioden fra 16.2.2026: 46 timer er 61,3 % arbeid, "
            "over grensen på 60 %", "responsible": "CASE_MANAGER", "dueDate": None}  # fmt: skip
    assert step in (await _map(api, nav, team.id))["orientation"]["nextSteps"]
    employers = (await _map(api, as_actor(team.employer), team.id))["orientation"]["nextSteps"]
    assert not any("AAP" in s["title"] for s in employers)  # the benefits are not theirs to see

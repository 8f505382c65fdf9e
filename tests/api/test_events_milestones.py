"""The case timeline, the milestones and what the jurisdiction says about a case,
as the clock moves: Case.events, Case.milestones, Case.orientation,
Case.ruleViolations and the `overdue` filter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from support import Api, World, admin, as_actor, as_participant, gid, settings

from vocrehab.app import create_app
from vocrehab.core.clock import Clock
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.hooks import CaseEventInfo, PluginInfo, hookimpl
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import EmploymentStatus
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab.ids import encode_global_id

CASE = """query($id: ID!) { node(id: $id) { ... on Case {
  milestones { code name(lang: "sv") dueDate status responsible legalReference }
  ruleViolations { code severity message legalReference }
  orientation { phase summary nextSteps { title responsible dueDate } blockers }
  events(first: 100) { totalCount edges { node { id at kind summary actor { id } } } }
} } }"""
OVERDUE = "{ cases(filter: {overdue: true}) { totalCount edges { node { id } } } }"


async def view(api: Api, case: m.Case) -> dict[str, Any]:
    return (await api.query(admin(), CASE, id=gid(case))).data["node"]


def managers(case: dict[str, Any]) -> list[dict[str, Any]]:
    """The case manager's milestones (the rest of the team has steps of its own)."""
    return [ms for ms in case["milestones"] if ms["responsible"] == "CASE_MANAGER"]


def statuses(case: dict[str, Any]) -> dict[str, str]:
    return {ms["code"]: ms["status"] for ms in managers(case)}


async def overdue_ids(api: Api) -> set[str]:
    result = await api.query(admin(), OVERDUE)
    connection = result.data["cases"]
    assert connection["totalCount"] == len(connection["edges"])
    return {edge["node"]["id"] for edge in connection["edges"]}


async def mutate(api: Api, who: Principal, query: str, **variables: Any) -> dict[str, Any]:
    """The payload of a mutation that must succeed (warnings allowed)."""
    [payload] = (await api.query(who, query, **variables)).data.values()
    [changed] = [value for key, value in payload.items() if key != "userErrors"]
    assert changed is not None, payload["userErrors"]
    return payload


NOTE = """mutation($id: ID!) { addCaseNote(input: {caseId: $id, body: "Called"}) {
  note { id } userErrors { code } } }"""
ADD = """mutation($id: ID!, $actor: ID!, $role: StakeholderType!) {
  addCaseTeamMember(input: {caseId: $id, actorId: $actor, role: $role}) {
  case { id } userErrors { code } } }"""
PLAN = """mutation($id: ID!, $steps: [PlanStepInput!]!) {
  createPlan(input: {caseId: $id, title: "Plan", steps: $steps}) { plan { id } userErrors { code } } }"""
ACTIVATE = (
    """mutation($id: ID!) { activatePlan(input: {id: $id}) { plan { id } userErrors { code } } }"""
)


# ---------------------------------------------------------------------- milestones


async def test_milestones_follow_the_clock_and_the_work_done(
    api: Api, world: World, clock: Clock
) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    employer = await world.actor(R.EMPLOYER)
    case = await world.case(
        await world.participant(),
        team={manager: R.CASE_MANAGER},
        employer=employer,
        sick_leave_start=date(2026, 2, 23),
    )
    opened = await view(api, case)
    # Soonest first. Sick leave started 23 Feb: the workplace is due 14 days later.
    assert [(ms["code"], ms["dueDate"], ms["status"]) for ms in managers(opened)] == [
        ("FIRST_CONTACT", "2026-03-07", "DUE"),
        ("WORKPLACE_CONTACT", "2026-03-09", "DUE"),
        ("PLAN", "2026-04-01", "UPCOMING"),
    ]
    first = managers(opened)[0]
    assert first["responsible"] == "CASE_MANAGER"
    assert first["legalReference"]
    # No Swedish text in the generic plugin: English is the fallback.
    assert {ms["name"] for ms in managers(opened)} == {
        "First contact with the participant",
        "Contact with the workplace",
        "Return-to-work plan in place",
    }
    assert await overdue_ids(api) == set()

    clock.advance(timedelta(days=6))  # 8 March
    assert statuses(await view(api, case)) == {
        "FIRST_CONTACT": "OVERDUE",
        "WORKPLACE_CONTACT": "DUE",
        "PLAN": "UPCOMING",
    }
    assert await overdue_ids(api) == {gid(case)}

    await mutate(api, as_actor(manager), NOTE, id=gid(case))
    assert statuses(await view(api, case))["FIRST_CONTACT"] == "MET"
    assert await overdue_ids(api) == set()

    clock.advance(timedelta(days=2))  # 10 March
    assert statuses(await view(api, case))["WORKPLACE_CONTACT"] == "OVERDUE"
    assert await overdue_ids(api) == {gid(case)}
    await mutate(api, admin(), ADD, id=gid(case), actor=gid(employer), role="EMPLOYER")
    assert statuses(await view(api, case))["WORKPLACE_CONTACT"] == "MET"
    assert await overdue_ids(api) == set()

    clock.advance(timedelta(days=16))  # 26 March: the plan is due within the week
    assert statuses(await view(api, case))["PLAN"] == "DUE"
    steps = [{"startDate": "2026-03-30", "endDate": "2026-05-24", "workPercent": 50}]
    plan = (await mutate(api, admin(), PLAN, id=gid(case), steps=steps))["plan"]
    await mutate(api, admin(), ACTIVATE, id=plan["id"])
    after = await view(api, case)
    assert statuses(after) == {
        "FIRST_CONTACT": "MET",
        "WORKPLACE_CONTACT": "MET",
        "PLAN": "MET",
        "REVIEW_1": "UPCOMING",
    }
    review = next(ms for ms in after["milestones"] if ms["code"] == "REVIEW_1")
    assert review["dueDate"] == "2026-06-24"  # 90 days after the activation


async def test_deadlines_count_in_the_deployments_days(
    api: Api, world: World, clock: Clock
) -> None:
    """Half past midnight in Oslo is still the day before in UTC; the case opened on
    the Oslo day, for its deadlines as for the openedAfter filter."""
    clock.set(datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    case = await world.case(await world.participant(), employment=EmploymentStatus.OTHER)
    due = {ms["code"]: ms["dueDate"] for ms in managers(await view(api, case))}
    assert due == {
        "FIRST_CONTACT": "2026-03-07",
        "WORKPLACE_CONTACT": "2026-03-16",
        "PLAN": "2026-04-01",
    }
    found = await api.query(
        admin(), '{ cases(filter: {openedAfter: "2026-03-02"}) { totalCount } }'
    )
    assert found.data["cases"]["totalCount"] == 1


async def test_the_orientation_counts_idle_days_in_the_deployments_days(
    api: Api, world: World, clock: Clock
) -> None:
    # Opened at 00:30 on 2 March in Oslo; 30 days later it is not yet stalled.
    clock.set(datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    case = await world.case(await world.participant(), employment=EmploymentStatus.OTHER)
    clock.set(datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    blockers = (await view(api, case))["orientation"]["blockers"]
    assert not any(b.startswith("Nothing has happened") for b in blockers), blockers


async def test_milestones_that_do_not_apply(api: Api, world: World, clock: Clock) -> None:
    case = await world.case(
        await world.participant(),
        employment=EmploymentStatus.UNEMPLOYED,
        details={"planDueDays": 10},
    )
    opened = await view(api, case)
    assert statuses(opened)["WORKPLACE_CONTACT"] == "NOT_APPLICABLE"
    # The case's own deadline wins over the deployment's.
    assert (
        next(ms for ms in opened["milestones"] if ms["code"] == "PLAN")["dueDate"] == "2026-03-12"
    )

    clock.advance(timedelta(days=60))
    assert statuses(await view(api, case)) == {
        "FIRST_CONTACT": "OVERDUE",
        "WORKPLACE_CONTACT": "NOT_APPLICABLE",
        "PLAN": "OVERDUE",
    }
    assert await overdue_ids(api) == {gid(case)}
    closed = await api.query(
        admin(),
        'mutation($id: ID!) { closeCase(input: {id: $id, reason: "Moved"}) { userErrors { code } } }',
        id=gid(case),
    )
    assert closed.data["closeCase"]["userErrors"] == []
    assert set(statuses(await view(api, case)).values()) == {"NOT_APPLICABLE"}
    assert await overdue_ids(api) == set()


# ---------------------------------------------------------------------- orientation and rules


async def test_orientation_and_rule_violations_come_from_the_plugin(
    api: Api, world: World, clock: Clock
) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    employer = await world.actor(R.EMPLOYER)
    case = await world.case(await world.participant(), employer=employer)

    fresh = await view(api, case)
    assert fresh["orientation"]["phase"] == "OFF_WORK"
    assert fresh["orientation"]["summary"].startswith("The case is open. Phase: off work.")
    assert "There is no active return-to-work plan." in fresh["orientation"]["summary"]
    assert [
        s["title"] for s in fresh["orientation"]["nextSteps"] if s["responsible"] == "CASE_MANAGER"
    ] == [
        "First contact with the participant",
        "Contact with the workplace",
        "Return-to-work plan in place",
        "Draft a return-to-work plan with the participant and the employer",
    ]
    assert fresh["orientation"]["nextSteps"][0]["dueDate"] == "2026-03-07"
    # Opened without a team: nobody coordinates it yet (a handover gap).
    assert [b[:45] for b in fresh["orientation"]["blockers"]] == [
        "Nobody on the team is the case manager; its o"
    ]
    warnings = {(v["code"], v["severity"]) for v in fresh["ruleViolations"]}
    assert warnings == {
        ("GEN_EMPLOYER_NOT_ON_TEAM", "WARNING"),
        ("GEN_CASE_MANAGER_MISSING", "WARNING"),
    }
    assert all(v["legalReference"] and v["message"] for v in fresh["ruleViolations"])

    for actor, role in ((manager, "CASE_MANAGER"), (employer, "EMPLOYER")):
        await mutate(api, admin(), ADD, id=gid(case), actor=gid(actor), role=role)
    steps = [{"startDate": "2026-03-02", "endDate": "2026-03-15", "workPercent": 40}]
    plan = (await mutate(api, admin(), PLAN, id=gid(case), steps=steps))["plan"]
    await mutate(api, admin(), ACTIVATE, id=plan["id"])
    staffed = await view(api, case)
    # staffed; the plan's first step (work at 40 % from today) now contradicts OFF_WORK (R28)
    assert [v["code"] for v in staffed["ruleViolations"]] == ["GEN_PHASE_CONTRADICTS_FACTS"]
    assert "(version 1) is active; the current step is 40 %" in staffed["orientation"]["summary"]

    # Weeks later the plan has run out, nothing has happened, and the first
    # contact never took place.
    clock.advance(timedelta(days=40))
    stale = await view(api, case)
    assert [v["code"] for v in stale["ruleViolations"]] == [
        "GEN_PLAN_ENDED",
        "GEN_PHASE_CONTRADICTS_FACTS",
    ]
    blockers = stale["orientation"]["blockers"]
    assert any("First contact with the participant was due on 2026-03-07" in b for b in blockers)
    assert any(b.startswith("Nothing has happened on the case for 40 days") for b in blockers)


# ---------------------------------------------------------------------- the timeline


async def test_the_timeline_tells_the_whole_story(api: Api, world: World, clock: Clock) -> None:
    """Every kind of change appends its event, oldest first, with who and when."""
    manager = await world.actor(R.CASE_MANAGER)
    clinician = await world.actor(R.CLINICIAN)
    employer = await world.actor(R.EMPLOYER)
    person = await world.participant()
    case = await world.case(person, employer=employer)
    cid = gid(case)

    async def step(who: Principal, query: str, **variables: Any) -> dict[str, Any]:
        clock.advance(timedelta(hours=1))
        payload = await mutate(api, who, query, **variables)
        [value] = [v for k, v in payload.items() if k != "userErrors"]
        return dict(value)

    ok = "userErrors { code }"
    await step(admin(), ADD, id=cid, actor=gid(manager), role="CASE_MANAGER")
    await step(admin(), ADD, id=cid, actor=gid(clinician), role="CLINICIAN")
    await step(admin(), ADD, id=cid, actor=gid(employer), role="EMPLOYER")
    await step(
        admin(),
        f"""mutation($id: ID!) {{ updateParticipant(input: {{id: $id, phone: "+4799999999"}}) {{
          participant {{ id }} {ok} }} }}""",
        id=gid(person),
    )
    update = f"""mutation($input: UpdateCaseInput!) {{ updateCase(input: $input) {{
      case {{ id }} {ok} }} }}"""
    await step(as_actor(manager), update, input={"id": cid, "phase": "RE_ENTRY"})
    await step(as_actor(manager), update, input={"id": cid, "status": "ON_HOLD"})
    await step(as_actor(manager), update, input={"id": cid, "status": "OPEN"})
    steps = [{"startDate": "2026-03-09", "endDate": "2026-04-05", "workPercent": 50}]
    first = await step(as_actor(manager), PLAN, id=cid, steps=steps)
    await step(
        as_actor(manager),
        f"""mutation($id: ID!) {{ updatePlan(input: {{id: $id, goal: "Own job"}}) {{
          plan {{ id }} {ok} }} }}""",
        id=first["id"],
    )
    approve = f"mutation($id: ID!) {{ approvePlan(input: {{id: $id}}) {{ plan {{ id }} {ok} }} }}"
    await step(as_participant(person), approve, id=first["id"])
    await step(as_actor(manager), ACTIVATE, id=first["id"])
    second = await step(as_actor(manager), PLAN, id=cid, steps=steps)
    await step(as_actor(manager), ACTIVATE, id=second["id"])
    await step(
        as_actor(clinician),
        f"""mutation($id: ID!) {{ recordAssessment(input: {{caseId: $id, kind: "WORK_CAPACITY",
          assessedAt: "2026-03-02", workCapacityPercent: 50}}) {{ assessment {{ id }} {ok} }} }}""",
        id=cid,
    )
    propose = f"""mutation($id: ID!) {{ proposeIntervention(input: {{caseId: $id,
      typeCode: "JOB_COACHING"}}) {{ intervention {{ id }} {ok} }} }}"""
    change = f"""mutation($id: ID!, $status: InterventionStatus!) {{
      changeInterventionStatus(input: {{id: $id, status: $status}}) {{ intervention {{ id }} {ok} }} }}"""
    coaching = await step(as_actor(manager), propose, id=cid)
    for status in ("REFERRED", "ACTIVE", "COMPLETED"):
        await step(as_actor(manager), change, id=coaching["id"], status=status)
    declined = await step(as_actor(manager), propose, id=cid)
    await step(as_actor(manager), change, id=declined["id"], status="DISCONTINUED")
    period = await step(
        as_actor(manager),
        f"""mutation($id: ID!) {{ grantBenefit(input: {{caseId: $id,
          benefitTypeCode: "SICKNESS_BENEFIT", degree: 50, startDate: "2026-03-02"}}) {{
          benefitPeriod {{ id }} {ok} }} }}""",
        id=cid,
    )
    await step(
        as_actor(manager),
        f"""mutation($id: ID!) {{ endBenefit(input: {{id: $id, endDate: "2026-03-03"}}) {{
          benefitPeriod {{ id }} {ok} }} }}""",
        id=period["id"],
    )
    await step(as_actor(manager), NOTE, id=cid)
    await step(
        admin(),
        f"""mutation($id: ID!, $actor: ID!) {{ removeCaseTeamMember(input: {{caseId: $id,
          actorId: $actor}}) {{ case {{ id }} {ok} }} }}""",
        id=cid,
        actor=gid(clinician),
    )
    clock.advance(timedelta(days=2))
    close = f"""mutation($id: ID!) {{ closeCase(input: {{id: $id, reason: "Back at work"}}) {{
      case {{ id }} {ok} }} }}"""
    await step(as_actor(manager), close, id=cid)
    await step(as_actor(manager), update, input={"id": cid, "status": "OPEN"})

    timeline = [edge["node"] for edge in (await view(api, case))["events"]["edges"]]
    participant_actor = encode_global_id("Actor", person.actor_id)
    assert [(e["kind"], (e["actor"] or {}).get("id")) for e in timeline] == [
        ("case.opened", None),  # an admin token acts as no actor
        ("team.member_added", None),
        ("team.member_added", None),
        ("team.member_added", None),
        ("participant.updated", None),
        ("case.phase_changed", gid(manager)),
        ("case.updated", gid(manager)),
        ("case.updated", gid(manager)),
        ("plan.created", gid(manager)),
        ("plan.updated", gid(manager)),
        ("plan.approved", participant_actor),
        ("plan.activated", gid(manager)),
        ("plan.created", gid(manager)),
        ("plan.superseded", gid(manager)),
        ("plan.activated", gid(manager)),
        ("assessment.recorded", gid(clinician)),
        ("intervention.proposed", gid(manager)),
        ("intervention.referred", gid(manager)),
        ("intervention.active", gid(manager)),
        ("intervention.completed", gid(manager)),
        ("intervention.proposed", gid(manager)),
        ("intervention.discontinued", gid(manager)),
        ("benefit.granted", gid(manager)),
        ("benefit.ended", gid(manager)),
        ("note.added", gid(manager)),
        ("team.member_removed", None),
        ("plan.completed", gid(manager)),  # closing winds the active plan down
        ("case.closed", gid(manager)),
        ("case.reopened", gid(manager)),
    ]
    # Each event is stamped with the clock of its change, in order.
    stamps = [e["at"] for e in timeline]
    assert stamps == sorted(stamps)
    assert stamps[0].startswith("2026-03-02T09:00:00")
    assert stamps[-1].startswith("2026-03-05T")


# ---------------------------------------------------------------------- plugins hear of commits


@pytest.fixture
async def listening(
    db: Database, clock: Clock
) -> AsyncIterator[tuple[Api, World, list[CaseEventInfo]]]:
    heard: list[CaseEventInfo] = []
    listener = SimpleNamespace(
        vocrehab_on_case_event=hookimpl(lambda event: heard.append(event)),
    )
    host = PluginHost.load(
        allow=["generic", "listener"],
        extra=[("listener", listener, PluginInfo("vocrehab-listener", "0"))],
    )
    application = create_app(settings(), host=host, clock=clock, database=db)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(
            transport=transport, base_url="https://vocrehab.test"
        ) as client:
            yield Api(application, client, clock), World(db, host, clock), heard


async def test_plugins_hear_of_committed_events_only(
    listening: tuple[Api, World, list[CaseEventInfo]],
) -> None:
    api, world, heard = listening
    manager = await world.actor(R.CASE_MANAGER)
    case = await world.case(await world.participant(), team={manager: R.CASE_MANAGER})
    dispatcher = api.app.state.services.dispatcher
    await dispatcher.drain()
    assert {e.kind for e in heard} == {"case.opened", "team.member_added"}  # the services' events
    heard.clear()

    payload = await mutate(api, as_actor(manager), NOTE, id=gid(case))
    assert payload["note"] is not None
    assert heard == []  # committed, in the outbox: the dispatcher hands it on
    await dispatcher.drain()
    [event] = heard
    assert (event.kind, event.case_id, event.jurisdiction) == ("note.added", gid(case), "generic")
    assert event.actor_id == gid(manager)
    timeline = (await view(api, case))["events"]["edges"]
    assert event.id == timeline[-1]["node"]["id"]

    refused = await api.query(
        as_actor(manager),
        'mutation($id: ID!) { addCaseNote(input: {caseId: $id, body: " "}) { userErrors { code } } }',
        id=gid(case),
    )
    assert refused.data["addCaseNote"]["userErrors"] == [{"code": "INVALID_INPUT"}]
    await dispatcher.drain()
    assert len(heard) == 1

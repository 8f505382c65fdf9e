"""openCase, updateCase and closeCase through the GraphQL API: what they return,
what they leave behind, and how they refuse what they must not do."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from support import Api, World, admin, as_actor, gid, uid

from vocrehab.core import benefits, interventions, plans
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.hooks.vocabulary import EmploymentStatus
from vocrehab.hooks.vocabulary import InterventionStatus as S
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab.ids import decode_global_id

ERRORS = "userErrors { field code message rule { code severity legalReference } }"
CASE = """
  id reference status phase employmentStatus sickLeaveStart openedAt closedAt closureReason
  employer { id name }
  participant { id }
  jurisdiction { code }
  team { actor { id } role since until }
  jurisdictionDetails { jurisdictionCode ... on GenericCaseDetails { referralSource planDueDays } }
"""
OPEN = f"mutation($input: OpenCaseInput!) {{ openCase(input: $input) {{ case {{ {CASE} }} {ERRORS} }} }}"
UPDATE = f"mutation($input: UpdateCaseInput!) {{ updateCase(input: $input) {{ case {{ {CASE} }} {ERRORS} }} }}"
CLOSE = f"mutation($input: CloseCaseInput!) {{ closeCase(input: $input) {{ case {{ {CASE} }} {ERRORS} }} }}"
READ = f"""query($id: ID!) {{ node(id: $id) {{ ... on Case {{ {CASE}
  events(first: 100) {{ totalCount edges {{ node {{ kind summary actor {{ id }} }} }} }}
  plans(first: 10) {{ edges {{ node {{ id status }} }} }}
  interventions(first: 10) {{ edges {{ node {{ id status outcome }} }} }}
  milestones {{ code status }}
}} }} }}"""

PLAN = """mutation($input: CreatePlanInput!) {
  createPlan(input: $input) { plan { id } userErrors { code } } }"""


async def open_case(api: Api, who: Principal, **fields: Any) -> dict[str, Any]:
    result = await api.query(who, OPEN, input=fields)
    return result.data["openCase"]


async def read(api: Api, case_id: str) -> dict[str, Any]:
    return (await api.query(admin(), READ, id=case_id)).data["node"]


def kinds(case: dict[str, Any]) -> list[str]:
    return [edge["node"]["kind"] for edge in case["events"]["edges"]]


def error(payload: dict[str, Any]) -> dict[str, Any]:
    """The one userError of a payload that must have failed."""
    assert payload.get("case") is None
    assert len(payload["userErrors"]) == 1, payload["userErrors"]
    return payload["userErrors"][0]


async def plan(world: World, case: m.Case) -> str:
    """A draft plan, made through the services (plans are tested in test_plans)."""
    step = plans.PlanStep(date(2026, 3, 9), date(2026, 4, 5), 50)
    cmd = plans.CreatePlan(case.id, "Plan", [step])
    return gid(await world.do(admin(), lambda w: plans.create_plan(w, cmd)))


async def intervention(world: World, case: m.Case) -> str:
    cmd = interventions.ProposeIntervention(case.id, "IPS")
    return gid(await world.do(admin(), lambda w: interventions.propose_intervention(w, cmd)))


# ---------------------------------------------------------------------- openCase


async def test_open_case_returns_the_case_and_records_it(api: Api, world: World) -> None:
    person = await world.participant()
    employer = await world.actor(R.EMPLOYER, "Acme AS")
    payload = await open_case(
        api,
        admin(),
        participantId=gid(person),
        employmentStatus="EMPLOYED",
        employerId=gid(employer),
        sickLeaveStart="2026-02-20",
        phase="RE_ENTRY",
        details={"referralSource": "  GP  ", "planDueDays": 21},
    )
    assert payload["userErrors"] == []
    case = payload["case"]
    assert case["reference"] == "GEN-2026-000001"
    assert case["status"] == "OPEN"
    assert case["phase"] == "RE_ENTRY"
    assert case["employmentStatus"] == "EMPLOYED"
    assert case["sickLeaveStart"] == "2026-02-20"
    assert case["openedAt"].startswith("2026-03-02T09:00:00")
    assert case["closedAt"] is None and case["closureReason"] is None
    assert case["employer"] == {"id": gid(employer), "name": "Acme AS"}
    assert case["participant"]["id"] == gid(person)
    assert case["jurisdiction"]["code"] == "generic"
    # Details are normalized by the plugin and presented through its own type.
    assert case["jurisdictionDetails"] == {
        "jurisdictionCode": "generic",
        "referralSource": "GP",
        "planDueDays": 21,
    }
    # An admin is no actor: it does not join the team it opens a case for.
    assert case["team"] == []

    stored = await read(api, case["id"])
    assert {k: stored[k] for k in case} == case
    assert kinds(stored) == ["case.opened"]
    assert stored["events"]["edges"][0]["node"]["summary"] == "Case GEN-2026-000001 opened"


async def test_references_count_up(api: Api, world: World) -> None:
    person = await world.participant()
    first = await open_case(api, admin(), participantId=gid(person), employmentStatus="OTHER")
    second = await open_case(api, admin(), participantId=gid(person), employmentStatus="OTHER")
    assert first["case"]["reference"] == "GEN-2026-000001"
    assert second["case"]["reference"] == "GEN-2026-000002"


async def test_a_case_manager_who_opens_a_case_joins_its_team(api: Api, world: World) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    # A case manager sees the participants it registered.
    registered = await api.query(
        as_actor(manager),
        """mutation { registerParticipant(input: {jurisdiction: "generic", givenName: "Ada",
            familyName: "Berg"}) { participant { id } userErrors { code } } }""",
    )
    person_id = registered.data["registerParticipant"]["participant"]["id"]
    payload = await open_case(
        api, as_actor(manager), participantId=person_id, employmentStatus="UNEMPLOYED"
    )
    assert payload["userErrors"] == []
    case = payload["case"]
    assert case["team"] == [
        {
            "actor": {"id": gid(manager)},
            "role": "CASE_MANAGER",
            "since": "2026-03-02",
            "until": None,
        }
    ]
    stored = await read(api, case["id"])
    assert kinds(stored) == ["case.opened", "team.member_added"]
    assert {e["node"]["actor"]["id"] for e in stored["events"]["edges"]} == {gid(manager)}


async def test_open_case_refuses_unknown_and_malformed_participants(api: Api, world: World) -> None:
    other = await world.actor(R.EMPLOYER)
    for participant_id in (gid(other), "PAR_" + "A" * 22):
        payload = await open_case(
            api, admin(), participantId=participant_id, employmentStatus="EMPLOYED"
        )
        problem = error(payload)
        assert problem["code"] == "NOT_FOUND", participant_id
        assert problem["field"] == ["input", "participantId"]
    malformed = {"participantId": "PAR_nonsense", "employmentStatus": "EMPLOYED"}
    assert (await api.query(admin(), OPEN, input=malformed)).bad_input == [
        "input",
        "participantId",
    ]


async def test_open_case_checks_the_employer(api: Api, world: World) -> None:
    person = await world.participant()
    clinician = await world.actor(R.CLINICIAN)
    employer = await world.actor(R.EMPLOYER)

    payload = await open_case(
        api,
        admin(),
        participantId=gid(person),
        employmentStatus="EMPLOYED",
        employerId=gid(clinician),
    )
    assert error(payload)["field"] == ["input", "employerId"]
    assert error(payload)["code"] == "INVALID_INPUT"

    payload = await open_case(
        api, admin(), participantId=gid(person), employmentStatus="EMPLOYED",
        employerId="ACT_" + "A" * 22,
    )  # fmt: skip
    assert (error(payload)["code"], error(payload)["field"]) == (
        "NOT_FOUND",
        ["input", "employerId"],
    )
    malformed = {
        "participantId": gid(person),
        "employmentStatus": "EMPLOYED",
        "employerId": "ACT_x",
    }
    assert (await api.query(admin(), OPEN, input=malformed)).bad_input == ["input", "employerId"]

    # Someone without a job has no employer.
    payload = await open_case(
        api,
        admin(),
        participantId=gid(person),
        employmentStatus="UNEMPLOYED",
        employerId=gid(employer),
    )
    assert (error(payload)["code"], error(payload)["field"]) == (
        "INVALID_INPUT",
        ["input", "employerId"],
    )


async def test_open_case_reports_every_bad_details_field(api: Api, world: World) -> None:
    person = await world.participant()
    payload = await open_case(
        api,
        admin(),
        participantId=gid(person),
        employmentStatus="EMPLOYED",
        details={"planDueDays": 0, "colour": "blue"},
    )
    assert payload["case"] is None
    found = {(tuple(e["field"]), e["code"], e["rule"]["code"]) for e in payload["userErrors"]}
    assert found == {
        (("input", "details", "planDueDays"), "RULE_VIOLATION", "GEN_DETAILS_INVALID"),
        (("input", "details", "colour"), "RULE_VIOLATION", "GEN_DETAILS_UNKNOWN_FIELD"),
    }
    assert all(e["rule"]["severity"] == "ERROR" for e in payload["userErrors"])
    assert all(e["rule"]["legalReference"] for e in payload["userErrors"])
    assert (await api.query(admin(), "{ cases { totalCount } }")).data["cases"]["totalCount"] == 0


# ---------------------------------------------------------------------- updateCase


async def test_a_phase_change_is_its_own_event(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    payload = (await api.query(admin(), UPDATE, input={"id": gid(case), "phase": "RE_ENTRY"})).data
    assert payload["updateCase"]["userErrors"] == []
    assert payload["updateCase"]["case"]["phase"] == "RE_ENTRY"
    stored = await read(api, gid(case))
    assert stored["phase"] == "RE_ENTRY"
    assert kinds(stored)[-1] == "case.phase_changed"


async def test_update_case_changes_only_what_was_sent(api: Api, world: World) -> None:
    employer = await world.actor(R.EMPLOYER)
    case = await world.case(
        await world.participant(), employer=employer, details={"referralSource": "GP"}
    )
    payload = (
        await api.query(
            admin(),
            UPDATE,
            input={"id": gid(case), "status": "ON_HOLD", "details": {"planDueDays": 10}},
        )
    ).data["updateCase"]
    assert payload["userErrors"] == []
    updated = payload["case"]
    assert updated["status"] == "ON_HOLD"
    assert updated["phase"] == "OFF_WORK"
    assert updated["employer"]["id"] == gid(employer)
    # Details merge: the key not sent stays.
    assert updated["jurisdictionDetails"]["referralSource"] == "GP"
    assert updated["jurisdictionDetails"]["planDueDays"] == 10
    assert kinds(await read(api, gid(case)))[-1] == "case.updated"

    # A key sent as null is removed; employer and employment change together.
    payload = (
        await api.query(
            admin(),
            UPDATE,
            input={
                "id": gid(case),
                "details": {"referralSource": None},
                "employmentStatus": "UNEMPLOYED",
                "employerId": None,
            },
        )
    ).data["updateCase"]
    assert payload["userErrors"] == []
    assert payload["case"]["jurisdictionDetails"]["referralSource"] is None
    assert payload["case"]["employmentStatus"] == "UNEMPLOYED"
    assert payload["case"]["employer"] is None


async def test_an_update_that_changes_nothing_records_nothing(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    payload = (await api.query(admin(), UPDATE, input={"id": gid(case), "phase": "OFF_WORK"})).data[
        "updateCase"
    ]
    assert payload["userErrors"] == []
    assert kinds(await read(api, gid(case))) == ["case.opened"]


async def test_update_case_refuses_bad_input(api: Api, world: World) -> None:
    employer = await world.actor(R.EMPLOYER)
    case = await world.case(await world.participant(), employer=employer)

    async def problem(**fields: Any) -> tuple[str, list[str] | None]:
        payload = (await api.query(admin(), UPDATE, input={"id": gid(case), **fields})).data
        found = error(payload["updateCase"])
        return found["code"], found["field"]

    # Closing needs a reason: only closeCase closes.
    assert await problem(status="CLOSED") == ("INVALID_INPUT", ["input", "status"])
    # An employer set, and the participant no longer employed.
    assert await problem(employmentStatus="STUDENT") == (
        "INVALID_INPUT",
        ["input", "employmentStatus"],
    )
    assert await problem(employerId=gid(case)) == ("NOT_FOUND", ["input", "employerId"])
    malformed = {"id": gid(case), "employerId": "ACT_nope"}
    assert (await api.query(admin(), UPDATE, input=malformed)).bad_input == ["input", "employerId"]
    assert await problem(details={"reviewIntervalDays": 3}) == (
        "RULE_VIOLATION",
        ["input", "details", "reviewIntervalDays"],
    )
    unknown = {"id": "CAS_" + "A" * 22, "phase": "RE_ENTRY"}
    missing = (await api.query(admin(), UPDATE, input=unknown)).data
    assert error(missing["updateCase"])["code"] == "NOT_FOUND"
    assert error(missing["updateCase"])["field"] == ["input", "id"]
    malformed = {"id": "CAS_x", "phase": "RE_ENTRY"}
    assert (await api.query(admin(), UPDATE, input=malformed)).bad_input == ["input", "id"]
    assert kinds(await read(api, gid(case))) == ["case.opened"]


# ---------------------------------------------------------------------- closeCase


async def test_close_case_winds_the_case_down(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    active = await plan(world, case)
    await world.do(admin(), lambda w: plans.activate_plan(w, uid(active)))
    draft = await plan(world, case)
    proposal = await intervention(world, case)

    payload = (
        await api.query(admin(), CLOSE, input={"id": gid(case), "reason": "  Back at work  "})
    ).data["closeCase"]
    assert payload["userErrors"] == []
    closed = payload["case"]
    assert closed["status"] == "CLOSED"
    assert closed["closedAt"].startswith("2026-03-02T09:00:00")
    assert closed["closureReason"] == "Back at work"

    stored = await read(api, gid(case))
    assert kinds(stored)[-1] == "case.closed"
    statuses = {e["node"]["id"]: e["node"]["status"] for e in stored["plans"]["edges"]}
    assert statuses == {active: "COMPLETED", draft: "CANCELLED"}
    [offer] = [e["node"] for e in stored["interventions"]["edges"]]
    assert offer["id"] == proposal
    assert offer["status"] == "DISCONTINUED"
    assert offer["outcome"] == "Case closed before referral"
    # Nothing is due on a closed case, except what was met before it closed.
    assert {ms["code"]: ms["status"] for ms in stored["milestones"]} == {
        "FIRST_CONTACT": "NOT_APPLICABLE",
        "WORKPLACE_CONTACT": "NOT_APPLICABLE",
        "PLAN": "MET",
        "REVIEW_1": "NOT_APPLICABLE",
        "WORK_CAPACITY_ASSESSMENT": "NOT_APPLICABLE",
        "CASE_CONFERENCE": "NOT_APPLICABLE",
        "WORK_MEASURE": "MET",  # the proposal made before it closed
    }


async def test_close_case_refuses_a_closed_case_and_a_blank_reason(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    blank = (await api.query(admin(), CLOSE, input={"id": gid(case), "reason": "  "})).data
    assert error(blank["closeCase"])["field"] == ["input", "reason"]
    assert error(blank["closeCase"])["code"] == "INVALID_INPUT"

    first = (await api.query(admin(), CLOSE, input={"id": gid(case), "reason": "Done"})).data
    assert first["closeCase"]["userErrors"] == []
    again = (await api.query(admin(), CLOSE, input={"id": gid(case), "reason": "Done"})).data
    assert error(again["closeCase"])["code"] == "INVALID_STATE"
    assert kinds(await read(api, gid(case))).count("case.closed") == 1


async def close(api: Api, case: m.Case) -> dict[str, Any]:
    result = await api.query(admin(), CLOSE, input={"id": gid(case), "reason": "Done"})
    return result.data["closeCase"]


async def test_close_case_waits_for_running_interventions(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    offer = await intervention(world, case)
    for status in (S.REFERRED, S.ACTIVE):
        change = interventions.ChangeStatus(uid(offer), status)
        await world.do(admin(), lambda w, c=change: interventions.change_status(w, c))
        assert error(await close(api, case))["code"] == "INVALID_STATE", status
    done = interventions.ChangeStatus(uid(offer), S.COMPLETED)
    await world.do(admin(), lambda w: interventions.change_status(w, done))
    assert (await close(api, case))["userErrors"] == []


@pytest.mark.parametrize(
    ("end", "closes"),
    [
        (None, False),
        # Ending after today, it is still being paid, as endBenefit sees it too.
        (date(2026, 6, 30), False),
        (date(2026, 3, 2), True),
    ],
    ids=["open", "ends-later", "ended-today"],
)
async def test_close_case_waits_for_benefits_still_paid(
    api: Api, world: World, end: date | None, closes: bool
) -> None:
    case = await world.case(await world.participant())
    grant = benefits.GrantBenefit(case.id, "SICKNESS_BENEFIT", 100, date(2026, 2, 1), end)
    await world.do(admin(), lambda w: benefits.grant_benefit(w, grant))
    payload = await close(api, case)
    if closes:
        assert payload["userErrors"] == []
    else:
        assert error(payload)["code"] == "INVALID_STATE"


# ---------------------------------------------------------------------- reopening


async def test_a_closed_case_is_reopened_with_status_open(api: Api, world: World) -> None:
    case = await world.case(await world.participant(), employment=EmploymentStatus.OTHER)
    closed = (await api.query(admin(), CLOSE, input={"id": gid(case), "reason": "Done"})).data
    assert closed["closeCase"]["userErrors"] == []

    # Anything but reopening is refused while it is closed.
    refused = (await api.query(admin(), UPDATE, input={"id": gid(case), "phase": "RE_ENTRY"})).data
    assert error(refused["updateCase"])["code"] == "INVALID_STATE"
    on_hold = (await api.query(admin(), UPDATE, input={"id": gid(case), "status": "ON_HOLD"})).data
    assert error(on_hold["updateCase"])["code"] == "INVALID_STATE"

    payload = (await api.query(admin(), UPDATE, input={"id": gid(case), "status": "OPEN"})).data
    assert payload["updateCase"]["userErrors"] == []
    reopened = payload["updateCase"]["case"]
    assert reopened["status"] == "OPEN"
    assert reopened["closedAt"] is None and reopened["closureReason"] is None
    stored = await read(api, gid(case))
    assert kinds(stored) == ["case.opened", "case.closed", "case.reopened"]
    # Deadlines apply again once the case is open.
    assert {ms["code"]: ms["status"] for ms in stored["milestones"]} == {
        "FIRST_CONTACT": "DUE",
        "WORKPLACE_CONTACT": "NOT_APPLICABLE",
        "PLAN": "UPCOMING",
        "WORK_CAPACITY_ASSESSMENT": "UPCOMING",
        "CASE_CONFERENCE": "UPCOMING",
        "WORK_MEASURE": "NOT_APPLICABLE",
    }
    # And the case can be worked on again.
    again = (
        await api.query(admin(), PLAN, input={"caseId": gid(case), "title": "Again", "steps": []})
    ).data["createPlan"]
    assert again["userErrors"] == []


async def test_cases_are_visible_in_the_caseload(api: Api, world: World, db: Database) -> None:
    person = await world.participant()
    opened = await open_case(api, admin(), participantId=gid(person), employmentStatus="EMPLOYED")
    result = await api.query(
        admin(),
        "query($p: ID!) { cases(filter: {participantId: $p}) { totalCount edges { node { id } } } }",
        p=gid(person),
    )
    assert result.data["cases"]["totalCount"] == 1
    assert result.data["cases"]["edges"][0]["node"]["id"] == opened["case"]["id"]
    async with db.session() as session:
        row = await session.get(m.Case, decode_global_id(opened["case"]["id"], "Case")[1])
        assert row is not None and row.next_due_date == date(2026, 3, 7)

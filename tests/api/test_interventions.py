"""proposeIntervention and changeInterventionStatus through the GraphQL API, with
the whole state machine: every legal transition works, every other one is
INVALID_STATE and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from support import Api, World, admin, gid, uid

from vocrehab.core import interventions
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import InterventionStatus as S
from vocrehab.hooks.vocabulary import StakeholderType as R

ERRORS = "userErrors { field code message rule { code severity legalReference } }"
INTERVENTION = """id status startDate plannedEndDate endDate hoursPerWeek outcome createdAt
  case { id } provider { id } type { code name legalReference }"""
PROPOSE = f"""mutation($input: ProposeInterventionInput!) {{
  proposeIntervention(input: $input) {{ intervention {{ {INTERVENTION} }} {ERRORS} }} }}"""
CHANGE = f"""mutation($input: ChangeInterventionStatusInput!) {{
  changeInterventionStatus(input: $input) {{ intervention {{ {INTERVENTION} }} {ERRORS} }} }}"""
READ = """query($id: ID!) { node(id: $id) { ... on Intervention { status endDate outcome } } }"""
CASE = """query($id: ID!) { node(id: $id) { ... on Case {
  interventions(first: 50) { totalCount edges { node { id status } } }
  events(first: 100) { edges { node { kind summary } } } } } }"""

ALLOWED = {
    (S.PROPOSED, S.REFERRED),
    (S.PROPOSED, S.DISCONTINUED),
    (S.REFERRED, S.ACTIVE),
    (S.REFERRED, S.DISCONTINUED),
    (S.ACTIVE, S.COMPLETED),
    (S.ACTIVE, S.DISCONTINUED),
}
# How to bring a new intervention into each state.
PATH = {
    S.PROPOSED: [],
    S.REFERRED: [S.REFERRED],
    S.ACTIVE: [S.REFERRED, S.ACTIVE],
    S.COMPLETED: [S.REFERRED, S.ACTIVE, S.COMPLETED],
    S.DISCONTINUED: [S.DISCONTINUED],
}


async def propose(api: Api, case: m.Case, **fields: Any) -> dict[str, Any]:
    given = {"caseId": gid(case), "typeCode": "WORK_TRIAL", **fields}
    return (await api.query(admin(), PROPOSE, input=given)).data["proposeIntervention"]


async def change(api: Api, intervention_id: str, status: S, **fields: Any) -> dict[str, Any]:
    given = {"id": intervention_id, "status": status.value, **fields}
    return (await api.query(admin(), CHANGE, input=given)).data["changeInterventionStatus"]


async def in_state(world: World, case: m.Case, state: S) -> str:
    """A new intervention, brought to `state` by legal steps (through the services:
    the steps themselves are tested through the API below)."""
    cmd = interventions.ProposeIntervention(case.id, "WORK_TRIAL")
    made = gid(await world.do(admin(), lambda w: interventions.propose_intervention(w, cmd)))
    for step in PATH[state]:
        change = interventions.ChangeStatus(uid(made), step)
        await world.do(admin(), lambda w, c=change: interventions.change_status(w, c))
    return made


async def case_view(api: Api, case: m.Case) -> dict[str, Any]:
    return (await api.query(admin(), CASE, id=gid(case))).data["node"]


def kinds(view: dict[str, Any]) -> list[str]:
    return [edge["node"]["kind"] for edge in view["events"]["edges"]]


def statuses(view: dict[str, Any]) -> dict[str, str]:
    return {e["node"]["id"]: e["node"]["status"] for e in view["interventions"]["edges"]}


def only(payload: dict[str, Any]) -> tuple[str, list[str] | None]:
    assert payload["intervention"] is None
    [error] = payload["userErrors"]
    return error["code"], error["field"]


# ---------------------------------------------------------------------- proposing


async def test_propose_an_intervention(api: Api, world: World) -> None:
    provider = await world.actor(R.PROVIDER)
    case = await world.case(await world.participant())
    payload = await propose(
        api,
        case,
        typeCode="IPS",
        providerId=gid(provider),
        startDate="2026-03-16",
        plannedEndDate="2026-09-30",
        hoursPerWeek=6.5,
        details={"goal": " A job in retail "},
    )
    assert payload["userErrors"] == []
    intervention = payload["intervention"]
    assert intervention == {
        "id": intervention["id"],
        "status": "PROPOSED",
        "startDate": "2026-03-16",
        "plannedEndDate": "2026-09-30",
        "endDate": None,
        "hoursPerWeek": 6.5,
        "outcome": None,
        "createdAt": intervention["createdAt"],
        "case": {"id": gid(case)},
        "provider": {"id": gid(provider)},
        "type": {
            "code": "IPS",
            "name": "Individual Placement and Support (IPS)",
            "legalReference": intervention["type"]["legalReference"],
        },
    }
    assert intervention["type"]["legalReference"]
    view = await case_view(api, case)
    assert view["interventions"]["edges"] == [
        {"node": {"id": intervention["id"], "status": "PROPOSED"}}
    ]
    assert kinds(view)[-1] == "intervention.proposed"


async def test_propose_intervention_refuses_bad_input(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    payload = await propose(
        api,
        case,
        typeCode="ASTROLOGY",
        startDate="2026-04-01",
        plannedEndDate="2026-03-01",
        hoursPerWeek=169,
        details={"goal": 3, "budget": 100},
    )
    assert payload["intervention"] is None
    assert {(tuple(e["field"]), e["code"]) for e in payload["userErrors"]} == {
        (("input", "typeCode"), "INVALID_INPUT"),
        (("input", "plannedEndDate"), "INVALID_INPUT"),
        (("input", "hoursPerWeek"), "INVALID_INPUT"),
        (("input", "details", "goal"), "RULE_VIOLATION"),
        (("input", "details", "budget"), "RULE_VIOLATION"),
    }
    malformed = {"caseId": gid(case), "typeCode": "WORK_TRIAL", "providerId": "ACT_nope"}
    assert (await api.query(admin(), PROPOSE, input=malformed)).bad_input == [
        "input",
        "providerId",
    ]
    assert only(await propose(api, case, providerId="ACT_" + "A" * 22)) == (
        "NOT_FOUND",
        ["input", "providerId"],
    )
    assert only(await propose(api, case, caseId="CAS_" + "A" * 22)) == (
        "NOT_FOUND",
        ["input", "caseId"],
    )
    assert (await case_view(api, case))["interventions"]["totalCount"] == 0


async def test_no_intervention_is_proposed_on_a_closed_case(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    closed = await api.query(
        admin(),
        'mutation($id: ID!) { closeCase(input: {id: $id, reason: "Done"}) { userErrors { code } } }',
        id=gid(case),
    )
    assert closed.data["closeCase"]["userErrors"] == []
    assert only(await propose(api, case))[0] == "INVALID_STATE"


# ---------------------------------------------------------------------- the state machine


@pytest.mark.parametrize("start", list(S), ids=lambda s: s.value)
async def test_every_transition_from(api: Api, world: World, start: S) -> None:
    case = await world.case(await world.participant())
    subject = await in_state(world, case, start)
    timeline = kinds(await case_view(api, case))
    for target in S:
        if (start, target) not in ALLOWED:
            refused = only(await change(api, subject, target))
            assert refused == ("INVALID_STATE", ["input", "status"]), f"{start} -> {target}"
    # None of the refused changes left a mark.
    view = await case_view(api, case)
    assert statuses(view) == {subject: start.value}
    assert kinds(view) == timeline

    legal = [target for target in S if (start, target) in ALLOWED]
    for target in legal:
        fresh = await in_state(world, case, start)
        payload = await change(api, fresh, target)
        assert payload["userErrors"] == [], f"{start} -> {target}"
        assert payload["intervention"]["status"] == target.value
        view = await case_view(api, case)
        assert statuses(view)[fresh] == target.value
        assert kinds(view)[-1] == f"intervention.{target.value.lower()}"
    assert statuses(view)[subject] == start.value


async def test_a_delivered_intervention_records_its_dates_and_outcome(
    api: Api, world: World
) -> None:
    case = await world.case(await world.participant())
    subject = await in_state(world, case, S.REFERRED)
    started = await change(api, subject, S.ACTIVE, date="2026-02-23")
    assert started["userErrors"] == []
    # Starting fills in the start date when none was planned.
    assert started["intervention"]["startDate"] == "2026-02-23"

    # Ending before it started is not a date, and an outcome belongs to an end.
    assert only(await change(api, subject, S.COMPLETED, date="2026-02-20")) == (
        "INVALID_INPUT",
        ["input", "date"],
    )
    assert only(await change(api, subject, S.COMPLETED, date="2026-03-03")) == (
        "INVALID_INPUT",
        ["input", "date"],
    )
    completed = await change(api, subject, S.COMPLETED, outcome=" Hired part-time ")
    assert completed["userErrors"] == []
    assert completed["intervention"]["endDate"] == "2026-03-02"
    assert completed["intervention"]["outcome"] == "Hired part-time"
    view = await case_view(api, case)
    assert kinds(view)[-2:] == ["intervention.active", "intervention.completed"]
    assert view["events"]["edges"][-1]["node"]["summary"] == "WORK_TRIAL: ACTIVE -> COMPLETED"


async def test_an_outcome_is_only_recorded_at_the_end(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    subject = await in_state(world, case, S.PROPOSED)
    assert only(await change(api, subject, S.REFERRED, outcome="Too early")) == (
        "INVALID_INPUT",
        ["input", "outcome"],
    )
    declined = await change(api, subject, S.DISCONTINUED, outcome="Declined")
    assert declined["userErrors"] == []
    assert declined["intervention"]["outcome"] == "Declined"
    assert declined["intervention"]["endDate"] == "2026-03-02"


async def test_starting_before_the_planned_start_is_a_warning(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    proposed = await propose(api, case, startDate="2026-03-09")
    subject = proposed["intervention"]["id"]
    assert (await change(api, subject, S.REFERRED))["userErrors"] == []
    payload = await change(api, subject, S.ACTIVE)
    assert payload["intervention"]["status"] == "ACTIVE"
    [warning] = payload["userErrors"]
    assert warning["code"] == "RULE_VIOLATION"
    assert warning["field"] == ["input", "date"]
    assert warning["rule"]["code"] == "GEN_INTERVENTION_STATUS_DATE"
    assert warning["rule"]["severity"] == "WARNING"
    # The warning does not stop the change.
    assert (await api.query(admin(), READ, id=subject)).data["node"]["status"] == "ACTIVE"


async def test_change_intervention_status_refuses_unknown_ids_and_closed_cases(
    api: Api, world: World
) -> None:
    case = await world.case(await world.participant())
    subject = await in_state(world, case, S.COMPLETED)
    malformed = {"id": "INT_nope", "status": "REFERRED"}
    assert (await api.query(admin(), CHANGE, input=malformed)).bad_input == ["input", "id"]
    assert only(await change(api, gid(case), S.REFERRED)) == ("NOT_FOUND", ["input", "id"])
    assert only(await change(api, "INT_" + "A" * 22, S.REFERRED)) == ("NOT_FOUND", ["input", "id"])
    closed = await api.query(
        admin(),
        'mutation($id: ID!) { closeCase(input: {id: $id, reason: "Done"}) { userErrors { code } } }',
        id=gid(case),
    )
    assert closed.data["closeCase"]["userErrors"] == []
    assert only(await change(api, subject, S.DISCONTINUED))[0] == "INVALID_STATE"

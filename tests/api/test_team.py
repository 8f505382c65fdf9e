"""addCaseTeamMember and removeCaseTeamMember through the GraphQL API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from support import Api, World, admin, as_actor, as_participant, gid

from vocrehab.core.clock import Clock
from vocrehab.hooks.vocabulary import StakeholderType as R

ERRORS = "userErrors { field code message }"
TEAM = "team { actor { id } role since until }"
ADD = f"""mutation($input: AddCaseTeamMemberInput!) {{
  addCaseTeamMember(input: $input) {{ case {{ id {TEAM} }} {ERRORS} }} }}"""
REMOVE = f"""mutation($input: RemoveCaseTeamMemberInput!) {{
  removeCaseTeamMember(input: $input) {{ case {{ id {TEAM} }} {ERRORS} }} }}"""
READ = f"""query($id: ID!) {{ node(id: $id) {{ ... on Case {{ {TEAM}
  events(first: 100) {{ edges {{ node {{ kind summary }} }} }} }} }} }}"""


async def add(api: Api, case_id: str, actor_id: str, role: str) -> dict[str, Any]:
    variables = {"caseId": case_id, "actorId": actor_id, "role": role}
    return (await api.query(admin(), ADD, input=variables)).data["addCaseTeamMember"]


async def remove(api: Api, case_id: str, actor_id: str) -> dict[str, Any]:
    variables = {"caseId": case_id, "actorId": actor_id}
    return (await api.query(admin(), REMOVE, input=variables)).data["removeCaseTeamMember"]


async def read(api: Api, case_id: str) -> dict[str, Any]:
    return (await api.query(admin(), READ, id=case_id)).data["node"]


def kinds(case: dict[str, Any]) -> list[str]:
    return [edge["node"]["kind"] for edge in case["events"]["edges"]]


def problem(payload: dict[str, Any]) -> tuple[str, list[str]]:
    assert payload["case"] is None
    [error] = payload["userErrors"]
    return error["code"], error["field"]


async def test_add_a_team_member(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    clinician = await world.actor(R.CLINICIAN)
    payload = await add(api, gid(case), gid(clinician), "CLINICIAN")
    assert payload["userErrors"] == []
    member = {
        "actor": {"id": gid(clinician)},
        "role": "CLINICIAN",
        "since": "2026-03-02",
        "until": None,
    }
    assert payload["case"]["team"] == [member]
    stored = await read(api, gid(case))
    assert stored["team"] == [member]
    assert kinds(stored) == ["case.opened", "team.member_added"]
    assert stored["events"]["edges"][1]["node"]["summary"] == "clinician joined the team"
    # The new member now finds the case in its caseload.
    mine = await api.query(as_actor(clinician), "{ cases { edges { node { id } } } }")
    assert [e["node"]["id"] for e in mine.data["cases"]["edges"]] == [gid(case)]


async def test_add_team_member_refuses_bad_input(api: Api, world: World) -> None:
    person = await world.participant()
    case = await world.case(person)
    clinician = await world.actor(R.CLINICIAN)
    admin_actor = await world.actor(R.ADMIN)
    assert (await add(api, gid(case), gid(clinician), "CLINICIAN"))["userErrors"] == []

    assert problem(await add(api, gid(case), gid(clinician), "CLINICIAN")) == (
        "ALREADY_EXISTS",
        ["input", "actorId"],
    )
    # The role is the actor's own stakeholder type, and only a team role.
    employer = await world.actor(R.EMPLOYER)
    assert problem(await add(api, gid(case), gid(employer), "CASE_MANAGER")) == (
        "INVALID_INPUT",
        ["input", "role"],
    )
    assert problem(await add(api, gid(case), gid(admin_actor), "ADMIN")) == (
        "INVALID_INPUT",
        ["input", "role"],
    )
    # A participant is on its case by being its participant, never as a member.
    viewer = await api.query(as_participant(person), "{ viewer { actor { id } } }")
    participant_actor = viewer.data["viewer"]["actor"]["id"]
    assert problem(await add(api, gid(case), participant_actor, "PARTICIPANT")) == (
        "NOT_FOUND",
        ["input", "actorId"],
    )
    # Not an ID at all is the client's bug; an ID of nothing (or of another type) is NOT_FOUND.
    malformed = {"caseId": gid(case), "actorId": "ACT_nope", "role": "CLINICIAN"}
    assert (await api.query(admin(), ADD, input=malformed)).bad_input == ["input", "actorId"]
    assert problem(await add(api, gid(case), "ACT_" + "A" * 22, "CLINICIAN")) == (
        "NOT_FOUND",
        ["input", "actorId"],
    )
    assert problem(await add(api, gid(case), gid(case), "CLINICIAN")) == (
        "NOT_FOUND",
        ["input", "actorId"],
    )
    malformed = {"caseId": "CAS_nope", "actorId": gid(employer), "role": "EMPLOYER"}
    assert (await api.query(admin(), ADD, input=malformed)).bad_input == ["input", "caseId"]
    assert kinds(await read(api, gid(case))) == ["case.opened", "team.member_added"]


async def test_no_one_joins_a_closed_case(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    closed = await api.query(
        admin(),
        'mutation($id: ID!) { closeCase(input: {id: $id, reason: "Done"}) { userErrors { code } } }',
        id=gid(case),
    )
    assert closed.data["closeCase"]["userErrors"] == []
    clinician = await world.actor(R.CLINICIAN)
    assert problem(await add(api, gid(case), gid(clinician), "CLINICIAN"))[0] == "INVALID_STATE"


async def test_remove_a_member_who_joined_today(api: Api, world: World) -> None:
    clinician = await world.actor(R.CLINICIAN)
    case = await world.case(await world.participant(), team={clinician: R.CLINICIAN})
    payload = await remove(api, gid(case), gid(clinician))
    assert payload["userErrors"] == []
    # Never effective for a whole day: nothing to keep as history.
    assert payload["case"]["team"] == []
    stored = await read(api, gid(case))
    assert kinds(stored) == ["case.opened", "team.member_added", "team.member_removed"]
    mine = await api.query(as_actor(clinician), "{ cases { totalCount } }")
    assert mine.data["cases"]["totalCount"] == 0


async def test_remove_a_member_keeps_the_history(api: Api, world: World, clock: Clock) -> None:
    clinician = await world.actor(R.CLINICIAN)
    case = await world.case(await world.participant(), team={clinician: R.CLINICIAN})
    clock.advance(timedelta(days=10))
    payload = await remove(api, gid(case), gid(clinician))
    assert payload["userErrors"] == []
    assert payload["case"]["team"] == [
        {
            "actor": {"id": gid(clinician)},
            "role": "CLINICIAN",
            "since": "2026-03-02",
            "until": "2026-03-11",
        }
    ]
    mine = await api.query(as_actor(clinician), "{ cases { totalCount } }")
    assert mine.data["cases"]["totalCount"] == 0

    # Once gone, removing again finds no one; joining again is a new membership.
    assert problem(await remove(api, gid(case), gid(clinician))) == (
        "NOT_FOUND",
        ["input", "actorId"],
    )
    again = await add(api, gid(case), gid(clinician), "CLINICIAN")
    assert again["userErrors"] == []
    assert [m["since"] for m in again["case"]["team"]] == ["2026-03-02", "2026-03-12"]


async def test_remove_team_member_refuses_bad_input(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    stranger = await world.actor(R.CLINICIAN)
    assert problem(await remove(api, gid(case), gid(stranger))) == (
        "NOT_FOUND",
        ["input", "actorId"],
    )
    malformed = {"caseId": gid(case), "actorId": "nonsense"}
    assert (await api.query(admin(), REMOVE, input=malformed)).bad_input == ["input", "actorId"]
    assert problem(await remove(api, "CAS_" + "A" * 22, gid(stranger))) == (
        "NOT_FOUND",
        ["input", "caseId"],
    )
    assert kinds(await read(api, gid(case))) == ["case.opened"]

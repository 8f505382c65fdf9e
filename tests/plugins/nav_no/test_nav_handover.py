"""A Norwegian case changes case manager: the assigned steps move with it, the old
case manager loses access, and each reader's unseen events count only what that
reader may see."""

from __future__ import annotations

from typing import Any

from support import Api, World, admin, as_actor, gid
from test_nav_api import ERRORS, norwegian_case, send

from vocrehab.hooks.vocabulary import StakeholderType as R

ASSIGN = f"""mutation($input: AssignStepInput!) {{
  assignStep(input: $input) {{ case {{ id }} {ERRORS} }} }}"""
REPLACE = f"""mutation($input: ReplaceCaseTeamMemberInput!) {{
  replaceCaseTeamMember(input: $input) {{ case {{ id }} {ERRORS} }} }}"""
SEEN = f"""mutation($input: MarkCaseSeenInput!) {{
  markCaseSeen(input: $input) {{ case {{ unseenCount }} {ERRORS} }} }}"""
NOTE = f"""mutation($input: AddCaseNoteInput!) {{
  addCaseNote(input: $input) {{ note {{ id }} {ERRORS} }} }}"""
MOVES = """query($case: ID!) { moves(first: 50, filter: {caseId: $case}) {
  edges { node { code responsible assignee { name } } } } }"""
CASE = """query($id: ID!) { node(id: $id) { ... on Case {
  unseenCount unseenEvents(first: 20) { totalCount edges { node { kind } } }
  milestones { code responsible status }
  team { role until actor { name } }
} } }"""


async def _moves(api: Api, who: Any, case: str) -> list[dict[str, Any]]:
    data = (await api.query(who, MOVES, case=case)).data["moves"]
    return [edge["node"] for edge in data["edges"]]


async def _case(api: Api, who: Any, case: str) -> dict[str, Any] | None:
    return (await api.query(who, CASE, id=case)).data["node"]  # type: ignore[no-any-return]


async def test_a_new_case_manager_takes_over_the_assigned_steps(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    incoming = await world.actor(R.CASE_MANAGER, "Ny veileder")
    outgoing = as_actor(team.manager)
    case = await _case(api, outgoing, team.id)
    assert case is not None
    code = next(
        m["code"]
        for m in case["milestones"]
        if m["responsible"] == "CASE_MANAGER" and m["status"] not in {"MET", "NOT_APPLICABLE"}
    )

    refused = await send(api, outgoing, ASSIGN, caseId=team.id, code=code,
                         assigneeId=gid(team.employer))  # fmt: skip
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("INVALID_INPUT", ["input", "assigneeId"])
    ]
    unknown = await send(api, outgoing, ASSIGN, caseId=team.id, code="NO_SUCH_STEP",
                         assigneeId=gid(team.manager))  # fmt: skip
    assert [e["code"] for e in unknown["userErrors"]] == ["NOT_FOUND"]
    by_coordinator = await send(api, as_actor(team.coordinator), ASSIGN, caseId=team.id,
                                code=code, assigneeId=gid(team.manager))  # fmt: skip
    assert [e["code"] for e in by_coordinator["userErrors"]] == ["NOT_ALLOWED"]
    by_employer = await api.query(as_actor(team.employer), ASSIGN,
                                  input={"caseId": team.id, "code": code})  # fmt: skip
    assert by_employer.codes == ["FORBIDDEN"]

    done = await send(api, outgoing, ASSIGN, caseId=team.id, code=code,
                      assigneeId=gid(team.manager))  # fmt: skip
    assert done["userErrors"] == []
    mine = [m for m in await _moves(api, outgoing, team.id) if m["code"] == code]
    assert mine == [{"code": code, "responsible": "CASE_MANAGER",
                     "assignee": {"name": "NAV-veileder"}}]  # fmt: skip

    same_role = await send(api, admin(), REPLACE, caseId=team.id,
                           outgoingActorId=gid(team.manager), incomingActorId=gid(team.gp),
                           note="x")  # fmt: skip
    assert [e["field"] for e in same_role["userErrors"]] == [["input", "incomingActorId"]]
    handed = await send(
        api, as_actor(team.coordinator), REPLACE, caseId=team.id,
        outgoingActorId=gid(team.manager), incomingActorId=gid(incoming),
        note="Aktivitetskravet er neste: vurder gradert sykmelding.",
    )  # fmt: skip
    assert handed["userErrors"] == []

    assert await _case(api, outgoing, team.id) is None, "the old case manager loses access"
    assert await _moves(api, outgoing, team.id) == []
    theirs = [m for m in await _moves(api, as_actor(incoming), team.id) if m["code"] == code]
    assert theirs == [{"code": code, "responsible": "CASE_MANAGER",
                       "assignee": {"name": "Ny veileder"}}]  # fmt: skip
    now = await _case(api, as_actor(incoming), team.id)
    assert now is not None
    managers = [
        (m["actor"]["name"], m["until"]) for m in now["team"] if m["role"] == "CASE_MANAGER"
    ]
    # (The outgoing membership began today, so it was never effective and is gone.)
    assert [name for name, until in managers if until is None] == ["Ny veileder"]
    kinds = [e["node"]["kind"] for e in now["unseenEvents"]["edges"]]
    assert "team.member_replaced" in kinds and "step.assigned" in kinds


async def test_unseen_counts_only_what_the_reader_may_see(api: Api, world: World) -> None:
    team = await norwegian_case(world)
    manager, employer, gp = (as_actor(a) for a in (team.manager, team.employer, team.gp))
    for who in (manager, employer):
        before = await _case(api, who, team.id)
        assert before is not None and before["unseenCount"] > 0
        assert before["unseenCount"] == before["unseenEvents"]["totalCount"]
        seen = await send(api, who, SEEN, caseId=team.id)
        assert seen["userErrors"] == [] and seen["case"]["unseenCount"] == 0

    # A note only clinicians read: neither the manager nor the employer is told of it.
    private = await send(api, gp, NOTE, caseId=team.id, body="Til legen", visibleTo=["CLINICIAN"])
    assert private["userErrors"] == []
    for who in (manager, employer):
        assert (await _case(api, who, team.id))["unseenCount"] == 0  # type: ignore[index]
    # One the case manager reads: counted for them, not for the employer.
    shared = await send(api, gp, NOTE, caseId=team.id, body="Til NAV", visibleTo=["CASE_MANAGER"])
    assert shared["userErrors"] == []
    assert (await _case(api, manager, team.id))["unseenCount"] == 1  # type: ignore[index]
    assert (await _case(api, employer, team.id))["unseenCount"] == 0  # type: ignore[index]
    # The reader's own doing is no news to them.
    own = await send(api, manager, NOTE, caseId=team.id, body="Notat", visibleTo=["EMPLOYER"])
    assert own["userErrors"] == []
    assert (await _case(api, manager, team.id))["unseenCount"] == 1  # type: ignore[index]
    assert (await _case(api, employer, team.id))["unseenCount"] == 1  # type: ignore[index]

    stranger = await world.actor(R.CASE_MANAGER, "Annen veileder")
    refused = await send(api, as_actor(stranger), SEEN, caseId=team.id)
    assert [e["code"] for e in refused["userErrors"]] == ["NOT_FOUND"]

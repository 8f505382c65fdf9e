"""addCaseNote through the GraphQL API."""

from __future__ import annotations

from typing import Any

from support import Api, World, admin, as_actor, as_participant, gid

from vocrehab.core.principal import Principal
from vocrehab.hooks.vocabulary import StakeholderType as R

ERRORS = "userErrors { field code message }"
NOTE = "id body visibleTo createdAt author { id }"
ADD = f"""mutation($input: AddCaseNoteInput!) {{
  addCaseNote(input: $input) {{ note {{ {NOTE} }} {ERRORS} }} }}"""
CASE = f"""query($id: ID!) {{ node(id: $id) {{ ... on Case {{
  notes(first: 20) {{ totalCount edges {{ node {{ {NOTE} }} }} }}
  milestones {{ code status }}
  events(first: 100) {{ edges {{ node {{ kind summary actor {{ id }} }} }} }} }} }} }}"""


async def add(api: Api, who: Principal, case_id: str, **fields: Any) -> dict[str, Any]:
    given = {"caseId": case_id, "body": "Called the participant", **fields}
    return (await api.query(who, ADD, input=given)).data["addCaseNote"]


async def case_view(api: Api, who: Principal, case_id: str) -> dict[str, Any]:
    return (await api.query(who, CASE, id=case_id)).data["node"]


def only(payload: dict[str, Any]) -> tuple[str, list[str] | None]:
    assert payload["note"] is None
    [error] = payload["userErrors"]
    return error["code"], error["field"]


async def test_add_a_note(api: Api, world: World) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    case = await world.case(await world.participant(), team={manager: R.CASE_MANAGER})
    payload = await add(
        api, as_actor(manager), gid(case), body="  Called, back on Monday  ", visibleTo=["EMPLOYER"]
    )
    assert payload["userErrors"] == []
    note = payload["note"]
    assert note["body"] == "Called, back on Monday"
    # The author's role always reads its own notes.
    assert sorted(note["visibleTo"]) == ["CASE_MANAGER", "EMPLOYER"]
    assert note["author"] == {"id": gid(manager)}
    assert note["createdAt"].startswith("2026-03-02T09:00:00")

    view = await case_view(api, as_actor(manager), gid(case))
    assert view["notes"]["totalCount"] == 1
    assert view["notes"]["edges"][0]["node"] == note
    last = view["events"]["edges"][-1]["node"]
    # The body stays out of the timeline, which other roles read.
    assert last == {
        "kind": "note.added",
        "summary": "Note added by the case manager",
        "actor": {"id": gid(manager)},
    }
    # A case worker's note is the first contact.
    assert {ms["code"]: ms["status"] for ms in view["milestones"]}["FIRST_CONTACT"] == "MET"


async def test_a_note_is_private_to_the_authors_role_by_default(api: Api, world: World) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    employer = await world.actor(R.EMPLOYER)
    case = await world.case(
        await world.participant(), team={manager: R.CASE_MANAGER, employer: R.EMPLOYER}
    )
    payload = await add(api, as_actor(manager), gid(case))
    assert payload["note"]["visibleTo"] == ["CASE_MANAGER"]
    assert (await case_view(api, as_actor(employer), gid(case)))["notes"]["totalCount"] == 0


async def test_the_participants_own_note_is_no_first_contact(api: Api, world: World) -> None:
    person = await world.participant()
    case = await world.case(person)
    payload = await add(api, as_participant(person), gid(case), body="I feel better")
    assert payload["userErrors"] == []
    assert payload["note"]["visibleTo"] == ["PARTICIPANT"]
    view = await case_view(api, admin(), gid(case))
    assert view["events"]["edges"][-1]["node"]["summary"] == "Note added by the participant"
    assert {ms["code"]: ms["status"] for ms in view["milestones"]}["FIRST_CONTACT"] == "DUE"


async def test_add_case_note_refuses_bad_input(api: Api, world: World) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    case = await world.case(await world.participant(), team={manager: R.CASE_MANAGER})
    who = as_actor(manager)
    assert only(await add(api, who, gid(case), body=" ")) == ("INVALID_INPUT", ["input", "body"])
    assert only(await add(api, who, gid(case), body="x" * 10_001)) == (
        "INVALID_INPUT",
        ["input", "body"],
    )
    assert only(await add(api, who, "CAS_" + "A" * 22)) == ("NOT_FOUND", ["input", "caseId"])
    malformed = {"caseId": "CAS_nope", "body": "Called"}
    assert (await api.query(who, ADD, input=malformed)).bad_input == ["input", "caseId"]
    # A note needs an author: an admin token acts as no actor.
    assert only(await add(api, admin(), gid(case)))[0] == "NOT_ALLOWED"
    view = await case_view(api, admin(), gid(case))
    assert view["notes"]["totalCount"] == 0
    assert [e["node"]["kind"] for e in view["events"]["edges"]] == [
        "case.opened",
        "team.member_added",
    ]

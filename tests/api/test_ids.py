"""IDs as the README promises: a string that is not an ID is BAD_USER_INPUT, in
queries and mutations alike; a well-formed ID of another type, of nothing, or
of something the caller may not see is null (queries) or NOT_FOUND (mutations)."""

from __future__ import annotations

from support import Api, World, admin, as_actor, gid

from vocrehab.hooks.vocabulary import StakeholderType as R

NODE = "query($id: ID!) { node(id: $id) { id } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
NOTE = """mutation($input: AddCaseNoteInput!) {
  addCaseNote(input: $input) { note { id } userErrors { code field } } }"""
COUNT = "query($id: ID!) { node(id: $id) { ... on Case { notes { totalCount } } } }"

MALFORMED = ["garbage", "", "CAS_", "CAS_" + "A" * 21, "XYZ_" + "A" * 22, "CAS_" + "!" * 22]


async def test_node_refuses_what_is_not_an_id(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    for value in MALFORMED:
        result = await api.query(admin(), NODE, id=value)
        assert result.bad_input == ["id"], value
        assert result.body["data"] == {"node": None}
    result = await api.query(admin(), NODES, ids=[gid(case), "garbage"])
    assert (result.codes, result.bad_input) == (["BAD_USER_INPUT"], ["ids", "1"])


async def test_node_is_null_for_nothing_and_for_what_is_hidden(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    stranger = await world.actor(R.CLINICIAN)
    assert (await api.query(admin(), NODE, id="CAS_" + "A" * 22)).data == {"node": None}
    assert (await api.query(as_actor(stranger), NODE, id=gid(case))).data == {"node": None}
    assert (await api.query(admin(), NODE, id=gid(case))).data == {"node": {"id": gid(case)}}


async def test_mutations_refuse_what_is_not_an_id_and_change_nothing(
    api: Api, world: World
) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    case = await world.case(await world.participant(), team={manager: R.CASE_MANAGER})
    who = as_actor(manager)
    for value in MALFORMED:
        result = await api.query(who, NOTE, input={"caseId": value, "body": "Called"})
        assert result.bad_input == ["input", "caseId"], value
    # Well-formed: of another type, of nothing, of a case this caller cannot see.
    hidden = await world.case(await world.participant("Bo"))
    for value in (gid(manager), "CAS_" + "A" * 22, gid(hidden)):
        result = await api.query(who, NOTE, input={"caseId": value, "body": "Called"})
        assert result.data["addCaseNote"] == {
            "note": None,
            "userErrors": [{"code": "NOT_FOUND", "field": ["input", "caseId"]}],
        }, value
    notes = await api.query(admin(), COUNT, id=gid(case))
    assert notes.data["node"]["notes"]["totalCount"] == 0

"""Jurisdiction case commands: plugin mutations over case details, run by the platform
with the same access, transaction, event and milestone handling as the core ones."""

from __future__ import annotations

from datetime import date

import pytest
from support import Api, World, admin, as_actor, gid, with_scopes

from vocrehab.hooks.vocabulary import StakeholderType as R

RECORD = """
mutation($input: GenRecordFirstContactInput!) {
  genRecordFirstContact(input: $input) {
    case {
      jurisdictionDetails { ... on GenericCaseDetails { firstContactOn firstContactChannel } }
      milestones { code status }
      events(first: 20) { edges { node { kind summary } } }
    }
    userErrors { code field message rule { code severity legalReference } }
  }
}
"""


async def _case(world: World) -> tuple[str, dict[R, object]]:
    manager = await world.actor(R.CASE_MANAGER)
    employer = await world.actor(R.EMPLOYER)
    case = await world.case(
        await world.participant(), team={manager: R.CASE_MANAGER, employer: R.EMPLOYER}
    )
    return gid(case), {R.CASE_MANAGER: manager, R.EMPLOYER: employer}


async def test_recording_the_first_contact_meets_the_milestone(api: Api, world: World) -> None:
    case_id, team = await _case(world)
    result = await api.query(
        as_actor(team[R.CASE_MANAGER]),  # type: ignore[arg-type]
        RECORD,
        input={"caseId": case_id, "on": "2026-03-02", "channel": "PHONE"},
    )
    payload = result.data["genRecordFirstContact"]
    assert payload["userErrors"] == []
    details = payload["case"]["jurisdictionDetails"]
    assert details == {"firstContactOn": "2026-03-02", "firstContactChannel": "PHONE"}
    statuses = {m["code"]: m["status"] for m in payload["case"]["milestones"]}
    assert statuses["FIRST_CONTACT"] == "MET"
    kinds = [e["node"]["kind"] for e in payload["case"]["events"]["edges"]]
    assert kinds[-1] == "generic.first_contact.recorded"


async def test_a_rule_of_the_command_refuses_and_changes_nothing(api: Api, world: World) -> None:
    case_id, _ = await _case(world)
    result = await api.query(
        admin(), RECORD, input={"caseId": case_id, "on": "2026-03-03", "channel": "VIDEO"}
    )
    payload = result.data["genRecordFirstContact"]
    assert payload["case"] is None
    [error] = payload["userErrors"]
    assert error["code"] == "RULE_VIOLATION" and error["field"] == ["input", "on"]
    assert error["rule"]["code"] == "GEN_FIRST_CONTACT_DATE"
    after = await api.query(
        admin(),
        "query($id: ID!) { node(id: $id) { ... on Case { jurisdictionDetails { ... on GenericCaseDetails { firstContactOn } } events { totalCount } } } }",
        id=case_id,
    )
    assert after.data["node"]["jurisdictionDetails"]["firstContactOn"] is None
    assert after.data["node"]["events"]["totalCount"] == 3  # opened + two members added


@pytest.mark.parametrize(
    ("who", "expected"),
    [("employer", "NOT_ALLOWED"), ("stranger", "NOT_FOUND")],
)
async def test_who_may_run_a_command(api: Api, world: World, who: str, expected: str) -> None:
    case_id, team = await _case(world)
    caller = team[R.EMPLOYER] if who == "employer" else await world.actor(R.CASE_MANAGER)
    result = await api.query(
        as_actor(caller),  # type: ignore[arg-type]
        RECORD,
        input={"caseId": case_id, "on": "2026-03-01", "channel": "MEETING"},
    )
    [error] = result.data["genRecordFirstContact"]["userErrors"]
    assert error["code"] == expected


async def test_the_command_scope_is_required(api: Api, world: World) -> None:
    case_id, team = await _case(world)
    manager = with_scopes(as_actor(team[R.CASE_MANAGER]), {"cases:read"})  # type: ignore[arg-type]
    result = await api.query(
        manager, RECORD, input={"caseId": case_id, "on": "2026-03-01", "channel": "PHONE"}
    )
    assert result.codes == ["FORBIDDEN"]


async def test_a_closed_case_takes_no_command(api: Api, world: World) -> None:
    case_id, _ = await _case(world)
    closed = await api.query(
        admin(),
        'mutation($id: ID!) { closeCase(input: {id: $id, reason: "done"}) { userErrors { code } } }',
        id=case_id,
    )
    assert closed.data["closeCase"]["userErrors"] == []
    result = await api.query(
        admin(), RECORD, input={"caseId": case_id, "on": str(date(2026, 3, 1)), "channel": "PHONE"}
    )
    assert result.data["genRecordFirstContact"]["userErrors"][0]["code"] == "INVALID_STATE"

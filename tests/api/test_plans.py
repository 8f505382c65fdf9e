"""createPlan, updatePlan, activatePlan and approvePlan through the GraphQL API."""

from __future__ import annotations

from typing import Any

from support import Api, World, admin, as_actor, as_participant, gid

from vocrehab.core.principal import Principal
from vocrehab.hooks.vocabulary import StakeholderType as R

ERRORS = "userErrors { field code message rule { code severity legalReference } }"
PLAN = """id version status title goal createdAt updatedAt createdBy { id } case { id }
  steps { startDate endDate workPercent hoursPerWeek description adjustments }
  approvals { actor { id } role approvedAt }"""
CREATE = f"""mutation($input: CreatePlanInput!) {{
  createPlan(input: $input) {{ plan {{ {PLAN} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($input: UpdatePlanInput!) {{
  updatePlan(input: $input) {{ plan {{ {PLAN} }} {ERRORS} }} }}"""
ACTIVATE = f"""mutation($id: ID!) {{ activatePlan(input: {{id: $id}}) {{ plan {{ {PLAN} }} {ERRORS} }} }}"""
APPROVE = (
    f"""mutation($id: ID!) {{ approvePlan(input: {{id: $id}}) {{ plan {{ {PLAN} }} {ERRORS} }} }}"""
)
CASE = """query($id: ID!) { node(id: $id) { ... on Case {
  currentPlan { id version }
  plans(first: 20) { totalCount edges { node { id version status } } }
  milestones { code status }
  events(first: 100) { edges { node { kind summary } } } } } }"""
CLOSE = (
    """mutation($id: ID!) { closeCase(input: {id: $id, reason: "Done"}) { userErrors { code } } }"""
)

STEPS = [
    {
        "startDate": "2026-03-09",
        "endDate": "2026-03-22",
        "workPercent": 25,
        "hoursPerWeek": 9.5,
        "description": " Mornings only ",
        "adjustments": ["No lifting", " Quiet room "],
    },
    {"startDate": "2026-03-23", "endDate": "2026-04-19", "workPercent": 50},
]


async def call(api: Api, who: Principal, query: str, name: str, **variables: Any) -> dict[str, Any]:
    return (await api.query(who, query, **variables)).data[name]


async def create(
    api: Api, case_id: str, who: Principal | None = None, **fields: Any
) -> dict[str, Any]:
    given = {"caseId": case_id, "title": "Graded return", "steps": STEPS, **fields}
    return await call(api, who or admin(), CREATE, "createPlan", input=given)


async def created(api: Api, case_id: str, **fields: Any) -> dict[str, Any]:
    payload = await create(api, case_id, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["plan"]


async def activate(api: Api, plan_id: str) -> dict[str, Any]:
    return await call(api, admin(), ACTIVATE, "activatePlan", id=plan_id)


async def case_view(api: Api, case_id: str) -> dict[str, Any]:
    return (await api.query(admin(), CASE, id=case_id)).data["node"]


def kinds(case: dict[str, Any]) -> list[str]:
    return [edge["node"]["kind"] for edge in case["events"]["edges"]]


def failure(payload: dict[str, Any]) -> list[dict[str, Any]]:
    assert payload["plan"] is None
    assert payload["userErrors"]
    return payload["userErrors"]


def only(payload: dict[str, Any]) -> tuple[str, list[str] | None]:
    [error] = failure(payload)
    return error["code"], error["field"]


# ---------------------------------------------------------------------- createPlan


async def test_create_plan_drafts_a_plan(api: Api, world: World) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    case = await world.case(await world.participant(), team={manager: R.CASE_MANAGER})
    payload = await create(api, gid(case), as_actor(manager), goal=" Back to my own job ")
    assert payload["userErrors"] == []
    plan = payload["plan"]
    assert plan["version"] == 1
    assert plan["status"] == "DRAFT"
    assert plan["title"] == "Graded return"
    assert plan["goal"] == "Back to my own job"
    assert plan["createdBy"] == {"id": gid(manager)}
    assert plan["case"] == {"id": gid(case)}
    assert plan["createdAt"].startswith("2026-03-02T09:00:00")
    assert plan["steps"] == [
        {
            "startDate": "2026-03-09",
            "endDate": "2026-03-22",
            "workPercent": 25,
            "hoursPerWeek": 9.5,
            "description": "Mornings only",
            "adjustments": ["No lifting", "Quiet room"],
        },
        {
            "startDate": "2026-03-23",
            "endDate": "2026-04-19",
            "workPercent": 50,
            "hoursPerWeek": None,
            "description": None,
            "adjustments": [],
        },
    ]
    assert plan["approvals"] == []
    view = await case_view(api, gid(case))
    assert view["plans"]["edges"] == [{"node": {"id": plan["id"], "version": 1, "status": "DRAFT"}}]
    # A draft is not the current plan.
    assert view["currentPlan"] is None
    assert kinds(view)[-1] == "plan.created"

    second = await created(api, gid(case), title="Second thoughts", steps=[])
    assert second["version"] == 2
    assert second["steps"] == []


async def test_create_plan_checks_each_step(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    steps = [
        {
            "startDate": "2026-03-09",
            "endDate": "2026-03-01",
            "workPercent": 120,
            "hoursPerWeek": 200,
        },
        {
            "startDate": "2026-03-09",
            "endDate": "2026-03-10",
            "workPercent": -1,
            "adjustments": [" "],
        },
    ]
    errors = failure(await create(api, gid(case), title=" ", steps=steps))
    assert {(tuple(e["field"]), e["code"]) for e in errors} == {
        (("input", "title"), "INVALID_INPUT"),
        (("input", "steps", "0", "workPercent"), "INVALID_INPUT"),
        (("input", "steps", "0", "hoursPerWeek"), "INVALID_INPUT"),
        (("input", "steps", "0", "endDate"), "INVALID_INPUT"),
        (("input", "steps", "1", "workPercent"), "INVALID_INPUT"),
        (("input", "steps", "1", "adjustments", "0"), "INVALID_INPUT"),
    }
    too_many = [STEPS[1]] * 101
    assert only(await create(api, gid(case), steps=too_many)) == (
        "INVALID_INPUT",
        ["input", "steps"],
    )


async def test_create_plan_applies_the_jurisdiction_plan_rules(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    overlapping = [
        {"startDate": "2026-03-09", "endDate": "2026-03-22", "workPercent": 25},
        {"startDate": "2026-03-22", "endDate": "2026-04-05", "workPercent": 50},
    ]
    [error] = failure(await create(api, gid(case), steps=overlapping))
    assert error["code"] == "RULE_VIOLATION"
    assert error["field"] == ["input", "steps", "1", "startDate"]
    assert error["rule"]["code"] == "GEN_PLAN_STEP_OVERLAP"
    assert error["rule"]["severity"] == "ERROR"
    assert error["rule"]["legalReference"]

    unordered = [STEPS[1], STEPS[0]]
    [error] = failure(await create(api, gid(case), steps=unordered))
    assert (error["rule"]["code"], error["field"]) == (
        "GEN_PLAN_STEP_ORDER",
        ["input", "steps", "1", "startDate"],
    )
    assert (await case_view(api, gid(case)))["plans"]["totalCount"] == 0


async def test_create_plan_needs_an_open_case(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    assert only(await create(api, "CAS_" + "A" * 22)) == ("NOT_FOUND", ["input", "caseId"])
    malformed = {"caseId": "CAS_nope", "title": "Graded return", "steps": STEPS}
    assert (await api.query(admin(), CREATE, input=malformed)).bad_input == ["input", "caseId"]
    assert (await call(api, admin(), CLOSE, "closeCase", id=gid(case)))["userErrors"] == []
    assert only(await create(api, gid(case)))[0] == "INVALID_STATE"


# ---------------------------------------------------------------------- updatePlan


async def test_update_plan_changes_a_draft(api: Api, world: World) -> None:
    person = await world.participant()
    case = await world.case(person)
    plan = await created(api, gid(case), goal="Old goal")
    approved = await call(api, as_participant(person), APPROVE, "approvePlan", id=plan["id"])
    assert approved["userErrors"] == []

    new_steps = [{"startDate": "2026-04-01", "endDate": "2026-04-30", "workPercent": 40}]
    payload = await call(
        api, admin(), UPDATE, "updatePlan",
        input={"id": plan["id"], "title": "Revised", "goal": None, "steps": new_steps},
    )  # fmt: skip
    assert payload["userErrors"] == []
    updated = payload["plan"]
    assert (updated["title"], updated["goal"], updated["version"]) == ("Revised", None, 1)
    assert [(s["startDate"], s["workPercent"]) for s in updated["steps"]] == [("2026-04-01", 40)]
    # The parties approved the old text: a change withdraws their approvals.
    assert updated["approvals"] == []
    assert kinds(await case_view(api, gid(case)))[-1] == "plan.updated"

    # Only what is sent changes.
    payload = await call(
        api, admin(), UPDATE, "updatePlan", input={"id": plan["id"], "goal": "Mine"}
    )
    assert payload["userErrors"] == []
    assert (payload["plan"]["title"], payload["plan"]["goal"]) == ("Revised", "Mine")
    assert len(payload["plan"]["steps"]) == 1


async def test_an_update_that_changes_nothing_keeps_the_approvals(api: Api, world: World) -> None:
    person = await world.participant()
    case = await world.case(person)
    plan = await created(api, gid(case), goal="Mine")
    approved = await call(api, as_participant(person), APPROVE, "approvePlan", id=plan["id"])
    assert approved["userErrors"] == []
    same = {"id": plan["id"], "title": " Graded return ", "goal": "Mine", "steps": STEPS}
    for update in ({"id": plan["id"]}, same):
        payload = await call(api, admin(), UPDATE, "updatePlan", input=update)
        assert payload["userErrors"] == []
        assert [a["role"] for a in payload["plan"]["approvals"]] == ["PARTICIPANT"]
        assert payload["plan"]["updatedAt"] == plan["updatedAt"]
    assert kinds(await case_view(api, gid(case)))[-2:] == ["plan.created", "plan.approved"]


async def test_update_plan_refuses_bad_changes(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    plan = await created(api, gid(case))
    overlapping = [STEPS[0], {**STEPS[1], "startDate": "2026-03-15"}]
    [error] = failure(
        await call(
            api, admin(), UPDATE, "updatePlan", input={"id": plan["id"], "steps": overlapping}
        )
    )
    assert (error["code"], error["rule"]["code"]) == ("RULE_VIOLATION", "GEN_PLAN_STEP_OVERLAP")
    assert error["field"] == ["input", "steps", "1", "startDate"]
    bad = [{**STEPS[0], "workPercent": 101}]
    assert only(
        await call(api, admin(), UPDATE, "updatePlan", input={"id": plan["id"], "steps": bad})
    ) == ("INVALID_INPUT", ["input", "steps", "0", "workPercent"])
    assert only(
        await call(api, admin(), UPDATE, "updatePlan", input={"id": gid(case), "title": "X"})
    ) == ("NOT_FOUND", ["input", "id"])
    malformed = {"id": "PLN_x", "title": "X"}
    assert (await api.query(admin(), UPDATE, input=malformed)).bad_input == ["input", "id"]

    assert (await activate(api, plan["id"]))["userErrors"] == []
    assert (
        only(
            await call(api, admin(), UPDATE, "updatePlan", input={"id": plan["id"], "title": "X"})
        )[0]
        == "INVALID_STATE"
    )
    kept = await case_view(api, gid(case))
    assert kinds(kept) == ["case.opened", "plan.created", "plan.activated"]


# ---------------------------------------------------------------------- activatePlan


async def test_activating_a_plan_makes_it_current_and_meets_the_plan_milestone(
    api: Api, world: World
) -> None:
    case = await world.case(await world.participant())
    plan = await created(api, gid(case))
    payload = await activate(api, plan["id"])
    assert payload["userErrors"] == []
    assert payload["plan"]["status"] == "ACTIVE"
    view = await case_view(api, gid(case))
    assert view["currentPlan"] == {"id": plan["id"], "version": 1}
    assert kinds(view)[-1] == "plan.activated"
    assert {ms["code"]: ms["status"] for ms in view["milestones"]}["PLAN"] == "MET"


async def test_activating_a_second_plan_supersedes_the_first(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    first = await created(api, gid(case))
    second = await created(api, gid(case), title="Version two")
    assert (await activate(api, first["id"]))["userErrors"] == []
    assert (await activate(api, second["id"]))["userErrors"] == []

    view = await case_view(api, gid(case))
    assert view["currentPlan"] == {"id": second["id"], "version": 2}
    statuses = {e["node"]["id"]: e["node"]["status"] for e in view["plans"]["edges"]}
    assert statuses == {first["id"]: "SUPERSEDED", second["id"]: "ACTIVE"}
    assert kinds(view)[-3:] == ["plan.activated", "plan.superseded", "plan.activated"]

    # Neither an ACTIVE nor a SUPERSEDED plan can be activated (again).
    for plan in (first, second):
        assert only(await activate(api, plan["id"]))[0] == "INVALID_STATE"
    assert (await case_view(api, gid(case)))["currentPlan"]["id"] == second["id"]


async def test_a_plan_without_steps_is_not_activated(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    plan = await created(api, gid(case), steps=[])
    [error] = failure(await activate(api, plan["id"]))
    assert error["code"] == "RULE_VIOLATION"
    assert error["rule"]["code"] == "GEN_PLAN_NO_STEPS"
    assert error["rule"]["severity"] == "ERROR"
    # activatePlan's input is only the plan's id: that is what is at fault.
    assert error["field"] == ["input", "id"]
    view = await case_view(api, gid(case))
    assert view["currentPlan"] is None
    assert view["plans"]["edges"][0]["node"]["status"] == "DRAFT"


async def test_activate_plan_refuses_unknown_plans_and_closed_cases(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    plan = await created(api, gid(case))
    assert only(await activate(api, "PLN_" + "A" * 22)) == ("NOT_FOUND", ["input", "id"])
    assert only(await activate(api, gid(case))) == ("NOT_FOUND", ["input", "id"])
    assert (await call(api, admin(), CLOSE, "closeCase", id=gid(case)))["userErrors"] == []
    assert only(await activate(api, plan["id"]))[0] == "INVALID_STATE"


# ---------------------------------------------------------------------- approvePlan


async def test_the_participant_and_the_employer_approve_a_plan(api: Api, world: World) -> None:
    person = await world.participant()
    employer = await world.actor(R.EMPLOYER)
    case = await world.case(person, team={employer: R.EMPLOYER}, employer=employer)
    plan = await created(api, gid(case))

    payload = await call(api, as_participant(person), APPROVE, "approvePlan", id=plan["id"])
    assert payload["userErrors"] == []
    assert [a["role"] for a in payload["plan"]["approvals"]] == ["PARTICIPANT"]
    payload = await call(api, as_actor(employer), APPROVE, "approvePlan", id=plan["id"])
    assert payload["userErrors"] == []
    approvals = payload["plan"]["approvals"]
    assert [(a["role"], a["actor"]["id"]) for a in approvals][1] == ("EMPLOYER", gid(employer))
    assert all(a["approvedAt"].startswith("2026-03-02T09:00:00") for a in approvals)
    view = await case_view(api, gid(case))
    assert kinds(view)[-2:] == ["plan.approved", "plan.approved"]
    assert (
        view["events"]["edges"][-1]["node"]["summary"] == "Plan version 1 approved by the employer"
    )

    # An ACTIVE plan can still be approved; a second approval is refused.
    assert (await activate(api, plan["id"]))["userErrors"] == []
    twice = await call(api, as_participant(person), APPROVE, "approvePlan", id=plan["id"])
    assert only(twice) == ("ALREADY_EXISTS", ["input", "id"])


async def test_approve_plan_refuses_what_cannot_be_approved(api: Api, world: World) -> None:
    person = await world.participant()
    case = await world.case(person)
    first = await created(api, gid(case))
    second = await created(api, gid(case))
    assert (await activate(api, first["id"]))["userErrors"] == []
    assert (await activate(api, second["id"]))["userErrors"] == []
    superseded = await call(api, as_participant(person), APPROVE, "approvePlan", id=first["id"])
    assert only(superseded)[0] == "INVALID_STATE"
    missing = await call(api, as_participant(person), APPROVE, "approvePlan", id="PLN_" + "A" * 22)
    assert only(missing) == ("NOT_FOUND", ["input", "id"])
    malformed = await api.query(as_participant(person), APPROVE, id="PLN_nope")
    assert malformed.bad_input == ["input", "id"]

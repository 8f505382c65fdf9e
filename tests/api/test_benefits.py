"""grantBenefit and endBenefit through the GraphQL API, with the generic benefit rules."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from support import Api, World, admin, gid

from vocrehab.core.clock import Clock
from vocrehab.db import models as m

ERRORS = "userErrors { field code message rule { code severity legalReference } }"
PERIOD = "id degree startDate endDate case { id } benefitType { code name allowedDegrees legalReference }"
GRANT = f"""mutation($input: GrantBenefitInput!) {{
  grantBenefit(input: $input) {{ benefitPeriod {{ {PERIOD} }} {ERRORS} }} }}"""
END = f"""mutation($input: EndBenefitInput!) {{
  endBenefit(input: $input) {{ benefitPeriod {{ {PERIOD} }} {ERRORS} }} }}"""
CASE = f"""query($id: ID!) {{ node(id: $id) {{ ... on Case {{
  benefits {{ {PERIOD} }}
  events(first: 100) {{ edges {{ node {{ kind summary }} }} }} }} }} }}"""


async def grant(api: Api, case: m.Case, **fields: Any) -> dict[str, Any]:
    given = {
        "caseId": gid(case),
        "benefitTypeCode": "SICKNESS_BENEFIT",
        "degree": 50,
        "startDate": "2026-03-01",
        **fields,
    }
    return (await api.query(admin(), GRANT, input=given)).data["grantBenefit"]


async def end(api: Api, period_id: str, end_date: str) -> dict[str, Any]:
    given = {"id": period_id, "endDate": end_date}
    return (await api.query(admin(), END, input=given)).data["endBenefit"]


async def case_view(api: Api, case: m.Case) -> dict[str, Any]:
    return (await api.query(admin(), CASE, id=gid(case))).data["node"]


def kinds(view: dict[str, Any]) -> list[str]:
    return [edge["node"]["kind"] for edge in view["events"]["edges"]]


def only(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["benefitPeriod"] is None
    [error] = payload["userErrors"]
    return error


async def test_grant_a_benefit(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    payload = await grant(api, case, degree=60, endDate="2026-05-31")
    assert payload["userErrors"] == []
    period = payload["benefitPeriod"]
    assert period["degree"] == 60
    assert (period["startDate"], period["endDate"]) == ("2026-03-01", "2026-05-31")
    assert period["case"] == {"id": gid(case)}
    assert period["benefitType"]["code"] == "SICKNESS_BENEFIT"
    assert period["benefitType"]["name"] == "Sickness benefit"
    assert period["benefitType"]["allowedDegrees"] == list(range(1, 101))
    view = await case_view(api, case)
    assert view["benefits"] == [period]
    assert kinds(view)[-1] == "benefit.granted"
    assert view["events"]["edges"][-1]["node"]["summary"] == "SICKNESS_BENEFIT granted at 60 %"


async def test_the_degree_must_be_one_the_benefit_type_allows(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    error = only(await grant(api, case, benefitTypeCode="DISABILITY_BENEFIT", degree=30))
    # The platform refuses it from the type's declared degrees, before any plugin rule.
    assert (error["code"], error["field"], error["rule"]) == (
        "INVALID_INPUT",
        ["input", "degree"],
        None,
    )
    assert error["message"] == "Disability benefit is granted at 25, 50, 75 or 100 %, not 30 %"
    ok = await grant(api, case, benefitTypeCode="DISABILITY_BENEFIT", degree=75)
    assert ok["userErrors"] == []


async def test_periods_of_one_type_do_not_overlap(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    assert (await grant(api, case, endDate="2026-03-31"))["userErrors"] == []
    error = only(await grant(api, case, startDate="2026-03-31"))
    assert (error["code"], error["field"]) == ("RULE_VIOLATION", ["input", "startDate"])
    assert error["rule"]["code"] == "GEN_BENEFIT_OVERLAP"
    # The next day is fine, and so is another type on the same days.
    assert (await grant(api, case, startDate="2026-04-01"))["userErrors"] == []
    other = await grant(api, case, benefitTypeCode="REHABILITATION_BENEFIT", degree=100)
    assert other["userErrors"] == []
    assert len((await case_view(api, case))["benefits"]) == 3


async def test_grant_benefit_refuses_bad_input(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    payload = await grant(
        api,
        case,
        benefitTypeCode="LOTTERY",
        degree=150,
        startDate="2026-03-10",
        endDate="2026-03-09",
    )
    assert payload["benefitPeriod"] is None
    assert {(tuple(e["field"]), e["code"]) for e in payload["userErrors"]} == {
        (("input", "benefitTypeCode"), "INVALID_INPUT"),
        (("input", "degree"), "INVALID_INPUT"),
        (("input", "endDate"), "INVALID_INPUT"),
    }
    malformed = {"caseId": "CAS_nope", "benefitTypeCode": "SICKNESS_BENEFIT", "degree": 50,
                 "startDate": "2026-03-01"}  # fmt: skip
    assert (await api.query(admin(), GRANT, input=malformed)).bad_input == ["input", "caseId"]
    error = only(await grant(api, case, caseId="CAS_" + "A" * 22))
    assert (error["code"], error["field"]) == ("NOT_FOUND", ["input", "caseId"])
    view = await case_view(api, case)
    assert view["benefits"] == []
    assert kinds(view) == ["case.opened"]


async def test_no_benefit_is_granted_on_a_closed_case(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    closed = await api.query(
        admin(),
        'mutation($id: ID!) { closeCase(input: {id: $id, reason: "Done"}) { userErrors { code } } }',
        id=gid(case),
    )
    assert closed.data["closeCase"]["userErrors"] == []
    assert only(await grant(api, case))["code"] == "INVALID_STATE"


async def test_end_a_benefit(api: Api, world: World, clock: Clock) -> None:
    case = await world.case(await world.participant())
    period = (await grant(api, case))["benefitPeriod"]
    payload = await end(api, period["id"], "2026-04-15")
    assert payload["userErrors"] == []
    assert payload["benefitPeriod"]["endDate"] == "2026-04-15"
    view = await case_view(api, case)
    assert view["benefits"][0]["endDate"] == "2026-04-15"
    assert kinds(view)[-1] == "benefit.ended"
    assert view["events"]["edges"][-1]["node"]["summary"] == "SICKNESS_BENEFIT ends 2026-04-15"

    # Until that day comes it can still be ended earlier; after it, it has ended.
    assert (await end(api, period["id"], "2026-03-31"))["userErrors"] == []
    clock.advance(timedelta(days=30))
    assert only(await end(api, period["id"], "2026-03-20"))["code"] == "INVALID_STATE"
    assert (await case_view(api, case))["benefits"][0]["endDate"] == "2026-03-31"


async def test_end_benefit_refuses_bad_input(api: Api, world: World) -> None:
    case = await world.case(await world.participant())
    period = (await grant(api, case))["benefitPeriod"]
    error = only(await end(api, period["id"], "2026-02-28"))
    assert (error["code"], error["field"]) == ("INVALID_INPUT", ["input", "endDate"])
    for unknown in ("BEN_" + "A" * 22, gid(case)):
        error = only(await end(api, unknown, "2026-04-01"))
        assert (error["code"], error["field"]) == ("NOT_FOUND", ["input", "id"]), unknown
    malformed = {"id": "BEN_nope", "endDate": "2026-04-01"}
    assert (await api.query(admin(), END, input=malformed)).bad_input == ["input", "id"]
    assert (await case_view(api, case))["benefits"][0]["endDate"] is None

    # Ended today counts as ended.
    assert (await end(api, period["id"], "2026-03-02"))["userErrors"] == []
    assert only(await end(api, period["id"], "2026-03-01"))["code"] == "INVALID_STATE"

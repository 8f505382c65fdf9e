"""Top-level errors of values the client sent as variables: the client's to fix
(BAD_USER_INPUT, the path to the value), never logged as unexpected; and the
database being unavailable, which is no bug either (vocrehab.api.errors)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from graphql import GraphQLError
from sqlalchemy import exc as sa_exc
from support import Api, World, admin, gid

from vocrehab.api.errors import classify, unavailable

GRANT = """mutation($input: GrantBenefitInput!) {
  grantBenefit(input: $input) { benefitPeriod { id } userErrors { code } } }"""
PLAN = (
    """mutation($input: CreatePlanInput!) { createPlan(input: $input) { userErrors { code } } }"""
)
CASES = "query($s: [CaseStatus!]) { cases(filter: {status: $s}) { totalCount } }"


async def post(api: Api, body: str) -> tuple[int, dict[str, Any]]:
    """A request body as given, so that it can hold what json.dumps never writes (1e400)."""
    response = await api.client.post(
        "/graphql",
        content=body,
        headers={
            "authorization": f"Bearer {api.token(admin())}",
            "content-type": "application/json",
        },
    )
    return response.status_code, response.json()


def grant(case_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "caseId": case_id, "benefitTypeCode": "SICKNESS_BENEFIT", "degree": 50,
        "startDate": "2026-03-02", **fields,
    }  # fmt: skip


async def test_a_variable_that_does_not_fit_its_type_is_bad_user_input(
    api: Api, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    case = gid(await world.case(await world.participant()))
    sent = [
        (GRANT, {"input": grant(case, startDate="2026-02-30")}, ["input", "startDate"]),
        (GRANT, {"input": grant(case, degree=2**31)}, ["input", "degree"]),
        (GRANT, {"input": grant(case, degree="fifty")}, ["input", "degree"]),
        (GRANT, {"input": grant(case, endDate="tomorrow")}, ["input", "endDate"]),
        (CASES, {"s": ["OPEN", "NOPE"]}, ["s", "1"]),
        (
            PLAN,
            {"input": {"caseId": case, "title": "T", "steps": [
                {"startDate": "2026-03-02", "endDate": "2026-03-29", "workPercent": "half"}
            ]}},
            ["input", "steps", "0", "workPercent"],
        ),
    ]  # fmt: skip
    with caplog.at_level(logging.WARNING):
        for query, variables, field in sent:
            result = await api.query(admin(), query, **variables)
            assert result.status == 200
            [error] = result.errors
            assert error["extensions"] == {
                "code": "BAD_USER_INPUT",
                "variable": field[0],
                "field": field,
            }, variables
            assert error["message"].startswith(f"Variable '${field[0]}' has invalid value")
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


async def test_numbers_beyond_int_sent_as_written(api: Api, world: World) -> None:
    case = gid(await world.case(await world.participant()))
    for degree in ("1e400", "2147483648", "-2147483649", "50.5"):
        variables = json.dumps({"input": grant(case)}).replace(
            '"degree": 50', f'"degree": {degree}'
        )
        status, body = await post(
            api, json.dumps({"query": GRANT})[:-1] + f', "variables": {variables}}}'
        )
        assert status == 200
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"], degree
        assert body["errors"][0]["extensions"]["field"] == ["input", "degree"]


async def test_a_missing_variable_is_bad_user_input_and_an_inline_value_invalid(
    api: Api,
) -> None:
    missing = await api.query(admin(), GRANT)
    assert missing.codes == ["BAD_USER_INPUT"]
    assert missing.errors[0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "variable": "input",
        "field": ["input"],
    }
    inline = await api.query(admin(), "{ cases(filter: {status: [NOPE]}) { totalCount } }")
    assert inline.codes == ["GRAPHQL_VALIDATION_FAILED"]
    # A variable the document itself misuses is a document error, not a value's.
    unused = await api.query(admin(), "query($q: String) { viewer { clientId } }", q="x")
    assert unused.codes == ["GRAPHQL_VALIDATION_FAILED"]


def test_an_unreachable_database_is_unavailable_not_a_bug(caplog: pytest.LogCaptureFixture) -> None:
    outages = [
        ConnectionRefusedError(111, "Connect call failed"),
        sa_exc.OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked")),
    ]
    with caplog.at_level(logging.WARNING):
        for outage in outages:
            [error] = classify([GraphQLError("boom", original_error=outage)], "req-1")
            assert error.extensions == {"code": "SERVICE_UNAVAILABLE"}
            assert unavailable([error])
    assert all(r.levelno == logging.WARNING and r.exc_info is None for r in caplog.records)
    [bug] = classify([GraphQLError("boom", original_error=KeyError("x"))], "req-2")
    assert bug.extensions == {"code": "INTERNAL_SERVER_ERROR", "correlationId": "req-2"}
    assert not unavailable([bug])

"""Every failure outside GraphQL execution is JSON with extensions.code and an
X-Request-ID, on every route and method (vocrehab.failures), and changes nothing."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from support import Api, World, admin, gid, settings, take_down

from vocrehab.app import create_app
from vocrehab.core.clock import Clock
from vocrehab.db.base import Base
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost

DOC = "DOC_" + "A" * 22
GRANT = """mutation($input: GrantBenefitInput!) {
  grantBenefit(input: $input) { benefitPeriod { id } userErrors { code } } }"""
GRANTED = {"caseId": "CAS_" + "A" * 22, "benefitTypeCode": "SICKNESS_BENEFIT", "degree": 50,
           "startDate": "2026-03-02"}  # fmt: skip
STATUS = """mutation($input: ChangeInterventionStatusInput!) {
  changeInterventionStatus(input: $input) { userErrors { code } } }"""
Row = tuple[str, str, dict[str, Any], int, str]

VIEWER = "{ viewer { clientId } }"
DEEP = 5000


def body(raw: bytes | str, content_type: str = "application/json") -> dict[str, Any]:
    """Request options: `raw` sent as given, with an admin token."""
    content = raw.encode() if isinstance(raw, str) else raw
    return {"content": content, "headers": {"authorization": "TOKEN", "content-type": content_type}}


# (method, path, request options, status, code); "TOKEN" is replaced by an admin token.
MALFORMED: list[Row] = [
    # Bodies that cannot be read as one GraphQL request: refused before parsing or running.
    ("POST", "/graphql", body(b"\xff\xfe{"), 400, "BAD_REQUEST"),
    ("POST", "/graphql", body(b'{"query": "{ viewer { clientId } }", "operationName": "\xc3"}'), 400, "BAD_REQUEST"),
    ("POST", "/graphql", body("{not json"), 400, "BAD_REQUEST"),
    ("POST", "/graphql", body('{"query": "{ viewer { clientId } }"'), 400, "BAD_REQUEST"),
    ("POST", "/graphql", body(""), 400, "BAD_REQUEST"),
    ("POST", "/graphql", body("[" * DEEP + "]" * DEEP), 400, "BAD_REQUEST"),
    ("POST", "/graphql", body('{"a":' * DEEP + "1" + "}" * DEEP), 400, "BAD_REQUEST"),
    ("POST", "/graphql", body(json.dumps({"query": VIEWER, "variables": {"v": "x"}}).replace('"x"', "[" * DEEP + "]" * DEEP)), 400, "BAD_REQUEST"),
    ("POST", "/graphql", body(json.dumps([{"query": VIEWER}, {"query": VIEWER}])), 400, "BAD_REQUEST"),
    ("POST", "/graphql", body(json.dumps("{ viewer { clientId } }")), 400, "BAD_REQUEST"),
    ("POST", "/graphql", body(json.dumps({"query": 42})), 400, "BAD_REQUEST"),
    ("POST", "/graphql", body(json.dumps({"query": VIEWER, "variables": []})), 400, "BAD_REQUEST"),
    ("POST", "/graphql", body(json.dumps({"query": VIEWER, "operationName": 7})), 400, "BAD_REQUEST"),
    ("POST", "/graphql", body(json.dumps({"query": VIEWER, "extensions": "x"})), 400, "BAD_REQUEST"),
    ("POST", "/graphql", body(json.dumps({})), 400, "BAD_REQUEST"),
    ("POST", "/graphql", body(json.dumps({"query": VIEWER}), "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE"),
    ("POST", "/graphql", body(json.dumps({"query": VIEWER}), "application/graphql"), 415, "UNSUPPORTED_MEDIA_TYPE"),
    ("POST", "/graphql", body("query=%7B+viewer+%7D", "application/x-www-form-urlencoded"), 415, "UNSUPPORTED_MEDIA_TYPE"),
    ("POST", "/graphql", body(b"--x\r\n\r\n--x--", "multipart/form-data; boundary=x"), 415, "UNSUPPORTED_MEDIA_TYPE"),
    ("POST", "/graphql", {"content": json.dumps({"query": VIEWER}).encode(), "headers": {"authorization": "TOKEN"}}, 415, "UNSUPPORTED_MEDIA_TYPE"),
    ("POST", "/graphql", body(json.dumps({"query": " " * 300_000 + VIEWER})), 413, "PAYLOAD_TOO_LARGE"),
    ("GET", "/graphql", {"params": {"query": VIEWER, "variables": "{not json"}, "headers": {"authorization": "TOKEN"}}, 400, "BAD_REQUEST"),
    ("GET", "/graphql", {"params": {"query": VIEWER, "variables": "[" * DEEP + "]" * DEEP}, "headers": {"authorization": "TOKEN"}}, 400, "BAD_REQUEST"),
    ("GET", "/graphql?query=%ff%fe", {"headers": {"authorization": "TOKEN"}}, 200, "GRAPHQL_PARSE_FAILED"),
    ("POST", "/graphql", {"json": {"query": "{ node(id: \"CAS_\u0000\") { id } }"}, "headers": {"authorization": "TOKEN"}}, 200, "BAD_USER_INPUT"),
    ("POST", "/graphql", body(json.dumps({"query": GRANT, "variables": {"input": GRANTED}}).replace('"degree": 50', '"degree": 1e400')), 200, "BAD_USER_INPUT"),
    ("POST", "/graphql", {"json": {"query": "{ " * DEEP + "}" * DEEP}, "headers": {"authorization": "TOKEN"}}, 200, "GRAPHQL_PARSE_FAILED"),

    ("GET", "/nope", {}, 404, "NOT_FOUND"),
    ("POST", "/nope", {"json": {"query": "{ viewer { clientId } }"}}, 404, "NOT_FOUND"),
    ("DELETE", "/graphql/extra", {}, 404, "NOT_FOUND"),
    ("OPTIONS", "/nope", {}, 404, "NOT_FOUND"),
    ("GET", "/%ff%fe/%00", {}, 404, "NOT_FOUND"),
    ("GET", "/documents/", {}, 404, "NOT_FOUND"),
    ("PUT", "/graphql", {"json": {"query": "{ viewer { clientId } }"}}, 405, "METHOD_NOT_ALLOWED"),
    ("DELETE", "/graphql", {}, 405, "METHOD_NOT_ALLOWED"),
    ("PATCH", "/graphql", {}, 405, "METHOD_NOT_ALLOWED"),
    ("BREW", "/graphql", {}, 405, "METHOD_NOT_ALLOWED"),
    ("GET", "/oauth/token", {}, 405, "METHOD_NOT_ALLOWED"),
    ("PUT", "/oauth/revoke", {}, 405, "METHOD_NOT_ALLOWED"),
    ("DELETE", "/oauth/introspect", {}, 405, "METHOD_NOT_ALLOWED"),
    ("POST", "/healthz", {}, 405, "METHOD_NOT_ALLOWED"),
    ("PUT", "/readyz", {}, 405, "METHOD_NOT_ALLOWED"),
    ("POST", "/.well-known/jwks.json", {}, 405, "METHOD_NOT_ALLOWED"),
    ("DELETE", f"/documents/{DOC}", {}, 405, "METHOD_NOT_ALLOWED"),
    ("POST", "/graphql", {"json": {"query": "{ viewer { clientId } }"}}, 401, "UNAUTHENTICATED"),
    ("POST", "/graphql", {"headers": {"authorization": "Bearer x.y.z"}}, 401, "UNAUTHENTICATED"),
    ("POST", "/graphql", {"headers": {"authorization": "Basic dTpw"}}, 401, "UNAUTHENTICATED"),
    ("GET", f"/documents/{DOC}", {}, 401, "UNAUTHENTICATED"),
    ("GET", "/documents/garbage", {"headers": {"authorization": "TOKEN"}}, 404, "NOT_FOUND"),
    ("GET", f"/documents/{DOC}", {"headers": {"authorization": "TOKEN"}}, 404, "NOT_FOUND"),
    # Well-formed requests whose values cannot be right: coded GraphQL errors.
    *[
        ("POST", "/graphql", {"headers": {"authorization": "TOKEN"}, "json": body}, 200, code)
        for body, code in [
            ({"query": GRANT, "variables": {"input": {**GRANTED, "startDate": "2026-02-30"}}}, "BAD_USER_INPUT"),
            ({"query": GRANT, "variables": {"input": {**GRANTED, "degree": 2**31}}}, "BAD_USER_INPUT"),
            ({"query": STATUS, "variables": {"input": {"id": "INT_" + "A" * 22, "status": "NOPE"}}}, "BAD_USER_INPUT"),
            ({"query": GRANT, "variables": {"input": {**GRANTED, "benefitTypeCode": None}}}, "BAD_USER_INPUT"),
            ({"query": GRANT, "variables": {"input": {**GRANTED, "caseId": "garbage"}}}, "BAD_USER_INPUT"),
            ({"query": GRANT, "variables": {}}, "BAD_USER_INPUT"),
            ({"query": "{ node(id: \"garbage\") { id } }"}, "BAD_USER_INPUT"),
            ({"query": "query($s: [CaseStatus!]) { cases(filter: {status: $s}) { totalCount } }", "variables": {"s": ["NOPE"]}}, "BAD_USER_INPUT"),
            ({"query": "{ cases(first: 1000) { totalCount } }"}, "BAD_USER_INPUT"),
            ({"query": "{ cases { "}, "GRAPHQL_PARSE_FAILED"),
            ({"query": "{ nope }"}, "GRAPHQL_VALIDATION_FAILED"),
        ]
    ],
]  # fmt: skip


@pytest.fixture
async def client(api: Api) -> AsyncIterator[httpx.AsyncClient]:
    yield api.client


async def row_counts(db: Database) -> dict[str, int]:
    async with db.session() as session:
        return {
            table.name: int(
                await session.scalar(sa.select(sa.func.count()).select_from(table)) or 0
            )
            for table in Base.metadata.sorted_tables
        }


def options(api: Api, given: dict[str, Any]) -> dict[str, Any]:
    headers = dict(given.get("headers", {}))
    if headers.get("authorization") == "TOKEN":
        headers["authorization"] = f"Bearer {api.token(admin())}"
    return {**given, "headers": headers}


def assert_coded(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert len(response.headers["x-request-id"]) == 32
    assert response.headers["content-type"].startswith("application/json")
    assert "Traceback" not in response.text
    body: dict[str, Any] = response.json()
    assert body["errors"][0]["extensions"]["code"] == code, body
    return body


async def test_every_malformed_request_gets_a_coded_json_error(api: Api, db: Database) -> None:
    before = await row_counts(db)
    for method, path, given, status, code in MALFORMED:
        response = await api.client.request(method, path, **options(api, given))
        try:
            assert_coded(response, status, code)
        except AssertionError as failed:
            raise AssertionError(f"{method} {path[:60]} {str(given)[:80]}") from failed
        if status == 405:
            assert "GET" in response.headers["allow"] or "POST" in response.headers["allow"]
    assert await row_counts(db) == before


async def test_head_of_a_missing_path_is_a_404_without_a_body(api: Api) -> None:
    response = await api.client.head("/nope")
    assert response.status_code == 404 and response.content == b""
    assert len(response.headers["x-request-id"]) == 32


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/graphql", {"GET", "HEAD", "POST", "OPTIONS"}),
        ("/oauth/token", {"POST", "OPTIONS"}),
        ("/oauth/authorize", {"GET", "HEAD", "POST", "OPTIONS"}),
        ("/healthz", {"GET", "HEAD", "OPTIONS"}),
        (f"/documents/{DOC}", {"GET", "HEAD", "OPTIONS"}),
        ("/.well-known/jwks.json", {"GET", "HEAD", "OPTIONS"}),
    ],
)
async def test_options_is_answered_on_every_route(api: Api, path: str, allowed: set[str]) -> None:
    response = await api.client.options(path)
    assert response.status_code == 204, response.text
    assert set(response.headers["allow"].split(", ")) == allowed
    assert len(response.headers["x-request-id"]) == 32


@pytest.fixture
def cors_api(db: Database, host: PluginHost, clock: Clock) -> Starlette:
    return create_app(
        settings(cors_origins="https://app.example"), host=host, clock=clock, database=db
    )


async def test_with_cors_a_preflight_is_cors_and_a_plain_options_is_ours(
    cors_api: Starlette,
) -> None:
    async with cors_api.router.lifespan_context(cors_api):
        transport = httpx.ASGITransport(app=cors_api)
        async with httpx.AsyncClient(transport=transport, base_url="https://t") as client:
            preflight = {
                "origin": "https://app.example",
                "access-control-request-method": "POST",
                "access-control-request-headers": "authorization, content-type",
            }
            answered = await client.options("/graphql", headers=preflight)
            assert answered.status_code == 200
            assert answered.headers["access-control-allow-origin"] == "https://app.example"
            refused = await client.options(
                "/graphql", headers={**preflight, "origin": "https://evil.example"}
            )
            assert_coded(refused, 400, "BAD_REQUEST")
            assert (await client.options("/graphql")).status_code == 204
            # An error reaches the frontend with the CORS headers it needs to read it.
            unauthenticated = await client.post(
                "/graphql", json={}, headers={"origin": "https://app.example"}
            )
            assert_coded(unauthenticated, 401, "UNAUTHENTICATED")
            assert unauthenticated.headers["access-control-allow-origin"] == "https://app.example"


async def test_routes_added_later_are_covered_too(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    async def explodes(request: Request) -> Response:
        raise RuntimeError("secret internal detail")

    async def unreachable(request: Request) -> Response:
        raise ConnectionRefusedError(111, "Connect call failed")

    async def plain(request: Request) -> Response:
        return PlainTextResponse("no such thing here", status_code=400)

    api.app.router.routes += [
        Route("/later/explodes", explodes),
        Route("/later/unreachable", unreachable),
        Route("/later/plain", plain, methods=["GET", "PUT"]),
    ]
    with caplog.at_level(logging.ERROR, logger="vocrehab.http"):
        exploded = await api.client.get("/later/explodes")
    body = assert_coded(exploded, 500, "INTERNAL_SERVER_ERROR")
    request_id = exploded.headers["x-request-id"]
    assert body["errors"][0]["extensions"]["correlationId"] == request_id
    assert "secret" not in exploded.text
    [logged] = [r for r in caplog.records if request_id in r.getMessage()]
    assert logged.exc_info is not None and "secret internal detail" in str(logged.exc_info[1])

    down = await api.client.get("/later/unreachable")
    assert_coded(down, 503, "SERVICE_UNAVAILABLE")
    assert int(down.headers["retry-after"]) > 0
    body = assert_coded(await api.client.get("/later/plain"), 400, "BAD_REQUEST")
    assert body["errors"][0]["message"] == "no such thing here"
    allowed = (await api.client.options("/later/plain")).headers["allow"]
    assert set(allowed.split(", ")) == {"GET", "HEAD", "PUT", "OPTIONS"}


DOWN: list[Row] = [
    ("POST", "/graphql", {"json": {"query": "{ viewer { clientId } }"}}, 503, "SERVICE_UNAVAILABLE"),
    ("POST", "/graphql", {"json": {"query": "mutation { createActor(input: {kind: PERSON, stakeholderType: CLINICIAN, name: \"X\"}) { userErrors { code } } }"}}, 503, "SERVICE_UNAVAILABLE"),
    ("GET", "/readyz", {}, 503, "SERVICE_UNAVAILABLE"),
    ("GET", f"/documents/{DOC}", {}, 503, "SERVICE_UNAVAILABLE"),
    ("POST", "/oauth/token", {"data": {"grant_type": "client_credentials", "client_id": "c", "client_secret": "s"}}, 503, "SERVICE_UNAVAILABLE"),
    ("GET", "/nope", {}, 404, "NOT_FOUND"),
]  # fmt: skip


async def test_an_unavailable_database_is_a_503_on_every_route(
    api: Api, database_down: Database, caplog: pytest.LogCaptureFixture
) -> None:
    token = api.token(admin())  # signed before: the keys are in memory
    with caplog.at_level(logging.WARNING):
        for method, path, given, status, code in DOWN:
            headers = {"authorization": f"Bearer {token}", **given.pop("headers", {})}
            response = await api.client.request(method, path, headers=headers, **given)
            assert_coded(response, status, code)
            if status == 503:
                assert int(response.headers["retry-after"]) > 0
    assert not [r for r in caplog.records if r.exc_info], "an outage is no stack trace"
    # What needs no database still works: liveness, OPTIONS, the keys read at start-up.
    assert (await api.client.get("/healthz")).status_code == 200
    assert (await api.client.options("/graphql")).status_code == 204
    assert (await api.client.get("/.well-known/jwks.json")).status_code == 200


async def test_the_database_failing_during_execution_is_a_503_too(
    api: Api, world: World, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = await world.case(await world.participant())
    token = api.token(admin())
    validator = api.app.state.services.validator

    async def not_revoked(token_id: str) -> bool:  # the token check passes; then it goes down
        return False

    monkeypatch.setattr(validator.denylist, "is_revoked", not_revoked)
    take_down(db, monkeypatch)
    query = "query($id: ID!) { node(id: $id) { id } }"
    response = await api.client.post(
        "/graphql",
        json={"query": query, "variables": {"id": gid(case)}},
        headers={"authorization": f"Bearer {token}"},
    )
    assert_coded(response, 503, "SERVICE_UNAVAILABLE")

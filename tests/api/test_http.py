"""GraphQL over HTTP as clients speak it: GET for queries, persisted queries, the
GraphQL-over-HTTP media type. Every request that cannot run gets a coded JSON
answer, decided before anything is parsed or executed: tests/test_failures.py."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import Any

from support import Api, World, admin

from vocrehab.hooks.vocabulary import StakeholderType as R

VIEWER = "query Me { viewer { stakeholderType } }"


def _headers(api: Api, **extra: str) -> dict[str, str]:
    return {"authorization": f"Bearer {api.token(admin())}", **extra}


async def _post(api: Api, body: Any, **headers: str) -> tuple[int, dict[str, Any]]:
    response = await api.client.post(
        "/graphql",
        content=body if isinstance(body, bytes) else json.dumps(body).encode(),
        headers={"content-type": "application/json", **_headers(api), **headers},
    )
    return response.status_code, response.json()


def _code(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"])


async def test_queries_by_get_and_never_mutations(api: Api) -> None:
    response = await api.client.get("/graphql", params={"query": VIEWER}, headers=_headers(api))
    assert response.status_code == 200
    assert response.json()["data"]["viewer"]["stakeholderType"] == "ADMIN"
    mutation = 'mutation { closeCase(input: {id: "CAS_AAAAAAAAAAAAAAAAAAAAAA", reason: "x"}) { userErrors { code } } }'
    refused = await api.client.get("/graphql", params={"query": mutation}, headers=_headers(api))
    assert refused.status_code == 405 and _code(refused.json()) == "METHOD_NOT_ALLOWED"
    assert refused.headers["allow"] == "POST"


async def test_persisted_queries_skip_the_document(api: Api) -> None:
    digest = hashlib.sha256(VIEWER.encode()).hexdigest()
    persisted = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    status, body = await _post(api, {"extensions": persisted})
    assert status == 200 and _code(body) == "PERSISTED_QUERY_NOT_FOUND"
    assert body["errors"][0]["message"] == "PersistedQueryNotFound"  # what Apollo clients look for
    status, body = await _post(api, {"query": VIEWER, "extensions": persisted})
    assert body["data"]["viewer"]["stakeholderType"] == "ADMIN"
    status, body = await _post(api, {"extensions": persisted})
    assert body["data"]["viewer"]["stakeholderType"] == "ADMIN", "known by its hash alone"
    by_get = await api.client.get(
        "/graphql", params={"extensions": json.dumps(persisted)}, headers=_headers(api)
    )
    assert by_get.json()["data"]["viewer"]["stakeholderType"] == "ADMIN"
    wrong = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
    status, body = await _post(api, {"query": VIEWER, "extensions": wrong})
    assert status == 400 and _code(body) == "BAD_REQUEST"


async def test_a_known_document_is_parsed_and_validated_once(api: Api) -> None:
    documents = api.app.state.services.pipeline.documents
    await _post(api, {"query": VIEWER})
    prepared = documents.prepare(VIEWER, None)
    for _ in range(3):
        await _post(api, {"query": VIEWER})
    assert documents.prepare(VIEWER, None) is prepared, "the same prepared document every time"


async def test_distinct_large_queries_do_not_grow_the_document_cache(api: Api) -> None:
    """Each query is well under the size limit; together they are far over the cache's
    bound, which holds, whatever they are: documents, syntax errors, made-up operation
    names, persisted queries."""
    documents = api.app.state.services.pipeline.documents
    bound = 256 * 1024
    documents.limits = replace(documents.limits, cache_bytes=bound)
    padding = "#" + "x" * 60_000 + "\n"
    for i in range(12):
        status, body = await _post(
            api, {"query": f"{padding}query Q{i} {{ viewer {{ clientId }} }}"}
        )
        assert status == 200 and "errors" not in body, body
        broken = await _post(api, {"query": f"{padding}{{ viewer {{ {i}"})
        assert _code(broken[1]) == "GRAPHQL_PARSE_FAILED"
        text = f"{padding}query P{i} {{ viewer {{ clientId }} }}"
        digest = hashlib.sha256(text.encode()).hexdigest()
        persisted = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
        assert "errors" not in (await _post(api, {"query": text, "extensions": persisted}))[1]
        assert documents.held_bytes <= 2 * bound, i
    assert documents.held_bytes > bound, "the caches were filled"
    last = f"{padding}query Q11 {{ viewer {{ clientId }} }}"
    kept = documents.prepare(last, "Q11")
    for name in range(100):  # names no operation has: answered, never kept
        assert _code((await _post(api, {"query": last, "operationName": f"N{name}"}))[1])
    assert documents.prepare(last, "Q11") is kept, "the newest document is still kept"
    assert len(documents._parsed[last].prepared) <= 8
    assert documents.held_bytes <= 2 * bound
    first = f"{padding}query Q0 {{ viewer {{ clientId }} }}"
    assert documents.prepare(first, None) is not documents.prepare(last, None)
    assert (await _post(api, {"query": first}))[0] == 200, "an evicted document is parsed again"


async def test_the_graphql_response_media_type_speaks_in_status_codes(api: Api) -> None:
    media = "application/graphql-response+json"
    response = await api.client.post(
        "/graphql", json={"query": "{ nope }"}, headers=_headers(api, accept=media)
    )
    assert response.status_code == 400 and response.headers["content-type"] == media
    assert _code(response.json()) == "GRAPHQL_VALIDATION_FAILED"
    ok = await api.client.post(
        "/graphql", json={"query": VIEWER}, headers=_headers(api, accept=media)
    )
    assert ok.status_code == 200 and ok.headers["content-type"] == media


async def test_a_token_error_says_why(api: Api) -> None:
    missing = await api.client.post("/graphql", json={"query": VIEWER})
    assert missing.status_code == 401
    assert missing.json()["errors"][0]["extensions"] == {
        "code": "UNAUTHENTICATED",
        "reason": "missing",
    }
    garbled = await api.client.post(
        "/graphql", json={"query": VIEWER}, headers={"authorization": "Bearer not-a-jwt"}
    )
    assert garbled.json()["errors"][0]["extensions"]["reason"] == "invalid"


async def test_a_cursor_belongs_to_its_order(api: Api, world: World) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    for i in range(3):
        person = await world.participant(given=f"P{i}")
        await world.case(person, team={manager: R.CASE_MANAGER})
    page = await api.query(admin(), "{ cases(first: 1) { pageInfo { endCursor } } }")
    cursor = page.data["cases"]["pageInfo"]["endCursor"]
    same = await api.query(
        admin(),
        "query($a: String) { cases(first: 1, after: $a) { edges { node { id } } } }",
        a=cursor,
    )
    assert same.data["cases"]["edges"]
    other = await api.query(
        admin(),
        "query($a: String) { cases(first: 1, after: $a, orderBy: {field: REFERENCE, direction: ASC}) { edges { node { id } } } }",
        a=cursor,
    )
    assert other.codes == ["BAD_USER_INPUT"] and "another order" in other.errors[0]["message"]
    backward = await api.query(
        admin(),
        "query($b: String) { cases(last: 1, before: $b, orderBy: {field: REFERENCE, direction: ASC}) { edges { node { id } } } }",
        b=cursor,
    )
    assert backward.codes == ["BAD_USER_INPUT"]
    assert "without a cursor (`after` or `before`)" in backward.errors[0]["message"]


async def test_metrics_count_operations(api: Api) -> None:
    await _post(api, {"query": VIEWER})
    metrics = (await api.client.get("/metrics")).text
    assert 'vocrehab_operation_seconds_count{kind="query",operation="Me"}' in metrics
    assert "vocrehab_operation_statements_bucket" in metrics
    assert 'vocrehab_db_pool_connections{state="in_use"}' in metrics
    assert 'vocrehab_access_log_unsealed{measure="entries"}' in metrics

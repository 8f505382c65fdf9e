"""Case events pushed over graphql-transport-ws to a real server: the subscriber
hears each committed change it may see, nothing it may not, and nothing after
it leaves the team; with Redis, across workers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import websockets
from servers import cli, demo_tokens, free_port, redis_up, running, server_env

pytestmark = pytest.mark.slow
PROTOCOL = "graphql-transport-ws"
SUBSCRIBE = "subscription($id: ID!) { caseEvents(caseId: $id) { kind summary actor { name } } }"


class Tokens(dict[str, str]):
    """The demo tokens, by the start of their heading."""

    def __call__(self, label: str) -> str:
        return next(token for heading, token in self.items() if heading.startswith(label))


@pytest.fixture(scope="module", params=["one worker", "two workers and Redis"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Tokens]]:
    tmp = tmp_path_factory.mktemp("subscriptions")
    settings = {"plugins": "generic"}
    if request.param != "one worker":
        if not redis_up():
            pytest.skip("no Redis on 127.0.0.1:6379")
        settings.update(workers="2", redis_url="redis://127.0.0.1:6379/15")
    env = server_env(f"sqlite+aiosqlite:///{tmp / 'ws.sqlite3'}", free_port(), **settings)
    cli(env, "db", "upgrade")
    cli(env, "demo", "seed")
    cli(env, "worker", "--once")  # the demo's own events are handed on before anyone listens
    tokens = Tokens(demo_tokens(env))
    with running(env, tmp, "--no-migrate") as base:
        yield base, tokens


def _post(base: str, token: str, query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(
        f"{base}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def _first_case(base: str, token: str) -> str:
    data = _post(
        base,
        token,
        "{ cases(first: 1, filter: {status: [OPEN]}, orderBy: {field: REFERENCE, direction: ASC}) { edges { node { id } } } }",
    )
    return str(data["cases"]["edges"][0]["node"]["id"])


async def _connect(base: str, token: str | None) -> Any:
    ws = await websockets.connect(base.replace("http", "ws") + "/graphql", subprotocols=[PROTOCOL])  # type: ignore[list-item]
    payload = {"Authorization": f"Bearer {token}"} if token else {}
    await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
    return ws


async def _subscribe(ws: Any, case_id: str) -> None:
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    await ws.send(
        json.dumps(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": SUBSCRIBE, "variables": {"id": case_id}},
            }
        )
    )
    await asyncio.sleep(0.3)  # let the server register the listener before changes happen


async def _next(ws: Any, seconds: float = 5) -> dict[str, Any]:
    return json.loads(await asyncio.wait_for(ws.recv(), seconds))  # type: ignore[no-any-return]


def _note(base: str, token: str, case_id: str, body: str) -> None:
    _post(
        base,
        token,
        "mutation($id: ID!, $body: String!) { addCaseNote(input: {caseId: $id, body: $body, visibleTo: [EMPLOYER, CASE_MANAGER]}) { userErrors { code } } }",
        id=case_id,
        body=body,
    )


async def test_a_team_member_hears_each_change(server: tuple[str, Tokens]) -> None:
    base, token = server
    manager = token("Case manager")
    case_id = _first_case(base, manager)
    ws = await _connect(base, manager)
    await _subscribe(ws, case_id)
    for n in range(3):  # with two workers, the posts land on either
        await asyncio.to_thread(_note, base, manager, case_id, f"Called the participant ({n})")
        message = await _next(ws)
        assert message["type"] == "next", message
        event = message["payload"]["data"]["caseEvents"]
        assert event["kind"] == "note.added" and event["actor"]["name"] == "Maria Lind"
    await ws.close()


async def test_the_employer_is_not_told_of_benefits(server: tuple[str, Tokens]) -> None:
    base, token = server
    manager, employer = token("Case manager"), token("Employer")
    case_id = _post(base, employer, "{ cases(first: 1) { edges { node { id } } } }")["cases"][
        "edges"
    ][0]["node"]["id"]
    ws = await _connect(base, employer)
    await _subscribe(ws, case_id)
    grant = 'mutation($id: ID!) { grantBenefit(input: {caseId: $id, benefitTypeCode: "SICKNESS_BENEFIT", degree: 50, startDate: "2026-01-05", endDate: "2026-01-10"}) { userErrors { code message } } }'
    await asyncio.to_thread(_post, base, manager, grant, id=case_id)
    await asyncio.to_thread(_note, base, manager, case_id, "Workplace visit booked")
    event = (await _next(ws))["payload"]["data"]["caseEvents"]
    assert event["kind"] == "note.added"  # the benefit event was skipped, not delivered
    await ws.close()


async def test_a_stranger_and_a_tokenless_socket_are_refused(
    server: tuple[str, Tokens],
) -> None:
    base, token = server
    manager = token("Case manager")
    case_id = _first_case(base, manager)
    # 4401 and a reason a client can branch on, for no token and for a bad one alike:
    # a credentials problem, answered as HTTP answers 401 (never 4403, Forbidden).
    for sent, reason in (
        (None, "missing"),
        ("not-a-jwt", "invalid"),
        (manager[:-4] + "AAAA", "invalid"),
    ):
        refused = await _connect(base, sent)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await _next(refused)
        assert closed.value.rcvd is not None
        assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (
            4401,
            f"Unauthorized: {reason}",
        )
    # The demo participant is on another case: this one does not exist for them.
    other = await _connect(base, token("Participant"))
    await _subscribe(other, case_id)
    message = await _next(other)
    errors = message["payload"]["errors"]
    assert message["type"] == "next" and errors[0]["extensions"]["code"] == "NOT_FOUND"
    await other.close()
    # Not an ID is the client's bug; an ID of something else, or of nothing, is no case.
    wrong = (("garbage", "BAD_USER_INPUT"), ("ACT_" + "A" * 22, "NOT_FOUND"),
             ("CAS_" + "A" * 22, "NOT_FOUND"))  # fmt: skip
    for case_id, code in wrong:
        ws = await _connect(base, manager)
        await _subscribe(ws, case_id)
        errors = (await _next(ws))["payload"]["errors"]
        answered = [(e["extensions"]["code"], e["extensions"].get("field")) for e in errors]
        assert answered == [(code, ["caseId"])], case_id
        await ws.close()


async def test_the_stream_ends_when_the_subscriber_leaves_the_team(
    server: tuple[str, Tokens],
) -> None:
    base, token = server
    admin = token("Admin")
    case_id = _post(
        base,
        admin,
        "{ cases(first: 1, filter: {status: [OPEN]}, orderBy: {field: REFERENCE, direction: DESC}) { edges { node { id team { actor { id name } role until } } } } }",
    )["cases"]["edges"][0]["node"]
    coordinator = next(
        m for m in case_id["team"] if m["role"] == "REHAB_COORDINATOR" and m["until"] is None
    )
    ws = await _connect(base, token("Rehab coordinator"))
    await _subscribe(ws, case_id["id"])
    remove = "mutation($id: ID!, $actor: ID!) { removeCaseTeamMember(input: {caseId: $id, actorId: $actor}) { userErrors { code } } }"
    await asyncio.to_thread(
        _post, base, admin, remove, id=case_id["id"], actor=coordinator["actor"]["id"]
    )
    message = await _next(ws)
    assert message["type"] == "complete"  # removed: the very event of leaving is not delivered
    await ws.close()


async def test_a_message_that_is_not_json_closes_the_socket_as_the_protocol_says(
    server: tuple[str, Tokens],
) -> None:
    """graphql-transport-ws: an invalid message closes with 4400, whatever makes it
    invalid (nesting thousands deep fails a recursive parser in its own way)."""
    base, token = server
    url = base.replace("http", "ws") + "/graphql"
    for sent in ("{not json", "[" * 5000 + "]" * 5000, '{"type": ' * 5000 + "1" + "}" * 5000):
        ws = await websockets.connect(url, subprotocols=[PROTOCOL])  # type: ignore[list-item]
        await ws.send(sent)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await _next(ws)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4400, sent[:20]
    # The server carries on.
    manager = token("Case manager")
    assert _first_case(base, manager).startswith("CAS_")

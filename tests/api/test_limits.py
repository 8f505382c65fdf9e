"""What one request may cost, and what an unexpected failure tells the client."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from support import Api, World, admin, serve_in_process, settings

from vocrehab.app import create_app
from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database
from vocrehab.hooks import PluginInfo, hookimpl
from vocrehab.hooks.host import PluginHost
from vocrehab_generic.jurisdiction import GenericJurisdiction


async def test_too_deep_a_query_is_refused(api: Api) -> None:
    # The limit is 12 levels; 14 nested organisations go past it.
    deep = "{ viewer { actor { " + "organisation { " * 14 + "name" + " }" * 16 + " }"
    result = await api.query(admin(), deep)
    assert result.codes == ["GRAPHQL_VALIDATION_FAILED"]
    assert "exceeds maximum operation depth" in result.errors[0]["message"]


async def test_too_many_aliases_are_refused(api: Api) -> None:
    aliases = " ".join(f"a{i}: viewer {{ clientId }}" for i in range(31))
    result = await api.query(admin(), f"{{ {aliases} }}")
    assert result.codes == ["GRAPHQL_VALIDATION_FAILED"]


async def test_too_many_tokens_are_refused(api: Api) -> None:
    fields = " ".join(["clientId"] * 3000)
    result = await api.query(admin(), f"{{ viewer {{ {fields} }} }}")
    assert result.errors and result.codes[0] in {
        "GRAPHQL_PARSE_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
    }


async def test_a_syntax_error_is_a_parse_failure(api: Api) -> None:
    result = await api.query(admin(), "{ viewer { ")
    assert result.codes == ["GRAPHQL_PARSE_FAILED"]


async def test_introspection_works_within_the_depth_limit(api: Api) -> None:
    from graphql import get_introspection_query

    result = await api.query(admin(), get_introspection_query())
    assert result.data["__schema"]["queryType"]["name"] == "Query"


class Exploding(GenericJurisdiction):
    """A jurisdiction with a bug: assessing a case raises."""

    def assess(self, case: Any, today: Any) -> Any:
        raise RuntimeError("secret internal detail")


@pytest.fixture
async def exploding_api(db: Database, clock: Clock) -> AsyncIterator[Api]:
    plugin = SimpleNamespace(
        vocrehab_register_jurisdictions=hookimpl(lambda config: [Exploding()]),
    )
    host = PluginHost.load(allow=["exploding"], extra=[("exploding", plugin, PluginInfo("x", "1"))])
    app = create_app(settings(), host=host, clock=clock, database=db)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://t") as client:
            yield Api(app, client, clock)


async def test_a_crashing_plugin_is_named_and_its_traceback_logged_with_a_correlation_id(
    exploding_api: Api, db: Database, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    world = World(db, exploding_api.app.state.services.host, clock)
    await world.case(await world.participant())
    token = exploding_api.token(admin())
    with caplog.at_level(logging.ERROR, logger="vocrehab.api"):
        response = await exploding_api.client.post(
            "/graphql",
            json={"query": "{ cases { edges { node { reference ruleViolations { code } } } } }"},
            headers={"authorization": f"Bearer {token}"},
        )
    body = response.json()
    error = body["errors"][0]
    correlation = response.headers["x-request-id"]
    assert error["extensions"] == {
        "code": "PLUGIN_ERROR",
        "plugin": "exploding",
        "method": "assess",
        "correlationId": correlation,
    }
    assert "secret" not in response.text
    assert correlation in error["message"]
    logged = [r for r in caplog.records if correlation in r.getMessage()]
    assert logged and logged[0].exc_info is not None
    assert "secret internal detail" in str(logged[0].exc_info[1])


async def test_a_websocket_message_over_the_limit_closes_the_socket_unread(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """Bounded by the app, whatever server runs it (uvicorn here keeps its 16 MB default)."""
    import websockets

    limit = api.app.state.services.settings.max_request_bytes
    host, stop = await serve_in_process(api.app)
    try:
        for size, closes in ((limit - 1000, False), (limit + 1000, True)):
            async with websockets.connect(
                f"ws://{host}/graphql",
                subprotocols=["graphql-transport-ws"],
                max_size=None,  # type: ignore[list-item]
            ) as ws:
                payload = {"Authorization": f"Bearer {api.token(admin())}"}
                await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
                assert json.loads(await ws.recv())["type"] == "connection_ack"
                query = "#" + "x" * size + "\n{ viewer { stakeholderType } }"
                message = {"id": "1", "type": "subscribe", "payload": {"query": query}}
                await ws.send(json.dumps(message))
                if closes:
                    with pytest.raises(websockets.ConnectionClosed) as closed:
                        await ws.recv()
                    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
                else:
                    reply = json.loads(await ws.recv())
                    assert reply["type"] == "next", reply
    finally:
        await stop()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

"""GraphQL over WebSocket (graphql-transport-ws) on `/graphql`, through the one pipeline.

The bearer token comes in `connection_init`'s payload (browsers cannot set
headers on a WebSocket): `{"Authorization": "Bearer ..."}`. Each `subscribe`
message is an operation of its own (`Pipeline.stream`: token valid now, a
fresh context, the access log), and each event a subscription delivers is
checked and recorded again. The socket is closed with 4401 when its token is
missing or invalid at `connection_init`, expires, or is revoked (checked
every `VOCREHAB_WS_RECHECK_SECONDS` and on every operation and event).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from graphql import GraphQLError
from starlette.types import Message, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)

from vocrehab.api.errors import classify
from vocrehab.api.http import MAX_JSON_DEPTH, json_nesting, loads
from vocrehab.api.operation import OperationError, Pipeline
from vocrehab.core.errors import Unauthenticated

__all__ = ["SessionEnded", "SocketView", "bearer_from_params"]

log = logging.getLogger("vocrehab.api")

CREDENTIALS = 4401
"""Closing code for a missing, invalid, expired or revoked token."""


TOO_BIG = 1009
"""Closing code for a message larger than `VOCREHAB_MAX_REQUEST_BYTES` (RFC 6455)."""


class SessionEnded(Exception):
    """The socket's token stopped being valid while an operation ran."""


def bearer_from_params(params: dict[str, Any] | None) -> str | None:
    for name in ("Authorization", "authorization"):
        value = (params or {}).get(name)
        if isinstance(value, str) and value.lower().startswith("bearer "):
            return value[7:].strip() or None
    return None


@dataclass
class SocketState:
    """What a socket keeps between operations: only its credentials."""

    connection_params: dict[str, Any] | None = None
    token: str | None = None
    expires_at: datetime | None = None
    watcher: asyncio.Task[None] | None = field(default=None, repr=False)


class SocketHandler(BaseGraphQLTransportWSHandler):  # type: ignore[type-arg]
    view: SocketView

    async def handle_connection_init(self, message: Any) -> None:
        if self.connection_timed_out:
            return
        if self.connection_init_timeout_task:
            self.connection_init_timeout_task.cancel()
        payload = message.get("payload") or {}
        if not isinstance(payload, dict):
            await self.websocket.close(code=4400, reason="Invalid connection init payload")
            return
        if self.connection_init_received:
            await self.websocket.close(code=4429, reason="Too many initialisation requests")
            return
        self.connection_init_received = True
        state = self._state()
        state.connection_params = payload
        state.token = bearer_from_params(payload)
        try:
            principal = await self.view.pipeline.check(state.token)
        except Unauthenticated as exc:
            await self.websocket.close(code=CREDENTIALS, reason=f"Unauthorized: {exc.reason}")
            return
        state.expires_at = principal.expires_at
        await self.send_message({"type": "connection_ack"})
        self.connection_acknowledged = True
        state.watcher = asyncio.create_task(self.watch(state))

    async def watch(self, state: SocketState) -> None:
        """Close the socket when its token expires or is revoked, events or not."""
        interval = self.view.recheck_seconds
        clock = self.view.pipeline.services.clock
        while True:
            wait = interval
            if state.expires_at is not None:
                left = (state.expires_at - clock.now()).total_seconds()
                wait = max(0.0, min(interval, left))
            await asyncio.sleep(wait)
            try:
                if state.expires_at is not None and clock.now() >= state.expires_at:
                    # A socket lives no longer than its token: reconnect with a fresh one.
                    raise Unauthenticated("the token has expired", "expired")
                await self.view.pipeline.check(state.token)
            except Unauthenticated as exc:
                await self.websocket.close(code=CREDENTIALS, reason=f"Unauthorized: {exc.reason}")
                return
            except Exception:  # a database hiccup: try again at the next round
                log.warning("could not re-check a WebSocket's token", exc_info=True)

    async def shutdown(self) -> None:
        watcher = getattr(self.context, "watcher", None)
        if watcher is not None:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await watcher
        await super().shutdown()

    def _state(self) -> SocketState:
        assert isinstance(self.context, SocketState)
        return self.context

    async def run_operation(self, operation: Operation[Any, Any]) -> None:
        state = self._state()
        request_id = uuid.uuid4().hex
        try:
            async for result in self.view.pipeline.stream(
                token=state.token,
                query=operation.query,
                variables=operation.variables,
                operation_name=operation.operation_name,
                extensions=None,
                request_id=request_id,
                connection_params=state.connection_params,
            ):
                await operation.send_next(result)  # type: ignore[arg-type]  # same fields
            await operation.send_operation_message({"id": operation.id, "type": "complete"})
        except OperationError as exc:
            await operation.send_initial_errors(exc.errors)
        except (Unauthenticated, SessionEnded) as exc:
            reason = getattr(exc, "reason", None) or str(exc)
            self.operations.pop(operation.id, None)
            await self.websocket.close(code=CREDENTIALS, reason=f"Unauthorized: {reason}"[:120])
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # anything unexpected: masked, logged, the socket stays
            errors = classify([GraphQLError(str(exc), original_error=exc)], request_id)
            with contextlib.suppress(Exception):
                await operation.send_initial_errors(errors)


class SocketView(GraphQL):  # type: ignore[type-arg]
    """The WebSocket side of `/graphql` (HTTP is `api.http`)."""

    graphql_transport_ws_handler_class = SocketHandler

    def __init__(
        self,
        pipeline: Pipeline,
        schema: Any,
        recheck_seconds: float,
        max_message_bytes: int | None = None,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide=None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        )
        self.pipeline = pipeline
        self.recheck_seconds = recheck_seconds
        self.max_message_bytes = max_message_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and self.max_message_bytes is not None:
            receive = _bounded(receive, send, self.max_message_bytes)
        await super().__call__(scope, receive, send)

    async def get_context(self, request: Any, response: Any) -> SocketState:  # type: ignore[override]
        return SocketState()

    def decode_json(self, data: str | bytes) -> object:
        """A message's JSON, its nesting limited before it is parsed, as over HTTP: one
        nested too deep is no JSON to the protocol, which closes the socket with 4400
        (a recursive parser would fail thousands of levels down and drop the socket)."""
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        if json_nesting(text) > MAX_JSON_DEPTH:
            raise json.JSONDecodeError(f"nested deeper than {MAX_JSON_DEPTH}", text, 0)
        return loads(text)


def _bounded(receive: Receive, send: Send, limit: int) -> Receive:
    """`receive` that closes the socket (1009) instead of handing on a message larger
    than `limit`, whatever server runs the app (uvicorn's `ws_max_size` is one more
    bound, set by `vocrehab serve`): nothing of it is parsed."""

    async def bounded() -> Message:
        message = await receive()
        if message["type"] == "websocket.receive":
            data = message.get("bytes") or message.get("text") or ""
            # At most 4 bytes a character: only a long text is measured.
            if len(data) * (4 if isinstance(data, str) else 1) > limit and (
                len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
                > limit
            ):
                await send(
                    {"type": "websocket.close", "code": TOO_BIG, "reason": "message too big"}
                )
                return {"type": "websocket.disconnect", "code": TOO_BIG}
        return message

    return bounded

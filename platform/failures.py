"""The outermost ASGI layer: a request id for every request, and a coded JSON
reply for every failure outside GraphQL execution, on every route.

- Every HTTP response carries `X-Request-ID`; everything inside finds the id in
  `scope["state"]["request_id"]`, and failures are logged under it.
- The database unavailable (unreachable, restarting, locked for too long):
  503 `SERVICE_UNAVAILABLE` with `Retry-After`, logged as one line.
- Any other exception: 500 `INTERNAL_SERVER_ERROR` with a `correlationId`
  (the request id); the stack trace goes to the log under the same id.
- The framework's plain-text refusals (an unknown path, a method a route does
  not take, a CORS origin refused) become the same JSON shape, status and
  headers kept: `{"errors": [{"message", "extensions": {"code"}}]}`.
- `OPTIONS` on a path that exists: 204 with `Allow`. A CORS preflight is
  answered by the CORS middleware when one is configured.

Being the outermost layer, it covers routes added later without their help.
Responses an endpoint writes itself (JSON errors, the login page's HTML, OAuth
error objects) pass through unchanged.
"""

from __future__ import annotations

import json
import logging
import uuid
from http import HTTPStatus
from typing import Any

from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vocrehab.db.outage import RETRY_AFTER_SECONDS, is_outage

__all__ = ["Failures", "error_body"]

log = logging.getLogger("vocrehab.http")

_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
    500: "INTERNAL_SERVER_ERROR",
    503: "SERVICE_UNAVAILABLE",
}
_MAX_ECHO = 200


def error_body(code: str, message: str, **extensions: Any) -> bytes:
    """The JSON every non-GraphQL failure is answered with (GraphQL's error shape)."""
    error = {"message": message, "extensions": {"code": code, **extensions}}
    return json.dumps({"errors": [error]}).encode()


class Failures:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        reply = _Reply(scope, send, request_id)
        try:
            await self.app(scope, receive, reply.send)
        except Exception as exc:
            if reply.started:  # too late for another reply: let the server cut it off
                log.exception("failure after the reply started (request id %s)", request_id)
                raise
            await reply.failed(exc)


class _Reply:
    """What goes back to the client: passed through, or replaced by a coded error."""

    def __init__(self, scope: Scope, send: Send, request_id: str) -> None:
        self.scope = scope
        self._send = send
        self.request_id = request_id
        self.started = False
        self._held: Message | None = None  # a plain-text refusal being replaced
        self._held_body = b""

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if _replaceable(message["status"], headers):
                self._held = {**message, "headers": headers}
                return
            self.started = True
            headers.append((b"x-request-id", self.request_id.encode()))
            message = {**message, "headers": headers}
        elif message["type"] == "http.response.body" and self._held is not None:
            self._held_body += message.get("body", b"")
            if not message.get("more_body", False):
                await self._replace(self._held, self._held_body)
            return
        await self._send(message)

    async def failed(self, exc: Exception) -> None:
        if is_outage(exc):
            log.warning("database unavailable (request id %s): %r", self.request_id, exc)
            await self._respond(
                503,
                error_body("SERVICE_UNAVAILABLE", "The service is unavailable; try again shortly."),
                [(b"retry-after", str(RETRY_AFTER_SECONDS).encode())],
            )
            return
        log.error(
            "unexpected error on %s %s (correlation id %s)",
            self.scope.get("method"), self.scope.get("path"), self.request_id, exc_info=exc,
        )  # fmt: skip
        body = error_body(
            "INTERNAL_SERVER_ERROR",
            f"Unexpected error (correlation id {self.request_id}).",
            correlationId=self.request_id,
        )
        await self._respond(500, body, [])

    async def _replace(self, start: Message, text: bytes) -> None:
        status = start["status"]
        kept = [(k, v) for k, v in start["headers"] if k.lower() not in _REPLACED_HEADERS]
        if status == 405 and self.scope.get("method") == "OPTIONS":
            allowed = _allowed_methods(self.scope)
            if allowed:
                await self._respond(204, b"", [(b"allow", ", ".join(allowed).encode())])
                return
        code = _CODES.get(status) or HTTPStatus(status).name
        message = (
            text.decode("utf-8", "replace").strip()[:_MAX_ECHO]
            if status < 500 and text.strip()
            else HTTPStatus(status).phrase
        )
        await self._respond(status, error_body(code, message), kept)

    async def _respond(self, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
        self.started = True
        if body:
            headers = [*headers, (b"content-type", b"application/json")]
        headers = [
            *headers,
            (b"content-length", str(len(body)).encode()),
            (b"x-request-id", self.request_id.encode()),
        ]
        await self._send({"type": "http.response.start", "status": status, "headers": headers})
        head = self.scope.get("method") == "HEAD"
        await self._send({"type": "http.response.body", "body": b"" if head else body})


_REPLACED_HEADERS = {b"content-type", b"content-length"}


def _replaceable(status: int, headers: list[tuple[bytes, bytes]]) -> bool:
    """A refusal in plain text: the framework's default, not an endpoint's own reply."""
    if status < 400:
        return False
    content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
    return content_type.lower().startswith(b"text/plain")


def _allowed_methods(scope: Scope) -> list[str]:
    """The methods the routes at this path take (what a 405 for one route cannot tell)."""
    app = scope.get("app")
    routes = getattr(getattr(app, "router", None), "routes", [])
    methods: set[str] = set()
    for route in routes:
        route_methods = getattr(route, "methods", None)
        if route_methods and route.matches(scope)[0] is not Match.NONE:
            methods |= set(route_methods)
    return sorted(methods | {"OPTIONS"}) if methods else []

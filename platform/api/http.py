"""GraphQL over HTTP: `POST /graphql` (and `GET` for queries), per the GraphQL-over-HTTP
specification, in front of the one operation pipeline.

- POST with `application/json`: `{"query", "variables", "operationName", "extensions"}`.
- GET with the same as URL parameters, for queries only (a mutation by GET is
  405): caches and clients such as urql send queries that way.
- Persisted queries: `extensions.persistedQuery.sha256Hash` (Apollo's APQ).
- Answers `application/graphql-response+json` when the client accepts it (a
  request error is then a 400), else `application/json` (errors in a 200).
- Limits before anything is parsed: the body size (413), JSON nesting depth,
  UTF-8; a batch (a JSON array) is refused. Every refusal is JSON with a code.
- A browser asking for HTML gets GraphiQL (when enabled).
- `Idempotency-Key` on a mutation: it runs once; a retry gets the first
  response back (`api.idempotency`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

import orjson
from graphql import ExecutionResult, OperationType
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from vocrehab.api import idempotency as keys
from vocrehab.api.operation import OperationError, Pipeline
from vocrehab.core.errors import Unauthenticated

__all__ = [
    "MAX_JSON_DEPTH",
    "GraphQLHTTP",
    "bearer_token",
    "error_response",
    "json_nesting",
    "json_response",
    "loads",
    "unauthenticated",
]

log = logging.getLogger("vocrehab.api")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
MAX_JSON_DEPTH = 64


def bearer_token(scope: Scope) -> str | None:
    """The token of an `Authorization: Bearer` header (RFC 6750); "" for another
    scheme or an empty one, None without the header."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return ""
    return None


def json_response(body: Any, status: int = 200, media: str = JSON, **headers: str) -> Response:
    return Response(dumps(body), status, media_type=media, headers=headers or None)


def loads(text: str) -> Any:
    """JSON with orjson, or the standard library for what orjson refuses and JSON
    allows: a lone surrogate escape (`"\\ud800"`), which the text policy then
    refuses with a code instead of the whole body being "not JSON"."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)  # ValueError when it is not JSON at all


def dumps(body: Any) -> bytes:
    try:
        return orjson.dumps(body)
    except TypeError:  # a lone surrogate echoed back in a message
        return json.dumps(body).encode()


def error_response(
    status: int, code: str, message: str, media: str = JSON, **headers: str
) -> Response:
    return json_response(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status, media, **headers
    )


def unauthenticated(exc: Unauthenticated, token_given: bool, media: str = JSON) -> Response:
    reason = getattr(exc, "reason", None)
    challenge = 'Bearer realm="vocrehab"'
    if token_given:
        description = str(exc).replace('"', "'")
        challenge += f', error="invalid_token", error_description="{description}"'
    extensions: dict[str, Any] = {"code": "UNAUTHENTICATED"}
    if reason:
        extensions["reason"] = reason
    return json_response(
        {"errors": [{"message": str(exc), "extensions": extensions}]},
        401,
        media,
        **{"www-authenticate": challenge},
    )


class GraphQLHTTP:
    """The ASGI app behind `GET`/`POST /graphql`."""

    def __init__(
        self,
        pipeline: Pipeline,
        *,
        max_body_bytes: int,
        graphiql: Callable[[Request], Response] | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.max_body_bytes = max_body_bytes
        self.graphiql = graphiql

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            response = await self.handle(request)
        except ClientDisconnect:
            log.info("client went away before its request to %s was read", scope.get("path"))
            return
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        media = _media(request.headers.get("accept", ""))
        method = request.method
        if (
            method == "GET"
            and not request.query_params
            and self.graphiql is not None
            and "text/html" in request.headers.get("accept", "")
        ):
            return self.graphiql(request)
        token = bearer_token(request.scope)
        try:  # who asks comes first: nothing about the request is told a stranger
            verified = await self.pipeline.principal(token)
        except Unauthenticated as exc:
            return unauthenticated(exc, token is not None, media)
        try:
            if method == "GET":
                body = _from_query_params(request.query_params)
                allowed = frozenset({OperationType.QUERY})
            elif method == "POST":
                body = await self._json_body(request)
                allowed = frozenset(OperationType)
            else:
                return error_response(
                    405,
                    "METHOD_NOT_ALLOWED",
                    f"{method} is not allowed here",
                    media,
                    allow="GET, POST, OPTIONS",
                )
            query, variables, name, extensions = _fields(body)
            key = keys.key_from_headers(request.headers)
        except keys.BadKey as exc:
            return error_response(400, keys.INVALID, str(exc), media)
        except OperationError as exc:
            return _errors(exc.errors, exc.status, media)
        request_id = request.scope.get("state", {}).get("request_id", "unknown")
        try:
            result = await self.pipeline.run(
                token=token,
                verified=verified,
                query=query,
                variables=variables,
                operation_name=name,
                extensions=extensions,
                request_id=request_id,
                transport="http",
                allowed=allowed,
                idempotency_key=key,
            )
        except keys.Replayed as replayed:
            return json_response(replayed.kept.body, 200, media, **{keys.REPLAYED: "true"})
        except Unauthenticated as exc:
            return unauthenticated(exc, token is not None, media)
        except OperationError as exc:
            status = exc.status
            if media == GRAPHQL_RESPONSE and status == 200:
                status = 400  # the spec's status for a request that did not run
            headers = {"allow": "POST"} if status == 405 else {}
            return _errors(exc.errors, status, media, **headers)
        return _result(result, media)

    async def _json_body(self, request: Request) -> Any:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in {JSON, GRAPHQL_RESPONSE}:
            raise OperationError(
                [_error("send the request as application/json", "UNSUPPORTED_MEDIA_TYPE")], 415
            )
        chunks = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.max_body_bytes:
                raise OperationError(
                    [
                        _error(
                            f"the body is larger than {self.max_body_bytes} bytes",
                            "PAYLOAD_TOO_LARGE",
                        )
                    ],
                    413,
                )
            chunks.append(chunk)
        raw = b"".join(chunks)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise OperationError([_error("the body is not UTF-8", "BAD_REQUEST")], 400) from None
        return _parse(text, "the body")


def _error(message: str, code: str) -> Any:
    from graphql import GraphQLError

    return GraphQLError(message, extensions={"code": code})


def _media(accept: str) -> str:
    return GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accept else JSON


def json_nesting(text: str) -> int:
    """How deep the JSON's arrays and objects nest (strings skipped), without parsing it."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def _from_query_params(params: Mapping[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "query": params.get("query"),
        "operationName": params.get("operationName"),
    }
    for name in ("variables", "extensions"):
        if params.get(name):
            body[name] = _parse(params[name], f"the {name} parameter")
    return body


def _parse(text: str, what: str) -> Any:
    """JSON a client sent, its nesting limited before it is parsed (a parser recursing
    thousands of levels deep fails as no client's mistake should)."""
    if json_nesting(text) > MAX_JSON_DEPTH:
        raise OperationError(
            [_error(f"{what} is JSON nested deeper than {MAX_JSON_DEPTH}", "BAD_REQUEST")], 400
        )
    try:
        return loads(text)
    except ValueError:
        raise OperationError([_error(f"{what} is not JSON", "BAD_REQUEST")], 400) from None


def _fields(body: Any) -> tuple[str | None, Any, str | None, Any]:
    if isinstance(body, list):
        raise OperationError([_error("batched operations are not supported", "BAD_REQUEST")], 400)
    if not isinstance(body, dict):
        raise OperationError([_error("the body must be a JSON object", "BAD_REQUEST")], 400)
    query, variables = body.get("query"), body.get("variables")
    name, extensions = body.get("operationName"), body.get("extensions")
    checks = (
        (query, str, "query"),
        (variables, dict, "variables"),
        (name, str, "operationName"),
        (extensions, dict, "extensions"),
    )
    for value, kind, field in checks:
        if value is not None and not isinstance(value, kind):
            raise OperationError(
                [
                    _error(
                        f"{field} must be {'a string' if kind is str else 'an object'}",
                        "BAD_REQUEST",
                    )
                ],
                400,
            )
    return query, variables, name, extensions


def _errors(errors: list[Any], status: int, media: str, **headers: str) -> Response:
    return json_response({"errors": [e.formatted for e in errors]}, status, media, **headers)


def _result(result: ExecutionResult, media: str) -> Response:
    return json_response(keys.response_body(result), 200, media)

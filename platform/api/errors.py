"""Top-level errors, classified in one place.

Every error leaving the API carries `extensions.code`:
- UNAUTHENTICATED (handled before GraphQL runs, see auth.middleware),
- FORBIDDEN: a missing scope (or a filter on data the caller may not see),
- BAD_USER_INPUT: an argument that cannot be right (page size, cursor, ID),
- GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED: a malformed query, or one
  over the depth, alias or token limits,
- INTERNAL_SERVER_ERROR: anything unexpected. Its message is replaced by a
  correlation id; the stack trace goes to the log under the same id.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from vocrehab.core.errors import BadRequest, Forbidden

__all__ = ["ErrorCodes", "classify"]

log = logging.getLogger("vocrehab.api")


def _with_code(error: GraphQLError, code: str, message: str | None = None) -> GraphQLError:
    return GraphQLError(
        message or error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={**(error.extensions or {}), "code": code},
    )


def classify(errors: list[GraphQLError], correlation_id: str) -> list[GraphQLError]:
    """Give every error its code; mask and log the unexpected ones.

    Applied to the final result of every request (parse and validation
    failures never reach the execution hooks of a schema extension).
    """
    return [_classify(error, correlation_id) for error in errors]


def _classify(error: GraphQLError, correlation_id: str) -> GraphQLError:
    original = error.original_error
    if original is None:
        if error.extensions and "code" in error.extensions:
            return error
        parse = error.message.startswith("Syntax Error")
        return _with_code(error, "GRAPHQL_PARSE_FAILED" if parse else "GRAPHQL_VALIDATION_FAILED")
    if isinstance(original, Forbidden):
        return _with_code(error, "FORBIDDEN", str(original))
    if isinstance(original, BadRequest):
        return _with_code(error, "BAD_USER_INPUT", str(original))
    if isinstance(original, GraphQLError) and original.extensions and "code" in original.extensions:
        return _with_code(error, str(original.extensions["code"]), original.message)
    return _masked(error, correlation_id)


def _masked(error: GraphQLError, correlation_id: str) -> GraphQLError:
    log.error(
        "unexpected error in %s (correlation id %s)",
        ".".join(str(p) for p in error.path or []) or "operation",
        correlation_id,
        exc_info=error.original_error,
    )
    masked = _with_code(
        error, "INTERNAL_SERVER_ERROR", f"Unexpected error (correlation id {correlation_id})."
    )
    masked.extensions["correlationId"] = correlation_id  # type: ignore[index]
    return masked


class ErrorCodes(SchemaExtension):
    """Classifies errors of executed operations, streamed results included (a
    subscription's events over WebSocket never pass through the HTTP layer)."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = classify(errors, self._correlation_id())

    def on_stream_result(self, result: Any) -> Iterator[None]:
        if getattr(result, "errors", None):
            result.errors = classify(result.errors, self._correlation_id())
        yield

    def _correlation_id(self) -> str:
        return getattr(self.execution_context.context, "request_id", None) or "unknown"

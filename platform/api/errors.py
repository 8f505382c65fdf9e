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

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from vocrehab.core.errors import BadRequest, Forbidden

__all__ = ["ErrorPolicy"]

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


class ErrorPolicy(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [self.classify(error) for error in result.errors]

    def classify(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if original is None:
            if error.extensions and "code" in error.extensions:
                return error
            code = "GRAPHQL_PARSE_FAILED" if error.message.startswith("Syntax Error") else "GRAPHQL_VALIDATION_FAILED"
            return _with_code(error, code)
        if isinstance(original, Forbidden):
            return _with_code(error, "FORBIDDEN", str(original))
        if isinstance(original, BadRequest):
            return _with_code(error, "BAD_USER_INPUT", str(original))
        if isinstance(original, GraphQLError) and original.extensions and "code" in original.extensions:
            return _with_code(error, str(original.extensions["code"]), original.message)
        return self._masked(error)

    def _masked(self, error: GraphQLError) -> GraphQLError:
        context = self.execution_context.context
        correlation_id = getattr(context, "request_id", None) or "unknown"
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

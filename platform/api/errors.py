"""Top-level errors, classified in one place.

Every error leaving the API carries `extensions.code`:
- UNAUTHENTICATED (before anything runs, see api.operation), with a `reason`,
- FORBIDDEN: a missing scope (or a filter on data the caller may not see),
- BAD_USER_INPUT: an argument that cannot be right (page size, cursor, ID),
  or a variable whose value does not fit its type (a date 2026-02-30, an Int
  of 2^31, an unknown enum value): `extensions.field` is the path to the value,
- GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED: a malformed query, or one
  over the depth, alias or token limits,
- SERVICE_UNAVAILABLE: the database cannot be reached; try again shortly
  (over HTTP the whole response is a 503, see `unavailable`),
- PLUGIN_ERROR: a jurisdiction plugin answered outside the contract (a wrong
  type) or raised; `extensions.plugin` and `extensions.method` name it, the
  details and the plugin's traceback go to the log under the correlation id,
- INTERNAL_SERVER_ERROR: anything unexpected. Its message is replaced by a
  correlation id; the stack trace goes to the log under the same id.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from graphql import GraphQLError, VariableDefinitionNode

from vocrehab.api.access import Forbidden as FieldForbidden
from vocrehab.core.errors import BadRequest, Forbidden
from vocrehab.db.outage import is_outage
from vocrehab.hooks.guard import PluginError

__all__ = ["INTERNAL", "SERVICE_UNAVAILABLE", "classify", "unavailable"]

SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
INTERNAL = "INTERNAL_SERVER_ERROR"

# graphql-core: "Variable '$input' has invalid value at .steps[0].workPercent: <why>".
# The path comes before anything the client sent, and holds only names and indices.
_VARIABLE_ERROR = re.compile(
    r"^Variable '\$(?P<name>[_A-Za-z][_0-9A-Za-z]*)' has invalid value"
    r"(?: at (?P<path>(?:\.[_A-Za-z][_0-9A-Za-z]*|\[\d+\])+))?: "
)
_PATH_PART = re.compile(r"\.([_A-Za-z][_0-9A-Za-z]*)|\[(\d+)\]")

log = logging.getLogger("vocrehab.api")


def _with_code(
    error: GraphQLError, code: str, message: str | None = None, **extensions: Any
) -> GraphQLError:
    return GraphQLError(
        message or error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={**(error.extensions or {}), "code": code, **extensions},
    )


def unavailable(errors: Sequence[GraphQLError] | None) -> bool:
    """Whether classified errors say the database is down: the reply is then a 503."""
    return any((e.extensions or {}).get("code") == SERVICE_UNAVAILABLE for e in errors or ())


def classify(errors: list[GraphQLError], correlation_id: str) -> list[GraphQLError]:
    """Give every error its code; mask and log the unexpected ones.

    Applied to the final result of every request (parse and validation
    failures never reach the execution hooks of a schema extension).
    """
    return [_classify(error, correlation_id) for error in errors]


def _classify(error: GraphQLError, correlation_id: str) -> GraphQLError:
    original = error.original_error
    if error.extensions and "code" in error.extensions and original is None:
        return error
    coercion = _VARIABLE_ERROR.match(error.message)
    if coercion and error.nodes and all(isinstance(n, VariableDefinitionNode) for n in error.nodes):
        return _variable_error(error, coercion)
    if original is None:
        parse = error.message.startswith("Syntax Error")
        return _with_code(error, "GRAPHQL_PARSE_FAILED" if parse else "GRAPHQL_VALIDATION_FAILED")
    if isinstance(original, Forbidden | FieldForbidden):
        return _with_code(error, "FORBIDDEN", str(original))
    if isinstance(original, BadRequest):
        field = {"field": list(original.field)} if original.field else {}
        return _with_code(error, "BAD_USER_INPUT", str(original), **field)
    if isinstance(original, GraphQLError) and original.extensions and "code" in original.extensions:
        return _with_code(error, str(original.extensions["code"]), original.message)
    if isinstance(original, PluginError):
        return _plugin_error(error, original, correlation_id)
    if is_outage(original):
        log.warning("database unavailable (correlation id %s): %r", correlation_id, original)
        return _with_code(
            error, SERVICE_UNAVAILABLE, "The database is unavailable; try again shortly."
        )
    return _masked(error, correlation_id)


def _variable_error(error: GraphQLError, found: re.Match[str]) -> GraphQLError:
    """A variable's value that does not fit its type (or is missing): the
    client's to fix, not a bug. graphql-core's message names the variable, the
    path to the value and what is wrong with it; the same values inline fail
    validation instead, as does a variable the document itself misuses.
    """
    path = [found["name"]] + [
        name or index for name, index in _PATH_PART.findall(found["path"] or "")
    ]
    return _with_code(error, "BAD_USER_INPUT", variable=found["name"], field=path)


def _plugin_error(error: GraphQLError, original: PluginError, correlation_id: str) -> GraphQLError:
    """A plugin's bug: named for whoever runs the deployment, the details kept in the log
    (a wrong value may hold a participant's data)."""
    log.error("plugin error (correlation id %s): %s", correlation_id, original, exc_info=original)
    return _with_code(
        error,
        PluginError.code,
        f"The {original.plugin!r} plugin answered {original.method} outside the plugin "
        f"contract (correlation id {correlation_id}).",
        plugin=original.plugin,
        method=original.method,
        correlationId=correlation_id,
    )


def _masked(error: GraphQLError, correlation_id: str) -> GraphQLError:
    log.error(
        "unexpected error in %s (correlation id %s)",
        ".".join(str(p) for p in error.path or []) or "operation",
        correlation_id,
        exc_info=error.original_error,
    )
    masked = _with_code(error, INTERNAL, f"Unexpected error (correlation id {correlation_id}).")
    masked.extensions["correlationId"] = correlation_id  # type: ignore[index]
    return masked

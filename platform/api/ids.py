"""IDs in arguments: the one place where a global ID a client sends becomes a row id.

The rule, for every argument and input field of type ID, in queries, mutations
and subscriptions alike:

- a string that is not an ID at all is a client bug: a top-level
  BAD_USER_INPUT whose `extensions.field` is the path to the value;
- a well-formed ID of another type names nothing of the type asked for, just
  as an ID of nothing or of something the caller may not see: null in a
  query, no match in a filter, NOT_FOUND (naming the field) in a mutation or
  a subscription.

An input field of type ID declares the type it names with `id_of` (a plugin
command's input: `metadata={"id_of": "Actor"}`; its `case_id` names a Case).
The mutation input walker (api.text) decodes every declared field before the
resolver runs, so a resolver reads a UUID with `row_id`; core services only
ever see UUIDs.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import strawberry

from vocrehab.core.errors import BadRequest
from vocrehab.ids import TYPE_PREFIXES, MalformedGlobalId, UnexpectedIdType, decode_global_id

__all__ = [
    "ID_OF",
    "decode_any",
    "decode_id",
    "id_of",
    "not_found_message",
    "optional_row_id",
    "row_id",
]

ID_OF = "id_of"
"""The metadata key of an ID input field: the type name it names ("Case", ...)."""

_NOUNS = {"BenefitPeriod": "benefit period", "CaseNote": "note", "CaseEvent": "event"}


def id_of(type_name: str, **field: Any) -> Any:
    """An input field of type ID naming a `type_name` (with any other strawberry.field options)."""
    if type_name not in TYPE_PREFIXES:
        raise ValueError(f"no global IDs for type {type_name!r}")
    return strawberry.field(metadata={ID_OF: type_name}, **field)


def not_found_message(type_name: str) -> str:
    return f"no such {_NOUNS.get(type_name, type_name.lower())}"


def decode_id(value: str, expected: str, field: Sequence[str]) -> uuid.UUID | None:
    """The row id of a `expected` the value names; None for an ID of another type.
    Not an ID at all -> BadRequest naming `field`."""
    try:
        return decode_global_id(str(value), expected)[1]
    except MalformedGlobalId as exc:
        raise BadRequest(str(exc), field) from None
    except UnexpectedIdType:
        return None


def decode_any(value: str, field: Sequence[str]) -> tuple[str, uuid.UUID]:
    """(type name, row id) of an ID of any type (`node`). Not an ID -> BadRequest."""
    try:
        return decode_global_id(str(value))
    except MalformedGlobalId as exc:
        raise BadRequest(str(exc), field) from None


def row_id(value: object) -> uuid.UUID:
    """The row id of a decoded ID input field (see the module's docstring)."""
    if isinstance(value, uuid.UUID):
        return value
    raise TypeError(f"an ID input field was not decoded (declare its type with id_of): {value!r}")


def optional_row_id(value: object) -> uuid.UUID | None:
    return None if value is None else row_id(value)

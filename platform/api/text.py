"""The text policy (vocrehab.core.text) and the ID rule (api.ids) applied to
every mutation's input.

Every string a mutation receives, at any depth (nested inputs, lists, the
strings and keys inside JSON `details`, a plugin command's own fields), is
normalised to NFC, or refused before the resolver runs when it holds a
character it may not. Refusals come back the way every expected failure does:
the mutation's payload with nothing changed and one INVALID_INPUT userError
per field at fault. Every ID field is decoded by the ID rule here as well: a
malformed ID is a top-level BAD_USER_INPUT, one of another type a NOT_FOUND
userError, and the resolver gets the row id.

Lengths are capped here only for fields without a rule of their own (a plugin
command's, JSON details): the services check the others with the rest of the
input (`Checks.text`, or a code against the known ones), so a client hears
about a long name together with a birth date in the future.

`build_schema` gives every Mutation field this extension, so a mutation added
later, core or plugin, is covered without doing anything.

Queries and subscriptions store nothing, but a search or a filter reaches SQL
as well: the operation pipeline refuses (`refused_query_text`), before anything runs, one whose variables or
literals hold a string no database could take (a NUL, a lone surrogate), as
a top-level BAD_USER_INPUT naming the variable's path.
"""

from __future__ import annotations

import copy
import dataclasses
import sys
from enum import Enum
from typing import Any

import strawberry
from graphql import DocumentNode, GraphQLError, StringValueNode, visit
from graphql.language import Visitor
from strawberry.extensions.field_extension import AsyncExtensionResolver, FieldExtension
from strawberry.scalars import JSON
from strawberry.types.base import StrawberryList, StrawberryOptional, has_object_definition
from strawberry.types.field import StrawberryField

from vocrehab.api.base import UserError
from vocrehab.api.context import Info
from vocrehab.api.ids import ID_OF, decode_id, not_found_message
from vocrehab.core.errors import Problem, ProblemCode
from vocrehab.core.text import (
    DEFAULT,
    DETAILS,
    TextRefused,
    TextRule,
    clean,
    rule_for,
    unstorable,
)

__all__ = [
    "InputText",
    "refused_query_text",
    "undeclared_ids",
    "unstorable_literal",
    "unstorable_variable",
    "with_input_text",
]

Path = tuple[str, ...]


class InputText(FieldExtension):
    def apply(self, field: StrawberryField) -> None:
        payload = field.type
        if not (
            isinstance(payload, type)
            and dataclasses.is_dataclass(payload)
            and "user_errors" in {f.name for f in dataclasses.fields(payload)}
        ):
            raise TypeError(f"mutation {field.python_name}: its payload has no user_errors")
        undeclared = undeclared_ids(field)
        if undeclared:
            raise TypeError(
                f"mutation {field.python_name}: the ID fields {undeclared} do not declare the "
                "type they name (api.ids.id_of)"
            )
        self.field: StrawberryField = field
        self.payload: type[Any] = payload

    async def resolve_async(
        self, next_: AsyncExtensionResolver, source: Any, info: Info, **kwargs: Any
    ) -> Any:
        walker = _Walker(info)
        for argument in self.field.arguments:
            if argument.python_name in kwargs:
                kwargs[argument.python_name] = walker.value(
                    kwargs[argument.python_name],
                    argument.type,
                    _At((walker.name_of(argument),), (), _declared(argument)),
                )
        if walker.problems:
            return self.refused(walker.problems)
        return await next_(source, info, **kwargs)

    def refused(self, problems: list[Problem]) -> Any:
        """The payload of a mutation that changed nothing: every result null."""
        empty = {
            f.name: None
            for f in dataclasses.fields(self.payload)
            if f.init and f.name != "user_errors" and not f.name.startswith("_")
        }
        return self.payload(**empty, user_errors=[UserError.of(p) for p in problems])


def with_input_text(field: StrawberryField, python_name: str) -> StrawberryField:
    """A copy of a mutation field, named `python_name` on its type, whose input
    goes through the text policy first."""
    policed = copy.copy(field)
    policed.python_name = python_name
    policed.extensions = [*field.extensions, InputText()]
    return policed


@dataclasses.dataclass(frozen=True)
class _At:
    """Where a value is: its input path, the same path in Python (domain) names
    (which the text rules are keyed by), and the type an ID there names."""

    path: Path
    names: Path
    id_of: str | None = None

    def item(self, index: int) -> _At:
        return _At((*self.path, str(index)), (*self.names, str(index)), self.id_of)


def _declared(field: Any) -> str | None:
    metadata = getattr(field, "metadata", None) or {}
    return metadata.get(ID_OF)


def undeclared_ids(field: StrawberryField) -> list[str]:
    """The paths of a mutation's ID arguments and input fields, at any depth, that
    do not declare the type they name: the ID rule could not decode them."""
    found: list[str] = []
    seen: set[type] = set()

    def walk(type_: Any, declared: str | None, where: str) -> None:
        while isinstance(type_, (StrawberryOptional, StrawberryList)):
            type_ = type_.of_type
        if type_ is strawberry.ID:
            if declared is None:
                found.append(where)
        elif has_object_definition(type_) and type_ not in seen:
            seen.add(type_)
            for inner in type_.__strawberry_definition__.fields:
                walk(inner.type, _declared(inner), f"{where}.{inner.python_name}")

    for argument in field.arguments:
        walk(argument.type, _declared(argument), argument.python_name)
    return found


class _Walker:
    def __init__(self, info: Info) -> None:
        self.names = info.schema.config.name_converter
        self.problems: list[Problem] = []

    def name_of(self, obj: Any) -> str:
        return str(self.names.get_graphql_name(obj))

    def value(self, value: Any, type_: Any, at: _At) -> Any:
        if value is None or value is strawberry.UNSET:
            return value
        while isinstance(type_, StrawberryOptional):
            type_ = type_.of_type
        if isinstance(type_, StrawberryList):
            return [self.value(v, type_.of_type, at.item(i)) for i, v in enumerate(value)]
        if type_ is strawberry.ID:
            return self.id(value, at)
        if isinstance(value, Enum):
            return value
        if type_ is JSON:
            return self.json(value, at.path)
        if has_object_definition(value):
            return self.input_object(value, at)
        if isinstance(value, str):
            rule = rule_for(at.names)
            if rule is not DEFAULT:  # the service checks its length (see above)
                rule = TextRule(rule.kind, sys.maxsize)
            return self.text(value, at.path, rule)
        return value

    def id(self, value: Any, at: _At) -> Any:
        if at.id_of is None:  # build_schema refuses such a field (ids.undeclared_ids)
            raise TypeError(f"the ID at {list(at.path)} does not declare its type")
        found = decode_id(value, at.id_of, at.path)
        if found is None:
            self.problems.append(
                Problem(ProblemCode.NOT_FOUND, not_found_message(at.id_of), at.path)
            )
            return value
        return found

    def input_object(self, obj: Any, at: _At) -> Any:
        for field in obj.__strawberry_definition__.fields:
            current = getattr(obj, field.python_name)
            inner = _At(
                (*at.path, self.name_of(field)), (*at.names, field.python_name), _declared(field)
            )
            checked = self.value(current, field.type, inner)
            if checked is not current:
                setattr(obj, field.python_name, checked)
        return obj

    def json(self, value: Any, path: Path) -> Any:
        if isinstance(value, str):
            return self.text(value, path, DETAILS)
        if isinstance(value, list):
            return [self.json(v, (*path, str(i))) for i, v in enumerate(value)]
        if isinstance(value, dict):
            return {
                self.text(str(k), (*path, str(k)), DETAILS): self.json(v, (*path, str(k)))
                for k, v in value.items()
            }
        return value

    def text(self, value: str, path: Path, rule: TextRule) -> str:
        try:
            return clean(value, rule)
        except TextRefused as exc:
            self.problems.append(Problem(ProblemCode.INVALID_INPUT, str(exc), path))
            return value


def refused_query_text(document: DocumentNode | None, variables: Any) -> GraphQLError | None:
    """For a query or subscription: the BAD_USER_INPUT error for a string, in its
    variables or its literals, that no database could take; None if there is none.
    (The pipeline asks once per document for the literals, with no variables.)"""
    refusal = unstorable_variable(variables or {}) or unstorable_literal(document)
    if refusal is None:
        return None
    message, extensions = refusal
    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT", **extensions})


Refusal = tuple[str, dict[str, Any]]


def unstorable_variable(value: Any, path: Path = ()) -> Refusal | None:
    if isinstance(value, str):
        reason = unstorable(value)
        if reason is None:
            return None
        return f"Variable '${path[0]}' {reason}", {"variable": path[0], "field": list(path)}
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        found = unstorable_variable(item, (*path, str(key)))
        if found is not None:
            return found
    return None


def unstorable_literal(document: DocumentNode | None) -> Refusal | None:
    found: list[str] = []

    class Strings(Visitor):
        def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
            reason = unstorable(node.value)
            if reason is not None:
                found.append(reason)

    if document is not None:
        visit(document, Strings())
    return (f"A string in the query {found[0]}", {}) if found else None

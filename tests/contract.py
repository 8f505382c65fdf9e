"""Comparing the generated schema with the public API contract.

The contract (design/api-contract.graphql) lists types, fields, arguments and
enum values; the generated schema must contain each with the same type. It may
add fields, arguments and types, and may make a required argument optional.

One widening is the access design's: a field that access can withhold from a
reader (its type needs a scope, or it shows a category some role lacks) is
nullable, so a withheld field is null with its own error and the rest of the
response stands. `widened` names those fields (`Type.field`); the caller takes
them from the access declarations, not from a hand-kept list.
"""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
)
from graphql.type.definition import GraphQLNonNull


def _arg_ok(contract_type: object, actual_type: object) -> bool:
    if str(contract_type) == str(actual_type):
        return True
    # A required argument may become optional if the behaviour stays the same.
    return isinstance(contract_type, GraphQLNonNull) and str(contract_type.of_type) == str(
        actual_type
    )


def differences(
    contract_sdl: str,
    actual: GraphQLSchema,
    ignore: set[str],
    widened: frozenset[str] = frozenset(),
) -> list[str]:
    contract = build_schema(contract_sdl)
    problems: list[str] = []
    for name, ctype in contract.type_map.items():
        if name.startswith("__") or name in ignore:
            continue
        atype = actual.type_map.get(name)
        if atype is None:
            problems.append(f"type {name} missing")
            continue
        if type(atype) is not type(ctype):
            problems.append(
                f"{name} is a {type(atype).__name__}, contract says {type(ctype).__name__}"
            )
            continue
        if isinstance(ctype, GraphQLEnumType):
            missing = set(ctype.values) - set(atype.values)  # type: ignore[attr-defined]
            problems += [f"enum {name} lacks {v}" for v in sorted(missing)]
        elif isinstance(ctype, GraphQLUnionType):
            continue
        elif isinstance(ctype, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            problems += _fields(name, ctype, atype, ignore, widened)
    return problems


def _fields(
    name: str, ctype: object, atype: object, ignore: set[str], widened: frozenset[str]
) -> list[str]:
    problems = []
    if isinstance(ctype, GraphQLObjectType | GraphQLInterfaceType):
        cif = {i.name for i in ctype.interfaces}
        aif = {i.name for i in atype.interfaces}  # type: ignore[attr-defined]
        problems += [f"{name} does not implement {i}" for i in sorted(cif - aif)]
    for fname, cfield in ctype.fields.items():  # type: ignore[attr-defined]
        if f"{name}.{fname}" in ignore:
            continue
        afield = atype.fields.get(fname)  # type: ignore[attr-defined]
        if afield is None:
            problems.append(f"{name}.{fname} missing")
            continue
        same = str(cfield.type) == str(afield.type)
        nullable_by_access = (
            f"{name}.{fname}" in widened
            and isinstance(cfield.type, GraphQLNonNull)
            and str(cfield.type.of_type) == str(afield.type)
        )
        if not same and not nullable_by_access:
            problems.append(f"{name}.{fname} is {afield.type}, contract says {cfield.type}")
        for aname, carg in getattr(cfield, "args", {}).items():
            aarg = afield.args.get(aname)
            if aarg is None:
                problems.append(f"{name}.{fname}({aname}) missing")
            elif not _arg_ok(carg.type, aarg.type):
                problems.append(
                    f"{name}.{fname}({aname}) is {aarg.type}, contract says {carg.type}"
                )
        for aname, aarg in getattr(afield, "args", {}).items():
            if aname not in getattr(cfield, "args", {}) and isinstance(aarg.type, GraphQLNonNull):
                problems.append(f"{name}.{fname}({aname}) is an extra required argument")
    return problems

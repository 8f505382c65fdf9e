"""What a jurisdiction's methods must return, checked value by value.

One table (`RETURNS`) says what each method of the `Jurisdiction` protocol
returns; `wrong_values` walks a returned value against it, through the fields
of the contract's frozen dataclasses, and says what is wrong and where. The
platform checks every answer with it at run time (a wrong one becomes a
`PluginError` naming the plugin and the method, see `vocrehab.hooks.guard`),
and the conformance kit with it, strictly.

Strict means the types the platform relies on, not look-alikes: a `date` is a
`date` (not a `datetime`, whose comparisons with a date fail later, nor an ISO
string); an enum value is a member (`Severity.ERROR`, not "ERROR"); an int is
not a bool; a sequence is a list or a tuple (never a `set`, whose order changes
between processes).
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from vocrehab.hooks import types as h

__all__ = ["RETURNS", "wrong_values"]

RETURNS: dict[str, Any] = {
    "benefit_types": Sequence[h.BenefitTypeInfo],
    "intervention_types": Sequence[h.InterventionTypeInfo],
    "assessment_kinds": Sequence[h.AssessmentKindInfo],
    "document_kinds": Sequence[h.DocumentKindInfo],
    "rules": Sequence[h.RuleInfo],
    "validate_national_id": h.IdCheck,
    "validate_national_id_on": h.IdCheck,
    "validate_organisation_number": h.IdCheck,
    "validate_details": h.DetailsCheck,
    "evaluate": Sequence[h.Violation],
    "milestones": Sequence[h.MilestoneInfo],
    "assess": Sequence[h.Violation],
    "orientation": h.OrientationInfo,
    "case_commands": Sequence[h.CaseCommand],
    "render_document": h.RenderedDocument,
    "upgrade_details": Mapping[str, Any],
    "apply": h.CommandResult,
}
"""Method name -> the type of its answer (`apply` is a case command's)."""


def wrong_values(value: Any, expected: Any, where: str) -> list[str]:
    """Every place in `value` that is not of `expected` type, as "where: what" lines."""
    return list(_walk(value, expected, where))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _name(expected: Any) -> str:
    return getattr(expected, "__name__", None) or str(expected).replace("typing.", "")


def _walk(value: Any, expected: Any, where: str) -> Iterator[str]:
    origin = typing.get_origin(expected)
    if expected is Any:
        return
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(expected)
        if value is None and type(None) in options:
            return
        found = [
            list(_walk(value, option, where)) for option in options if option is not type(None)
        ]
        if not any(not problems for problems in found):
            yield from min(found, key=len)
        return
    if value is None:
        yield f"{where}: is None, expected {_name(expected)}"
        return
    if expected is date:
        if type(value) is not date:
            yield f"{where}: is {_describe(value)}, expected a date (datetime.date, not a datetime or a string)"
        return
    if expected is datetime:
        if not isinstance(value, datetime):
            yield f"{where}: is {_describe(value)}, expected a datetime"
        return
    if expected is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            yield f"{where}: is {_describe(value)}, expected a number"
        return
    if expected is int:
        if isinstance(value, bool) or not isinstance(value, int):
            yield f"{where}: is {_describe(value)}, expected an int"
        return
    if isinstance(expected, type) and issubclass(expected, enum.Enum):
        if not isinstance(value, expected):
            yield f"{where}: is {_describe(value)}, expected a member of {expected.__name__}"
        return
    if origin is tuple or origin in (Sequence, typing.Sequence):
        yield from _sequence(value, expected, origin, where)
        return
    if origin in (frozenset, set):
        if not isinstance(value, frozenset | set):
            yield f"{where}: is {_describe(value)}, expected a {_name(origin)}"
            return
        (item,) = typing.get_args(expected)
        for element in value:
            yield from _walk(element, item, f"{where}[{element!r}]")
        return
    if origin in (Mapping, dict) or expected in (Mapping, dict):
        if not isinstance(value, Mapping):
            yield f"{where}: is {_describe(value)}, expected a mapping"
            return
        args = typing.get_args(expected)
        if args and args[1] is not Any:
            for key, item in value.items():
                yield from _walk(key, args[0], f"{where} key {key!r}")
                yield from _walk(item, args[1], f"{where}[{key!r}]")
        return
    if origin in (Callable, typing.Callable) or expected is Callable:
        if not callable(value):
            yield f"{where}: is {_describe(value)}, expected a function"
        return
    if expected is type or origin is type:
        if not isinstance(value, type):
            yield f"{where}: is {_describe(value)}, expected a class"
        return
    if isinstance(expected, type):
        if not isinstance(value, expected):
            yield f"{where}: is {_describe(value)}, expected {expected.__name__}"
            return
        if dataclasses.is_dataclass(expected):
            hints = _hints(expected)
            for item in dataclasses.fields(expected):
                yield from _walk(
                    getattr(value, item.name), hints[item.name], f"{where}.{item.name}"
                )


def _sequence(value: Any, expected: Any, origin: Any, where: str) -> Iterator[str]:
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
        kind = "a tuple" if origin is tuple else "a list or a tuple"
        yield f"{where}: is {_describe(value)}, expected {kind} (ordered: never a set)"
        return
    args = typing.get_args(expected)
    if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
        return  # fixed-length tuples do not occur in the contract
    item = args[0] if args else Any
    for index, element in enumerate(value):
        yield from _walk(element, item, f"{where}[{index}]")


def _describe(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"a {type(value).__name__} ({text})"

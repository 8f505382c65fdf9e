"""Inputs the conformance kit runs every case command with.

A rule that only a case command reports is still a rule: the kit builds
several inputs for each command from its strawberry input type (every enum
member in turn, optional fields left out and filled in, lists empty and not,
dates around the case's sick leave) and runs `apply` on each kit case, as the
platform would.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition

from vocrehab.hooks.types import CaseCommand, CaseFacts

__all__ = ["VARIANTS", "command_inputs"]

VARIANTS = 4
"""How many inputs each command is run with on each case."""

_TEXTS = ("Kit text", "Two words", "A longer justification in several words", "x")
_INTS = (50, 1, 100, 0)
_FLOATS = (7.5, 37.5, 0.0, 1.0)


def command_inputs(command: CaseCommand, case: CaseFacts, today: date) -> Iterator[Any]:
    """Inputs for `command` on `case` (each an instance of its input type)."""
    start = case.sick_leave_start or case.opened_at.date()
    days = (today, start, start + timedelta(days=16), today - timedelta(days=3))
    for variant in range(VARIANTS):
        yield _value(command.input_type, variant, case.id, days)


def _value(kind: Any, variant: int, case_id: str, days: tuple[date, ...]) -> Any:
    if isinstance(kind, StrawberryOptional):
        return None if variant % 2 == 0 else _value(kind.of_type, variant, case_id, days)
    if isinstance(kind, StrawberryList):
        if variant == VARIANTS - 1:
            return []
        return [_value(kind.of_type, variant + i, case_id, days) for i in range(1 + variant % 2)]
    if isinstance(kind, StrawberryEnumDefinition):
        kind = kind.wrapped_cls
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        members = list(kind)
        return members[variant % len(members)]
    definition = getattr(kind, "__strawberry_definition__", None)
    if definition is not None:
        values = {
            f.python_name: case_id
            if f.python_name == "case_id"
            else _value(f.type, variant, case_id, days)
            for f in definition.fields
        }
        return kind(**values)
    if kind is bool:
        return variant % 2 == 1
    if kind is int:
        return _INTS[variant % len(_INTS)]
    if kind is float:
        return _FLOATS[variant % len(_FLOATS)]
    if kind is date:
        return days[variant % len(days)]
    return _TEXTS[variant % len(_TEXTS)]  # str, ID and custom scalars read as text

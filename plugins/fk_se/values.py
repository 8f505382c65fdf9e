"""Reading the JSON values of `details`: each reader normalizes a value or says why not.

Details arrive as JSON from clients and as frozen snapshots from the platform
(mappings and tuples), so readers accept any mapping and any list or tuple,
and always return plain dicts, lists and ISO date strings that store as JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any

__all__ = [
    "Invalid",
    "Reader",
    "UnknownField",
    "boolean",
    "choice",
    "iso_date",
    "list_of",
    "record",
    "text",
    "whole_number",
]


class Invalid(ValueError):
    """A value that cannot be accepted; `path` leads to it inside the value read."""

    def __init__(self, message: str, path: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def inside(self, *prefix: str) -> Invalid:
        return type(self)(self.message, (*prefix, *self.path))


class UnknownField(Invalid):
    """An object holds a key that is not one of its fields (a misspelt key would
    otherwise be stored and silently ignored)."""


Reader = Callable[[object], Any]


def text(max_length: int) -> Reader:
    def read(raw: object) -> str:
        if not isinstance(raw, str):
            raise Invalid("must be text")
        cleaned = raw.strip()
        if len(cleaned) > max_length:
            raise Invalid(f"must be at most {max_length} characters, got {len(cleaned)}")
        return cleaned

    return read


def whole_number(low: int, high: int) -> Reader:
    def read(raw: object) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise Invalid("must be a whole number")
        if not low <= raw <= high:
            raise Invalid(f"must be between {low} and {high}, got {raw}")
        return raw

    return read


def boolean(raw: object) -> bool:
    if not isinstance(raw, bool):
        raise Invalid("must be true or false")
    return raw


def iso_date(raw: object) -> str:
    """An ISO 8601 date, stored in its canonical form YYYY-MM-DD."""
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw.isoformat()
    if not isinstance(raw, str):
        raise Invalid("must be an ISO date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(raw.strip()).isoformat()
    except ValueError:
        raise Invalid(f"must be an ISO date (YYYY-MM-DD), got {raw!r}") from None


def choice(values: type[StrEnum]) -> Reader:
    allowed = [member.value for member in values]

    def read(raw: object) -> str:
        if raw not in allowed:
            raise Invalid(f"must be one of {', '.join(allowed)}")
        return str(raw)

    return read


def list_of(reader: Reader, max_items: int) -> Reader:
    def read(raw: object) -> list[Any]:
        if isinstance(raw, str | bytes) or not isinstance(raw, Sequence):
            raise Invalid("must be a list")
        if len(raw) > max_items:
            raise Invalid(f"must have at most {max_items} items")
        values = []
        for index, item in enumerate(raw):
            try:
                values.append(reader(item))
            except Invalid as exc:
                raise exc.inside(str(index)) from None
        return values

    return read


def record(fields: Mapping[str, Reader], required: Sequence[str] = ()) -> Reader:
    """An object with only `fields` (those in `required` must be there); nulls are dropped."""

    def read(raw: object) -> dict[str, Any]:
        if not isinstance(raw, Mapping):
            raise Invalid("must be an object")
        unknown = sorted(str(key) for key in raw if key not in fields)
        if unknown:
            allowed = ", ".join(fields)
            raise UnknownField(f"is not a field here (allowed: {allowed})", (unknown[0],))
        value: dict[str, Any] = {}
        for key, reader in fields.items():
            if raw.get(key) is None:
                if key in required:
                    raise Invalid("is required", (key,))
                continue
            try:
                value[key] = reader(raw[key])
            except Invalid as exc:
                raise exc.inside(key) from None
        return value

    return read

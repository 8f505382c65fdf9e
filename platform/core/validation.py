"""Input checks shared by the services. A `Checks` collects every problem of
one command, so the client hears about all of them at once, then raises.
Fields are named as the command names them (`("steps", "0", "work_percent")`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from vocrehab.core.errors import DomainError, Problem, ProblemCode
from vocrehab.core.text import TextRefused, clean, rule_for

__all__ = ["MAX_LIST", "Checks", "like_pattern"]

MAX_LIST = 100
"""Input lists are capped (steps, diagnoses, ...): no unbounded work per request."""

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,24}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class Checks:
    def __init__(self, prefix: Sequence[str] = ()) -> None:
        self.prefix = tuple(prefix)
        self.problems: list[Problem] = []

    def fail(
        self, field: Sequence[str], message: str, code: str = ProblemCode.INVALID_INPUT
    ) -> None:
        self.problems.append(Problem(code, message, (*self.prefix, *field)))

    def done(self) -> None:
        if self.problems:
            raise DomainError(self.problems)

    # ---------------------------------------------------------------- values
    def text(
        self, field: Sequence[str], value: str | None, *, required: bool = False
    ) -> str | None:
        """The value under the text policy of its field (vocrehab.core.text), stripped."""
        if value is None:
            if required:
                self.fail(field, "is required")
            return None
        try:
            cleaned = clean(value, rule_for(field)).strip()
        except TextRefused as exc:
            self.fail(field, str(exc))
            return None
        if required and not cleaned:
            self.fail(field, "must not be blank")
        return cleaned or None

    def email(self, field: Sequence[str], value: str | None) -> str | None:
        cleaned = self.text(field, value)
        if cleaned and not _EMAIL.match(cleaned):
            self.fail(field, "is not an e-mail address")
        return cleaned

    def phone(self, field: Sequence[str], value: str | None) -> str | None:
        cleaned = self.text(field, value)
        if cleaned and not _PHONE.match(cleaned):
            self.fail(field, "is not a phone number (digits, spaces, ()- and a leading +)")
        return cleaned

    def language(self, field: Sequence[str], value: str | None) -> str | None:
        cleaned = self.text(field, value)
        if cleaned and not _LANGUAGE.match(cleaned):
            self.fail(field, "is not a language tag such as 'en', 'nb' or 'sv'")
        return cleaned

    def percent(self, field: Sequence[str], value: int | None) -> int | None:
        if value is not None and not 0 <= value <= 100:
            self.fail(field, "must be between 0 and 100")
        return value

    def hours(self, field: Sequence[str], value: float | None) -> float | None:
        if value is not None and not 0 <= value <= 168:
            self.fail(field, "must be between 0 and 168 hours a week")
        return value

    def not_after(self, field: Sequence[str], value: date | None, limit: date, what: str) -> None:
        if value is not None and value > limit:
            self.fail(field, f"must not be after {what} ({limit.isoformat()})")

    def ordered(self, field: Sequence[str], start: date | None, end: date | None) -> None:
        if start is not None and end is not None and end < start:
            self.fail(field, "must not be before the start date")

    def capped(
        self, field: Sequence[str], values: Sequence[Any] | None, cap: int = MAX_LIST
    ) -> None:
        if values is not None and len(values) > cap:
            self.fail(field, f"must have at most {cap} items")


def like_pattern(search: str) -> str:
    """A LIKE pattern matching `search` anywhere, its wildcards escaped (escape char \\)."""
    escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"

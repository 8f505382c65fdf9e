"""The `details` of generic cases, assessments and interventions: what they hold, and their validation.

`details` is the JSON a jurisdiction adds to the core records. The generic
jurisdiction keeps it small: where a case was referred from, when the return
is expected, and two per-case deadlines that override the deployment options.
Validation is strict (unknown keys are errors) because a misspelt key would
otherwise be stored and silently ignored, and the deadline it meant to change
would stay at its default.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from vocrehab.hooks import (
    CaseFacts,
    DetailsCheck,
    DetailsTarget,
    Violation,
)
from vocrehab_generic.options import GenericOptions
from vocrehab_generic.rules import violation

__all__ = ["CaseDetails", "validate_details"]


class _Invalid(ValueError):
    """A details value that cannot be accepted; the message says why."""


Parser = Callable[[object], object]


def _text(max_length: int | None = None) -> Parser:
    def parse(raw: object) -> str:
        if not isinstance(raw, str):
            raise _Invalid("must be text")
        text = raw.strip()
        if max_length is not None and len(text) > max_length:
            raise _Invalid(f"must be at most {max_length} characters, got {len(text)}")
        return text

    return parse


def _whole_number(low: int, high: int) -> Parser:
    def parse(raw: object) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise _Invalid("must be a whole number")
        if not low <= raw <= high:
            raise _Invalid(f"must be between {low} and {high}, got {raw}")
        return raw

    return parse


def _number(raw: object) -> float | int:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise _Invalid("must be a number")
    return raw


def _iso_date(raw: object) -> str:
    """Accept an ISO 8601 date and store it in its canonical form, YYYY-MM-DD."""
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw.isoformat()
    if not isinstance(raw, str):
        raise _Invalid("must be an ISO date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(raw.strip()).isoformat()
    except ValueError:
        raise _Invalid(f"must be an ISO date (YYYY-MM-DD), got {raw!r}") from None


class ContactChannel(Enum):
    """How a contact with the participant took place (GenContactChannel in the schema)."""

    PHONE = "PHONE"
    MEETING = "MEETING"
    VIDEO = "VIDEO"
    MESSAGE = "MESSAGE"


CONTACT_CHANNELS = tuple(channel.value for channel in ContactChannel)


def _first_contact(raw: object) -> dict[str, str]:
    """{"on": ISO date, "channel": one of CONTACT_CHANNELS}, as genRecordFirstContact stores it."""
    if not isinstance(raw, Mapping) or set(raw) != {"on", "channel"}:
        raise _Invalid('must be an object {"on": date, "channel": ...}')
    channel = raw["channel"]
    if channel not in CONTACT_CHANNELS:
        raise _Invalid(f"channel must be one of {', '.join(CONTACT_CHANNELS)}")
    return {"on": _iso_date(raw["on"]), "channel": str(channel)}


_FIELDS: Mapping[str, Mapping[str, Parser]] = {
    "case": {
        "referralSource": _text(max_length=200),
        "expectedReturnDate": _iso_date,
        "planDueDays": _whole_number(1, 365),
        "reviewIntervalDays": _whole_number(7, 365),
        "firstContact": _first_contact,
    },
    "assessment": {"instrument": _text(), "score": _number},
    "intervention": {"goal": _text()},
}


def validate_details(target: DetailsTarget, details: Mapping[str, Any]) -> DetailsCheck:
    """Normalize `details` of a case, assessment or intervention, reporting every problem.

    A null value is kept as null (it clears the field). The normalized value
    holds only the keys that passed, so it is safe to store even when the
    caller ignores the violations.
    """
    parsers = _FIELDS[target]
    if not isinstance(details, Mapping):
        problem = violation("GEN_DETAILS_INVALID", "Details must be a JSON object")
        return DetailsCheck(value={}, violations=(problem,))
    value: dict[str, object] = {}
    problems: list[Violation] = []
    for key, raw in details.items():
        parser = parsers.get(key)
        if parser is None:
            problems.append(_unknown_key(target, str(key), parsers))
        elif raw is None:
            value[key] = None
        else:
            try:
                value[key] = parser(raw)
            except _Invalid as exc:
                problems.append(violation("GEN_DETAILS_INVALID", f"{key} {exc}", field=(key,)))
    return DetailsCheck(value=value, violations=tuple(problems))


def _unknown_key(target: str, key: str, parsers: Mapping[str, Parser]) -> Violation:
    allowed = ", ".join(parsers)
    return violation(
        "GEN_DETAILS_UNKNOWN_FIELD",
        f"{key} is not a details field of a generic {target} (allowed: {allowed})",
        field=(key,),
    )


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class CaseDetails:
    """A case's details as the rest of the plugin reads them."""

    referral_source: str | None = None
    expected_return_date: date | None = None
    plan_due_days: int | None = None
    review_interval_days: int | None = None
    first_contact_on: date | None = None
    first_contact_channel: str | None = None

    @classmethod
    def of(cls, case: CaseFacts) -> CaseDetails:
        """Read stored details; anything that would not validate counts as absent."""
        value = validate_details("case", case.details).value
        expected = value.get("expectedReturnDate")
        contact = value.get("firstContact") or {}
        return cls(
            referral_source=value.get("referralSource"),
            expected_return_date=date.fromisoformat(expected) if expected else None,
            plan_due_days=value.get("planDueDays"),
            review_interval_days=value.get("reviewIntervalDays"),
            first_contact_on=date.fromisoformat(contact["on"]) if contact else None,
            first_contact_channel=contact.get("channel"),
        )

    def effective_plan_due_days(self, options: GenericOptions) -> int:
        return self.plan_due_days or options.plan_due_days

    def effective_review_interval_days(self, options: GenericOptions) -> int:
        return self.review_interval_days or options.review_interval_days

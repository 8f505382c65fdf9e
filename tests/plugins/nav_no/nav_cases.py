"""Builders of Norwegian case snapshots for this folder's unit tests (a module
name of its own, so no other folder's helpers can shadow it)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from vocrehab.hooks import CaseFacts, ParticipantFacts
from vocrehab.hooks.testing import TODAY, make_case

__all__ = ["nav_case"]


def nav_case(
    start: date | None = TODAY - timedelta(days=35),
    details: dict[str, Any] | None = None,
    birth: date | None = date(1985, 6, 15),
    **overrides: Any,
) -> CaseFacts:
    """A Norwegian case snapshot: sick leave from `start`, with `details` as stored."""
    base = make_case("no", sick_leave_start=start, details=details or {})
    person = ParticipantFacts(base.participant.id, "no", birth, None, "nb")
    return make_case("no", sick_leave_start=start, details=details or {}, participant=person,
                     **overrides)  # fmt: skip

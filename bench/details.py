"""Made-up `details` of Norwegian and Swedish cases, in the shape their plugins
validate: the sick leave as the doctor certified it, and the employer's plan."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

__all__ = ["case_details"]

Details = tuple[dict[str, Any], date | None]
"""The details, and the last day of the certified sick leave."""


def case_details(
    code: str, start: date | None, employed: bool, horizon: date, rng: random.Random
) -> Details:
    make = {"no": _norwegian, "se": _swedish}.get(code)
    if make is None or start is None:
        return {}, None
    return make(start, employed, horizon, rng)


def _norwegian(start: date, employed: bool, horizon: date, rng: random.Random) -> Details:
    """One sick note from the first day of leave, fully off work and then graded, and
    for employees the follow-up plan, approved and shared with the doctor."""
    full_until = start + timedelta(days=rng.randint(13, 27))
    graded_from = full_until + timedelta(days=1)
    graded_until = graded_from + timedelta(days=rng.randint(27, 83))
    details: dict[str, Any] = {"sickNotes": [{
        "signedOn": start.isoformat(), "issuerProfession": "LE", "periods": [
            {"type": "AKTIVITET_IKKE_MULIG", "fom": start.isoformat(), "tom": full_until.isoformat()},
            {"type": "GRADERT", "grade": rng.choice((40, 50, 60)), "fom": graded_from.isoformat(),
             "tom": graded_until.isoformat()},
        ],
    }]}  # fmt: skip
    created = start + timedelta(days=rng.randint(10, 25))
    shared = created + timedelta(days=rng.randint(0, 5))
    if employed and shared <= horizon and rng.random() < 0.9:
        details["followUpPlan"] = {
            "status": "AKTIV", "createdOn": created.isoformat(), "approvedOn": created.isoformat(),
            "sharedWithSykmelderOn": shared.isoformat(),
        }  # fmt: skip
    return details, graded_until


def _swedish(start: date, employed: bool, horizon: date, rng: random.Random) -> Details:
    """The certified sick periods (full, then part-time), the doctor's forecast and,
    for employees, the employer's plan for return to work."""
    full_until = start + timedelta(days=rng.randint(13, 59))
    part_until = full_until + timedelta(days=rng.randint(29, 89))
    details: dict[str, Any] = {
        "sickPeriods": [
            {"start": start.isoformat(), "end": full_until.isoformat(), "degree": 100},
            {"start": (full_until + timedelta(days=1)).isoformat(), "end": part_until.isoformat(),
             "degree": rng.choice((25, 50, 75))},
        ],
        "expectedDuration": {"days": rng.randint(30, 180), "assessedOn": start.isoformat()},
    }  # fmt: skip
    planned = start + timedelta(days=rng.randint(20, 40))
    if employed and planned <= horizon:
        details["employerPlan"] = {"status": "DRAWN_UP", "on": planned.isoformat()}
    return details, part_until

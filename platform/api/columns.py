"""Which columns of a row the selected fields read, so a list level loads no others.

A row's columns are of two kinds: those the platform always needs (ids and keys
that rows are grouped and joined by, what access is decided from: never
trimmed, see `core.reads`), and those only some GraphQL fields show. For the
second kind, `READ_BY` names, per type, the fields that read each column; a
column none of whose fields the operation selects comes back as NULL
(`core.reads.trimmed`). The map is consulted per operation, on the fields the
document selects on the type anywhere (`Context.selected`), so a field selected
in one place keeps its column for every object of the type.

A reader may also be a field of another type, written `Type.field`: rows that
one loader fetches and the operation shares (a case's milestones, for the
`milestones` field and for the orientation and handover built from them) keep a
column whichever of their readers is selected.

A field that reads a column must be listed with it here; `tests/api/test_columns.py`
selects every field of these types one at a time and compares with a page that
selects them all, so a missing entry fails there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vocrehab.core.reads import NOTHING, Unused

if TYPE_CHECKING:
    from vocrehab.api.context import Context

__all__ = ["READ_BY", "unused"]

READ_BY: dict[str, dict[str, frozenset[str]]] = {
    "Actor": {
        "organisation_id": frozenset({"organisation"}),
        "organisation_number": frozenset({"organisationNumber"}),
        "email": frozenset({"email"}),
        "created_at": frozenset(),
    },
    "CaseTeamMember": {
        "since": frozenset({"since"}),
        "until": frozenset({"until"}),
        "created_at": frozenset(),
    },
    "Participant": {
        "national_id": frozenset({"nationalId"}),
        "birth_date": frozenset({"birthDate"}),
        "email": frozenset({"email"}),
        "phone": frozenset({"phone"}),
        "preferred_language": frozenset({"preferredLanguage"}),
        "created_at": frozenset(),
        "updated_at": frozenset(),
    },
    "Plan": {
        "goal": frozenset({"goal"}),
        "created_by_id": frozenset({"createdBy"}),
        "created_at": frozenset({"createdAt"}),
        "updated_at": frozenset({"updatedAt"}),
        "activated_at": frozenset(),
    },
    "PlanStep": {
        "hours_per_week": frozenset({"hoursPerWeek"}),
        "description": frozenset({"description"}),
        "adjustments": frozenset({"adjustments"}),
    },
    "Milestone": {
        "names": frozenset({"name", "Case.orientation", "Case.handover"}),
        "descriptions": frozenset({"description", "Case.orientation", "Case.handover"}),
        "responsible": frozenset({"responsible", "Case.orientation", "Case.handover"}),
        "legal_reference": frozenset({"legalReference", "Case.orientation", "Case.handover"}),
        "assignee_id": frozenset({"Case.orientation", "Case.handover"}),
        "category": frozenset({"Case.orientation", "Case.handover"}),
        "position": frozenset(),
        "pending": frozenset(),
    },
    "Intervention": {
        "provider_id": frozenset({"provider"}),
        "start_date": frozenset({"startDate"}),
        "planned_end_date": frozenset({"plannedEndDate"}),
        "end_date": frozenset({"endDate"}),
        "hours_per_week": frozenset({"hoursPerWeek"}),
        "outcome": frozenset({"outcome"}),
        "created_at": frozenset({"createdAt"}),
        "details": frozenset(),
        "created_by_id": frozenset(),
        "updated_at": frozenset(),
    },
}


def unused(ctx: Context, type_name: str) -> Unused:
    """The columns of `type_name`'s rows that no field this operation selects reads."""
    key = ("unused columns", type_name)
    found = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = (
            frozenset(
                column
                for column, fields in READ_BY.get(type_name, {}).items()
                if not any(_selected(ctx, type_name, field) for field in fields)
            )
            or NOTHING
        )
    return found  # type: ignore[no-any-return]


def _selected(ctx: Context, type_name: str, field: str) -> bool:
    owner, _, name = field.rpartition(".")
    return name in ctx.selected.get(owner or type_name, ())

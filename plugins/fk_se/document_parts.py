"""What both Swedish documents show alike: the person, the deadlines, the team, the footer.

Each part is built first as JSON data (what the document's JSON rendering
holds, checked by its schema) and then as PDF content from that data, so a
PDF never shows more than its JSON. Everything comes from the snapshot, which
the platform has already minimised: a field it left out is reported as
withheld, never looked up elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date
from typing import Any

from vocrehab.hooks import (
    DataCategory,
    DocumentSnapshot,
    MilestoneInfo,
    StakeholderType,
    text_for,
)
from vocrehab.hooks.pdf import PdfSection, PdfTable
from vocrehab_fk_se import document_texts as t
from vocrehab_fk_se.language import role_name

__all__ = [
    "contents",
    "deadline_data",
    "deadline_section",
    "footer",
    "generated_at",
    "generation_day",
    "person_data",
    "person_facts",
    "team_data",
    "team_section",
    "withheld_note",
]


def contents(snapshot: DocumentSnapshot, shows: frozenset[DataCategory]) -> dict[str, list[str]]:
    """Of the categories a kind `shows`, those this document holds and those withheld from it.

    The platform decides what a document may hold (its requester's categories
    narrowed to what every audience may see); a kind that never shows a
    category (the plan never shows a diagnosis) neither holds nor withholds it.
    """
    allowed = snapshot.request.categories
    return {
        "contains": sorted(c.value for c in shows & allowed),
        "withheld": sorted(c.value for c in shows - allowed),
    }


def withheld_note(categories: Sequence[str], lang: str) -> str:
    """One sentence naming what the document leaves out (empty when nothing)."""
    if not categories:
        return ""
    names = ", ".join(text_for(t.CATEGORY_NAMES[DataCategory(c)], lang) for c in categories)
    return t.say(t.WITHHELD_NOTE, lang, categories=names)


def generated_at(snapshot: DocumentSnapshot) -> str:
    """The generation time in UTC, ISO 8601: the document's only notion of 'now'."""
    return snapshot.request.generated_at.astimezone(UTC).isoformat()


def generation_day(snapshot: DocumentSnapshot) -> date:
    """The day (UTC) the document was generated: what "overdue" is measured against."""
    return snapshot.request.generated_at.astimezone(UTC).date()


def footer(generated: str, reference: str, basis: str, lang: str) -> str:
    at = generated[:16].replace("T", " ")
    return t.say(t.FOOTER, lang, at=at, reference=reference, basis=basis)


# --------------------------------------------------------------------------- the person


def person_data(snapshot: DocumentSnapshot) -> dict[str, Any]:
    """Name always (a team never works on an unnamed person); the rest as CONTACT allows."""
    person = snapshot.participant
    found: dict[str, Any] = {"givenName": person.given_name, "familyName": person.family_name}
    if person.birth_date is not None:
        found["birthDate"] = person.birth_date.isoformat()
    if person.national_id is not None:
        found["nationalId"] = person.national_id
    return found


def person_facts(
    person: dict[str, Any], withheld: Sequence[str], lang: str
) -> list[tuple[str, str]]:
    """Name and personnummer; a personnummer left out with CONTACT is said to be withheld."""
    contact = DataCategory.CONTACT.value in withheld
    category = text_for(t.CATEGORY_NAMES[DataCategory.CONTACT], lang)
    absent = t.say(t.WITHHELD, lang, category=category) if contact else text_for(t.DASH, lang)
    return [
        (text_for(t.NAME, lang), f"{person['givenName']} {person['familyName']}"),
        (text_for(t.NATIONAL_ID, lang), person.get("nationalId") or absent),
    ]


# --------------------------------------------------------------------------- deadlines


def _status(milestone: MilestoneInfo, on: date) -> str:
    if milestone.met_on is not None:
        return "MET"
    if milestone.not_applicable:
        return "NOT_APPLICABLE"
    return "OVERDUE" if milestone.due_date < on else "OPEN"


def deadline_data(
    milestones: Iterable[MilestoneInfo], lang: str, on: date, codes: frozenset[str] | None = None
) -> list[dict[str, Any]]:
    """The deadlines (all, or those in `codes`), with their status on the generation day."""
    return [
        {
            "code": m.code,
            "name": text_for(m.names, lang),
            "dueDate": m.due_date.isoformat(),
            "responsible": m.responsible.value,
            "status": _status(m, on),
            "metOn": m.met_on.isoformat() if m.met_on else None,
            "legalReference": m.legal_reference,
        }
        for m in milestones
        if codes is None or m.code in codes
    ]


def deadline_section(deadlines: Sequence[dict[str, Any]], lang: str) -> PdfSection:
    rows = tuple(
        (
            d["name"],
            d["dueDate"],
            t.capitalised(role_name(StakeholderType(d["responsible"]), lang)),
            t.say(t.DEADLINE_STATUS[d["status"]], lang, on=d["metOn"]),
            d["legalReference"] or "",
        )
        for d in deadlines
    )
    columns = tuple(text_for(c, lang) for c in t.DEADLINE_COLUMNS)
    return PdfSection(
        text_for(t.DEADLINES, lang),
        table=PdfTable(columns, rows, widths=(2.6, 1.1, 1.7, 1.3, 1.6)),
        empty=text_for(t.NO_DEADLINES, lang),
    )


# --------------------------------------------------------------------------- the team


def team_data(snapshot: DocumentSnapshot) -> list[dict[str, Any]]:
    return [
        {
            "name": member.actor.name,
            "role": member.role.value,
            "organisation": member.actor.organisation_name,
        }
        for member in snapshot.team
    ]


def team_section(team: Sequence[dict[str, Any]], lang: str) -> PdfSection:
    rows = tuple(
        (
            m["name"],
            t.capitalised(role_name(StakeholderType(m["role"]), lang)),
            m["organisation"] or "",
        )
        for m in team
    )
    columns = tuple(text_for(c, lang) for c in t.TEAM_COLUMNS)
    return PdfSection(
        text_for(t.TEAM, lang),
        table=PdfTable(columns, rows, widths=(2, 2, 2.4)),
        empty=text_for(t.NO_TEAM, lang),
    )

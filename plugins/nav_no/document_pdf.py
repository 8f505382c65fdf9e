"""The parts both Norwegian PDFs share, built from the forms' JSON data so that the
PDF and the JSON of a form always say the same thing.

Every form opens with the person, the case reference and the sick leave, shows
the platform's plan steps as a table and the deadlines that concern it, lists
the people on the case and ends by saying what the document leaves out. The
layout and the fonts (æ ø å) come from `vocrehab.hooks.pdf`, as for every
jurisdiction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from vocrehab.hooks import DataCategory, PlanStatus, StakeholderType
from vocrehab.hooks.pdf import PdfDocument, PdfSection, PdfTable, render_pdf
from vocrehab_nav_no.document_data import ZONE
from vocrehab_nav_no.document_words import name_of, role, say
from vocrehab_nav_no.language import format_date

__all__ = [
    "DASH",
    "Data",
    "Facts",
    "day",
    "deadlines_section",
    "header_facts",
    "moment",
    "percent",
    "plan_section",
    "render",
    "short_reference",
    "span",
    "team_section",
    "withheld_section",
]

Data = Mapping[str, Any]
Facts = list[tuple[str, str]]
DASH = "\u2013"
"""An en dash: what a table shows for a missing value, between the ends of a span, and before
each item of a list (text extraction reads it back, unlike a bullet in the standard fonts)."""


def day(value: str | None, lang: str, empty: str = DASH) -> str:
    """An ISO date of the data as the reader writes it (2.3.2026 in bokmål)."""
    return format_date(date.fromisoformat(value), lang) if value else empty


def span(first: str | None, last: str | None, lang: str) -> str:
    """From one ISO date to another, with a dash between ("" when neither is known)."""
    if first is None and last is None:
        return ""
    return f"{day(first, lang, '')} {DASH} {day(last, lang, '')}"


def percent(value: int) -> str:
    return f"{value} %"


def short_reference(reference: str | None) -> str:
    """A legal reference without its explanation: "aml § 4-6 (...)" -> "aml § 4-6"."""
    return (reference or "").split(" (")[0]


def header_facts(data: Data, lang: str, person_label: str) -> Facts:
    """The person, the case and the sick leave: what identifies the form."""
    person, case = data["participant"], data["case"]
    withheld = DataCategory.CONTACT.value in data["withheld"]
    facts: Facts = [(say(person_label, lang), f"{person['givenName']} {person['familyName']}")]
    if "nationalId" in person or withheld:
        facts.append(
            (say("national_id", lang), person.get("nationalId") or say("withheld_value", lang))
        )
    facts.append((say("case", lang), case["reference"]))
    if data["employer"] is not None:
        number = data["employer"]["organisationNumber"]
        suffix = f" ({say('org_number', lang)} {number})" if number else ""
        facts.append((say("employer", lang), data["employer"]["name"] + suffix))
    if case["sickLeaveStart"]:
        week = f" ({say('week', lang)} {case['sickLeaveWeek']})" if case["sickLeaveWeek"] else ""
        facts.append((say("sick_leave_since", lang), day(case["sickLeaveStart"], lang) + week))
    return facts


def _step_row(step: Data, lang: str) -> tuple[str, ...]:
    hours = step["hoursPerWeek"]
    what = "; ".join(filter(None, [step["description"], *step["adjustments"]]))
    return (day(step["startDate"], lang), day(step["endDate"], lang), percent(step["workPercent"]),
            "" if hours is None else f"{hours:g}", what)  # fmt: skip


def plan_section(plan: Data | None, lang: str) -> PdfSection:
    """The graded return step by step: dates, share of normal work, adjustments."""
    keys = ("from", "to", "work_percent", "hours_per_week", "tasks_adjustments")
    columns = tuple(say(key, lang) for key in keys)
    if plan is None:
        return PdfSection(say("plan", lang), paragraphs=(say("plan_none", lang),))
    status = name_of(PlanStatus(plan["status"]), lang)
    paragraphs = [f"{plan['title']} ({say('version', lang)} {plan['version']}, {status})"]
    if plan["goal"]:
        paragraphs.append(f"{say('goal', lang)}: {plan['goal']}")
    rows = tuple(_step_row(step, lang) for step in plan["steps"])
    return PdfSection(
        say("plan", lang), paragraphs=tuple(paragraphs),
        table=PdfTable(columns, rows, widths=(1.1, 1.1, 0.8, 0.9, 3.4)),
        empty=say("plan_empty", lang),
    )  # fmt: skip


def _state(deadline: Data, lang: str) -> str:
    if deadline["state"] == "MET":
        return f"{say('met_on', lang)} {day(deadline['metOn'], lang)}"
    words = {"NOT_APPLICABLE": "not_applicable", "OVERDUE": "overdue", "UPCOMING": "upcoming"}
    return say(words[deadline["state"]], lang)


def deadlines_section(items: Sequence[Data], lang: str, intro: str = "") -> PdfSection:
    """The deadlines with who must act and their state on the day of the document."""
    columns = tuple(
        say(k, lang) for k in ("deadline", "due", "responsible", "state", "legal_basis")
    )
    rows = tuple(
        (d["name"], day(d["dueDate"], lang), role(StakeholderType(d["responsible"]), lang),
         _state(d, lang), short_reference(d["legalReference"]))
        for d in items
    )  # fmt: skip
    return PdfSection(
        say("deadlines", lang), paragraphs=(intro,) if intro else (),
        table=PdfTable(columns, rows, widths=(2.5, 1.0, 1.5, 1.3, 1.3)),
        empty=say("deadlines_none", lang),
    )  # fmt: skip


def team_section(team: Sequence[Data], lang: str) -> PdfSection:
    columns = (say("name", lang), say("role", lang), say("organisation", lang))
    rows = tuple(
        (t["name"], role(StakeholderType(t["role"]), lang), t["organisation"] or "") for t in team
    )
    return PdfSection(
        say("team", lang), table=PdfTable(columns, rows, widths=(2, 2, 2.5)),
        empty=say("team_none", lang),
    )  # fmt: skip


def withheld_section(data: Data, lang: str) -> PdfSection | None:
    """What the platform kept out of the document, and why (None when nothing is)."""
    withheld = [name_of(DataCategory(code), lang) for code in data["withheld"]]
    if not withheld:
        return None
    # one paragraph, so that the list runs on from its introduction
    lines = "".join(f"\n{DASH} {item}" for item in withheld)
    return PdfSection(say("withheld", lang), paragraphs=(say("withheld_intro", lang) + lines,))


def moment(value: str | datetime, lang: str) -> str:
    """A point in time as Norwegian local time: "2.3.2026 kl. 10:00" in bokmål."""
    local = (datetime.fromisoformat(value) if isinstance(value, str) else value).astimezone(ZONE)
    return f"{format_date(local.date(), lang)} {say('clock', lang)} {local:%H:%M}"


def render(
    title: str, subtitle: str, facts: Facts, sections: Sequence[PdfSection | None], data: Data
) -> bytes:
    """The form as PDF bytes, with the generation time and the case reference in the footer."""
    lang = data["language"]
    generated = (
        f"{say('generated', lang)} {moment(data['generatedAt'], lang)} ({say('local_time', lang)})"
    )
    footer = f"{generated} · {data['case']['reference']} · vocrehab"
    document = PdfDocument(
        title=title, subtitle=subtitle, facts=tuple(facts),
        sections=tuple(s for s in sections if s is not None), footer=footer, language=lang,
    )  # fmt: skip
    return render_pdf(document)

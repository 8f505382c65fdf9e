"""The employer's plan for return to work as a PDF, laid out like every plan of the platform.

Drawn only from `employer_plan_document.plan_data`, so it shows what the JSON
holds: the person and the case, the plan's steps as a table (dates, work
percentage, hours, tasks, adjustments), the employer's duty under SFB 30 kap.
6 § (day 30, the status, the doctor's forecast), the interventions, the
deadlines, who is involved and who approved, and what the document leaves out.
"""

from __future__ import annotations

from typing import Any

from vocrehab.hooks import (
    DocumentSnapshot,
    InterventionStatus,
    PlanStatus,
    StakeholderType,
    text_for,
)
from vocrehab.hooks.pdf import PdfDocument, PdfSection, PdfTable, render_pdf
from vocrehab_fk_se import document_texts as t
from vocrehab_fk_se.document_parts import (
    deadline_section,
    footer,
    person_facts,
    team_section,
    withheld_note,
)
from vocrehab_fk_se.employer_plan_document import plan_data
from vocrehab_fk_se.language import role_name
from vocrehab_fk_se.vocabulary import EmployerPlanStatus

__all__ = ["plan_pdf"]


def plan_pdf(snapshot: DocumentSnapshot) -> bytes:
    data, lang = plan_data(snapshot), snapshot.request.lang
    person = data["participant"]
    name, ref = f"{person['givenName']} {person['familyName']}", data["case"]["reference"]
    sections = [
        _plan_section(data["plan"], lang),
        _duty_section(data, lang),
        _interventions_section(data["interventions"], lang),
        deadline_section(data["deadlines"], lang),
        team_section(data["team"], lang),
    ]
    if data["plan"] and data["plan"]["approvals"]:
        sections.append(_approvals_section(data["plan"]["approvals"], lang))
    notes = (text_for(t.NO_MEDICAL_IN_PLAN, lang), withheld_note(data["withheld"], lang))
    sections.append(PdfSection(text_for(t.ABOUT, lang), paragraphs=tuple(filter(None, notes))))
    document = PdfDocument(
        title=text_for(t.PLAN_TITLE, lang),
        subtitle=f"{name} · {ref}",
        facts=tuple(_facts(data, lang)),
        sections=tuple(sections),
        footer=footer(data["generatedAt"], ref, data["legalReference"], lang),
        language=lang,
    )
    return render_pdf(document)


def _facts(data: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    facts = [
        *person_facts(data["participant"], data["withheld"], lang),
        (text_for(t.CASE, lang), data["case"]["reference"]),
    ]
    if data["employer"]:
        number = data["employer"]["organisationNumber"]
        employer = f"{data['employer']['name']} ({number})" if number else data["employer"]["name"]
        facts.append((text_for(t.EMPLOYER, lang), employer))
    if data["case"]["sickLeaveStart"]:
        facts.append((text_for(t.SICK_SINCE, lang), data["case"]["sickLeaveStart"]))
    return facts


def _plan_section(plan: dict[str, Any] | None, lang: str) -> PdfSection:
    columns = tuple(text_for(c, lang) for c in t.STEP_COLUMNS)
    if plan is None:
        return PdfSection(text_for(t.PLAN, lang), paragraphs=(text_for(t.NO_PLAN, lang),))
    status = text_for(t.PLAN_STATUS[PlanStatus(plan["status"])], lang)
    rows = tuple(
        (
            s["startDate"],
            s["endDate"],
            f"{s['workPercent']} %",
            "" if s["hoursPerWeek"] is None else f"{s['hoursPerWeek']:g}",
            s["description"] or "",
            "; ".join(s["adjustments"]),
        )
        for s in plan["steps"]
    )
    line = t.say(t.PLAN_LINE, lang, title=plan["title"], version=plan["version"], status=status)
    goal = t.say(t.GOAL, lang, goal=plan["goal"] or text_for(t.DASH, lang))
    return PdfSection(
        text_for(t.PLAN, lang),
        paragraphs=(line, goal),
        table=PdfTable(columns, rows, widths=(1.05, 1.05, 0.75, 0.9, 2.1, 2.1)),
        empty=text_for(t.NO_STEPS, lang),
    )


def _duty_section(data: dict[str, Any], lang: str) -> PdfSection:
    duty, expected = data["duty"], data["expectedDuration"]
    heading = f"{text_for(t.DUTY, lang)} ({data['legalReference']})"
    paragraphs = (text_for(t.DUTY_LAW, lang),)
    if duty is None:
        return PdfSection(heading, paragraphs=(*paragraphs, text_for(t.DUTY_NONE, lang)))
    dash = text_for(t.DASH, lang)
    status = text_for(t.PLAN_DUTY[EmployerPlanStatus(duty["status"])], lang)
    decision = (
        t.say(t.DECISIONS[duty["decision"]], lang, on=duty["decidedOn"])
        if duty["decision"]
        else dash
    )
    forecast = (
        t.say(t.EXPECTED_VALUE, lang, days=expected["days"], on=expected["assessedOn"])
        if expected
        else dash
    )
    facts = (
        (text_for(t.STATUS, lang), status),
        (text_for(t.DUE, lang), duty["dueDate"] or dash),
        (text_for(t.DAY_1, lang), duty["spellStart"]),
        (text_for(t.DAY_30, lang), duty["day30"]),
        (text_for(t.DRAWN_UP_ON, lang), duty["drawnUpOn"] or dash),
        (text_for(t.DECISION, lang), decision),
        (text_for(t.EXPECTED, lang), forecast),
    )
    return PdfSection(heading, paragraphs=paragraphs, facts=facts)


def _interventions_section(items: list[dict[str, Any]], lang: str) -> PdfSection:
    dash = text_for(t.DASH, lang)
    rows = tuple(
        (
            i["name"],
            text_for(t.INTERVENTION_STATUS[InterventionStatus(i["status"])], lang),
            i["startDate"] or dash,
            i["plannedEndDate"] or dash,
        )
        for i in items
    )
    columns = tuple(text_for(c, lang) for c in t.INTERVENTION_COLUMNS)
    return PdfSection(
        text_for(t.INTERVENTIONS, lang),
        table=PdfTable(columns, rows, widths=(3, 1.3, 1.2, 1.2)),
        empty=text_for(t.NO_INTERVENTIONS, lang),
    )


def _approvals_section(approvals: list[dict[str, Any]], lang: str) -> PdfSection:
    facts = tuple(
        (
            t.capitalised(role_name(StakeholderType(a["role"]), lang)),
            a["approvedAt"][:16].replace("T", " "),
        )
        for a in approvals
    )
    return PdfSection(text_for(t.APPROVED_BY, lang), facts=facts)

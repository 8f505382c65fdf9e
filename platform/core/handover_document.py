"""The handover brief as a document (PDF and JSON) that every jurisdiction offers.

The platform writes it, not a plugin: a jurisdiction's document kinds serve
only that jurisdiction's cases, and a handover is needed on all of them. The
jurisdiction still adds its own sections (`HandoverWriter`). It is rendered
from the document snapshot, which holds only the categories the requester may
see, and stored with those categories like any other document.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from vocrehab.core.briefs import Brief, OpenStep
from vocrehab.hooks import types as h
from vocrehab.hooks.pdf import PdfDocument, PdfSection, PdfTable, render_pdf
from vocrehab.hooks.vocabulary import DocumentFormat

__all__ = ["HANDOVER", "PLATFORM_KINDS", "render_handover"]

HANDOVER = h.DocumentKindInfo(
    code="HANDOVER",
    names={"en": "Handover brief", "nb": "Overleveringsnotat", "sv": "Överlämningsunderlag"},
    formats=(DocumentFormat.PDF, DocumentFormat.JSON),
)
PLATFORM_KINDS: tuple[h.DocumentKindInfo, ...] = (HANDOVER,)

_HEADINGS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Handover brief", "case": "Case", "asOf": "As of", "since": "Since",
        "start": "the case opened", "decisions": "Decisions", "meetings": "Meetings",
        "benefits": "Benefit periods", "plans": "Plans", "assessments": "Assessments",
        "steps": "Open steps", "team": "Who did what last", "questions": "Open questions",
        "none": "None.", "overdue": "overdue", "open": "open", "nothing": "nothing yet",
    },
    "nb": {
        "title": "Overleveringsnotat", "case": "Sak", "asOf": "Per", "since": "Siden",
        "start": "saken ble opprettet", "decisions": "Vedtak og beslutninger",
        "meetings": "Møter", "benefits": "Ytelser", "plans": "Planer",
        "assessments": "Vurderinger", "steps": "Åpne frister",
        "team": "Hvem gjorde hva sist", "questions": "Åpne spørsmål", "none": "Ingen.",
        "overdue": "forfalt", "open": "åpen", "nothing": "ingenting ennå",
    },
    "sv": {
        "title": "Överlämningsunderlag", "case": "Ärende", "asOf": "Per", "since": "Sedan",
        "start": "ärendet öppnades", "decisions": "Beslut", "meetings": "Möten",
        "benefits": "Ersättningsperioder", "plans": "Planer", "assessments": "Bedömningar",
        "steps": "Öppna tidsgränser", "team": "Vem gjorde vad senast",
        "questions": "Öppna frågor", "none": "Inga.", "overdue": "försenad", "open": "öppen",
        "nothing": "inget ännu",
    },
}  # fmt: skip


def _text(texts: Mapping[str, str], lang: str) -> str:
    return h.text_for(texts, lang)


def brief_json(
    brief: Brief,
    names: Mapping[str, str],
    lang: str,
    kinds: Mapping[str, h.Texts] | None = None,
) -> dict[str, Any]:
    """The brief as JSON: the same sections the GraphQL `Handover` has. `kinds`: the
    names of the jurisdiction's meeting kinds by code."""

    def meeting(mt: h.MeetingFacts) -> dict[str, Any]:
        kind = (kinds or {}).get(mt.kind)
        return {
            "kind": mt.kind, "name": _text(kind, lang) if kind else mt.kind, "status": mt.status,
            "scheduledFor": mt.scheduled_for.isoformat() if mt.scheduled_for else None,
            "heldOn": mt.held_on.isoformat() if mt.held_on else None,
            "participants": [names.get(p) for p in mt.participant_ids if p in names],
            "outcomes": list(mt.outcomes), "minutes": mt.minutes,
        }  # fmt: skip

    def event(e: h.EventFacts) -> dict[str, Any]:
        return {"at": e.at.isoformat(), "kind": e.kind, "summary": e.summary,
                "actor": names.get(e.actor_id or ""), "actorRole": e.actor_role}  # fmt: skip

    def step(s: OpenStep) -> dict[str, Any]:
        return {"code": s.code, "name": _text(s.names, lang), "dueDate": s.due_date.isoformat(),
                "responsible": s.responsible, "legalReference": s.legal_reference,
                "overdue": s.overdue, "assignee": names.get(s.assignee_id or "")}  # fmt: skip

    return {
        "case": brief.case.reference,
        "jurisdiction": brief.case.jurisdiction,
        "since": brief.since.isoformat() if brief.since else None,
        "asOf": brief.today.isoformat(),
        "decisions": [event(e) for e in brief.decisions],
        "meetings": [meeting(mt) for mt in brief.meetings],
        "benefitPeriods": [
            {
                "benefitType": b.benefit_type_code,
                "degree": b.degree,
                "startDate": b.start_date.isoformat(),
                "endDate": b.end_date.isoformat() if b.end_date else None,
            }
            for b in brief.benefits
        ],
        "plans": [
            {"version": p.version, "status": p.status, "title": p.title, "goal": p.goal}
            for p in brief.plans
        ],
        "assessments": [
            {
                "kind": a.kind,
                "assessedAt": a.assessed_at.isoformat(),
                "workCapacityPercent": a.work_capacity_percent,
                "summary": a.summary,
                "diagnoses": [f"{d.code} {d.text or ''}".strip() for d in a.diagnoses],
                "functionalLimitations": a.functional_limitations,
                "activityLimitations": a.activity_limitations,
                "prognosis": a.prognosis,
            }
            for a in brief.assessments
        ],
        "openSteps": [step(s) for s in brief.open_steps],
        "team": [
            {
                "actor": names.get(t.actor_id),
                "role": t.role,
                "since": t.since.isoformat() if t.since else None,
                "until": t.until.isoformat() if t.until else None,
                "lastKind": t.last.kind if t.last else None,
                "lastSummary": t.last.summary if t.last else None,
                "lastAt": t.last.at.isoformat() if t.last else None,
            }
            for t in brief.last_actions
        ],
        "openQuestions": list(brief.open_questions),
        "sections": [
            {
                "code": s.code,
                "title": _text(s.title, lang),
                "items": [
                    {"on": i.on.isoformat() if i.on else None, "text": _text(i.text, lang)}
                    for i in s.items
                ],
            }
            for s in brief.sections
        ],
    }


def _pdf(data: Mapping[str, Any], lang: str) -> PdfDocument:
    t = _HEADINGS.get(lang, _HEADINGS["en"])

    def table(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> PdfTable:
        return PdfTable(columns, tuple(tuple("" if v is None else str(v) for v in r) for r in rows))

    def events(key: str) -> PdfSection:
        rows = [(e["at"][:10], e["summary"], e["actor"] or e["actorRole"]) for e in data[key]]
        return PdfSection(t[key], table=table(("", "", ""), rows), empty=t["none"])

    sections = [
        events("decisions"),
        PdfSection(t["meetings"], table=table(("", "", "", ""), [
            (mt["heldOn"] or mt["scheduledFor"], mt["name"], mt["status"],
             "; ".join(x for x in (", ".join(mt["outcomes"]), mt["minutes"]) if x))
            for mt in data["meetings"]]), empty=t["none"]),
        PdfSection(t["benefits"], table=table(("", "%", "", ""), [
            (b["benefitType"], b["degree"], b["startDate"], b["endDate"])
            for b in data["benefitPeriods"]]), empty=t["none"]),
        PdfSection(t["plans"], table=table(("v", "", ""), [
            (p["version"], p["status"], p["title"]) for p in data["plans"]]), empty=t["none"]),
        PdfSection(t["assessments"], table=table(("", "", "%", ""), [
            (a["assessedAt"], a["kind"], a["workCapacityPercent"],
             "; ".join(x for x in (a["summary"], *a["diagnoses"], a["prognosis"]) if x))
            for a in data["assessments"]]), empty=t["none"]),
        PdfSection(t["steps"], table=table(("", "", "", ""), [
            (s["dueDate"], s["name"], s["assignee"] or s["responsible"],
             t["overdue"] if s["overdue"] else t["open"]) for s in data["openSteps"]]),
            empty=t["none"]),
        PdfSection(t["team"], table=table(("", "", ""), [
            (m["actor"] or "", m["role"], m["lastSummary"] or t["nothing"])
            for m in data["team"]]), empty=t["none"]),
        PdfSection(t["questions"], paragraphs=tuple(data["openQuestions"]) or (t["none"],)),
        *(PdfSection(s["title"], table=table(("", ""), [(i["on"], i["text"]) for i in s["items"]]))
          for s in data["sections"]),
    ]  # fmt: skip
    since = data["since"] or t["start"]
    return PdfDocument(
        title=t["title"],
        subtitle=f"{t['case']} {data['case']}",
        facts=((t["since"], since), (t["asOf"], data["asOf"])),
        sections=tuple(sections),
        footer=f"{data['case']} · {t['title']} · {data['asOf']}",
        language=lang,
    )


def render_handover(
    brief: Brief,
    names: Mapping[str, str],
    request: h.DocumentRequest,
    kinds: Mapping[str, h.Texts] | None = None,
) -> h.RenderedDocument:
    """The brief in the requested format: the same brief gives the same bytes."""
    data = brief_json(brief, names, request.lang, kinds)
    stem = f"{brief.case.reference}-handover"
    if request.format is DocumentFormat.JSON:
        content = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
        return h.RenderedDocument(content, "application/json", f"{stem}.json")
    return h.RenderedDocument(
        render_pdf(_pdf(data, request.lang)), "application/pdf", f"{stem}.pdf"
    )

"""Documents of the generic jurisdiction: the return-to-work plan and a FHIR export.

- RTW_PLAN: the plan as the participant and the employer agree it (steps,
  adjustments, deadlines, who is on the team), as PDF and as JSON that
  validates against schemas/rtw_plan.schema.json. Its audiences include the
  employer, so the platform hands it a snapshot without medical data.
- FHIR_EXPORT: the case as an HL7 FHIR R4 Bundle (see fhir.py).

Rendering is a pure function of the snapshot: dates, names and ids come from
it (never from a clock), so the same snapshot gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from vocrehab.hooks import (
    DocumentFormat,
    DocumentKindInfo,
    DocumentSnapshot,
    MilestoneInfo,
    PlanFacts,
    PlanStatus,
    RenderedDocument,
    StakeholderType,
    plan_data,
    text_for,
)
from vocrehab.hooks.pdf import PdfDocument, PdfSection, PdfTable, render_pdf
from vocrehab_generic import fhir, reference

__all__ = ["DOCUMENT_KINDS", "render"]


@cache
def _schema(name: str) -> Mapping[str, Any]:
    text = resources.files("vocrehab_generic").joinpath(f"schemas/{name}").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


DOCUMENT_KINDS: tuple[DocumentKindInfo, ...] = (
    DocumentKindInfo(
        code="RTW_PLAN",
        names={"en": "Return-to-work plan"},
        formats=(DocumentFormat.PDF, DocumentFormat.JSON),
        audiences=(StakeholderType.PARTICIPANT, StakeholderType.EMPLOYER),
        json_schema=_schema("rtw_plan.schema.json"),
    ),
    DocumentKindInfo(
        code="FHIR_EXPORT",
        names={"en": "FHIR R4 export of the case"},
        formats=(DocumentFormat.FHIR_JSON,),
        json_schema=_schema("fhir_bundle.schema.json"),
    ),
)


def shown_plan(snapshot: DocumentSnapshot) -> PlanFacts | None:
    """The active plan, else the newest draft, else the newest of any status."""
    plans = sorted(snapshot.case.plans, key=lambda p: p.version, reverse=True)
    for wanted in (PlanStatus.ACTIVE, PlanStatus.DRAFT):
        found = next((p for p in plans if p.status is wanted), None)
        if found is not None:
            return found
    return plans[0] if plans else None


def _intervention_name(code: str) -> str:
    known = {kind.code: kind for kind in reference.INTERVENTION_TYPES}
    return known[code].names["en"] if code in known else code


def _deadline(m: MilestoneInfo, lang: str) -> dict[str, Any]:
    return {
        "code": m.code,
        "name": text_for(m.names, lang),
        "dueDate": m.due_date.isoformat(),
        "responsible": m.responsible.value,
        "metOn": m.met_on.isoformat() if m.met_on else None,
        "applies": not m.not_applicable,
        "legalReference": m.legal_reference,
    }


def rtw_plan_data(snapshot: DocumentSnapshot) -> dict[str, Any]:
    case, person, lang = snapshot.case, snapshot.participant, snapshot.request.lang
    plan = shown_plan(snapshot)
    participant: dict[str, Any] = {"givenName": person.given_name, "familyName": person.family_name}
    if person.birth_date is not None:
        participant["birthDate"] = person.birth_date.isoformat()
    if person.national_id is not None:
        participant["nationalId"] = person.national_id
    employer = snapshot.employer
    return {
        "documentType": "generic.RTW_PLAN",
        "schemaVersion": 1,
        "language": lang,
        "generatedAt": snapshot.request.generated_at.isoformat(),
        "contains": sorted(c.value for c in snapshot.request.categories),
        "case": {
            "reference": case.reference,
            "status": case.status.value,
            "phase": case.phase.value,
            "openedOn": case.opened_at.date().isoformat(),
            "sickLeaveStart": case.sick_leave_start.isoformat() if case.sick_leave_start else None,
        },
        "participant": participant,
        "employer": {"name": employer.name, "organisationNumber": employer.organisation_number}
        if employer
        else None,
        "plan": plan_data(plan),
        "deadlines": [_deadline(m, lang) for m in snapshot.milestones],
        "interventions": [
            {
                "type": i.type_code,
                "name": _intervention_name(i.type_code),
                "status": i.status.value,
                "startDate": i.start_date.isoformat() if i.start_date else None,
                "plannedEndDate": i.planned_end_date.isoformat() if i.planned_end_date else None,
                "endDate": i.end_date.isoformat() if i.end_date else None,
            }
            for i in case.interventions
        ],
        "team": [
            {"name": t.actor.name, "role": t.role.value, "organisation": t.actor.organisation_name}
            for t in snapshot.team
        ],
    }


def _pdf(snapshot: DocumentSnapshot) -> bytes:
    data = rtw_plan_data(snapshot)
    plan, case = data["plan"], data["case"]
    person = f"{data['participant']['givenName']} {data['participant']['familyName']}"
    facts = [
        ("Participant", person),
        ("Case", case["reference"]),
        ("Phase", case["phase"].replace("_", " ").lower()),
    ]
    if "birthDate" in data["participant"]:
        facts.append(("Birth date", data["participant"]["birthDate"]))
    if data["employer"]:
        facts.append(("Employer", data["employer"]["name"]))
    if case["sickLeaveStart"]:
        facts.append(("Sick leave since", case["sickLeaveStart"]))
    sections = [
        PdfSection(
            "Plan",
            paragraphs=(f"{plan['title']} (version {plan['version']}, {plan['status'].lower()})", f"Goal: {plan['goal'] or '-'}")
            if plan
            else ("No plan has been drafted yet.",),
            table=PdfTable(
                ("From", "To", "Work %", "Hours/week", "What and adjustments"),
                tuple(
                    (s["startDate"], s["endDate"], str(s["workPercent"]), "" if s["hoursPerWeek"] is None else f"{s['hoursPerWeek']:g}",
                     "; ".join(filter(None, [s["description"], *s["adjustments"]])))
                    for s in (plan["steps"] if plan else [])
                ),
                widths=(1.1, 1.1, 0.7, 0.9, 3.2),
            ),
            empty="The plan has no steps yet.",
        ),
        PdfSection(
            "Deadlines",
            table=PdfTable(
                ("Deadline", "Due", "Responsible", "Met"),
                tuple(
                    (d["name"], d["dueDate"], d["responsible"].replace("_", " ").lower(), d["metOn"] or ("-" if d["applies"] else "does not apply"))
                    for d in data["deadlines"]
                ),
                widths=(3, 1.2, 1.6, 1.2),
            ),
            empty="No deadlines.",
        ),
        PdfSection(
            "Interventions",
            table=PdfTable(
                ("Intervention", "Status", "From", "Planned end"),
                tuple((i["name"], i["status"].lower(), i["startDate"] or "-", i["plannedEndDate"] or "-") for i in data["interventions"]),
                widths=(3, 1.3, 1.2, 1.2),
            ),
            empty="No interventions.",
        ),
        PdfSection(
            "Team",
            table=PdfTable(
                ("Name", "Role", "Organisation"),
                tuple((t["name"], t["role"].replace("_", " ").lower(), t["organisation"] or "") for t in data["team"]),
                widths=(2, 1.5, 2.5),
            ),
            empty="No one is on the team.",
        ),
    ]  # fmt: skip
    if plan and plan["approvals"]:
        approvals = tuple(
            (a["role"].replace("_", " ").lower(), a["approvedAt"][:16].replace("T", " "))
            for a in plan["approvals"]
        )
        sections.append(PdfSection("Approved by", facts=approvals))
    document = PdfDocument(
        title="Return-to-work plan",
        subtitle=f"{person} · {case['reference']}",
        facts=tuple(facts),
        sections=tuple(sections),
        footer=f"Generated {data['generatedAt'][:16].replace('T', ' ')} UTC · {case['reference']} · vocrehab",
        language=snapshot.request.lang,
    )
    return render_pdf(document)


def render(snapshot: DocumentSnapshot) -> RenderedDocument:
    request, reference_ = snapshot.request, snapshot.case.reference
    if request.kind_code == "RTW_PLAN" and request.format is DocumentFormat.PDF:
        return RenderedDocument(
            _pdf(snapshot), "application/pdf", f"{reference_}-return-to-work-plan.pdf"
        )
    if request.kind_code == "RTW_PLAN" and request.format is DocumentFormat.JSON:
        content = json.dumps(rtw_plan_data(snapshot), ensure_ascii=False, indent=2).encode()
        return RenderedDocument(
            content, "application/json", f"{reference_}-return-to-work-plan.json"
        )
    if request.kind_code == "FHIR_EXPORT" and request.format is DocumentFormat.FHIR_JSON:
        content = json.dumps(fhir.bundle(snapshot), ensure_ascii=False, indent=2).encode()
        return RenderedDocument(content, "application/fhir+json", f"{reference_}-fhir-bundle.json")
    raise ValueError(
        f"the generic jurisdiction does not render {request.kind_code} as {request.format.value}"
    )

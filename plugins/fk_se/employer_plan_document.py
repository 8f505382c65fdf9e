"""The employer's plan for return to work (plan för återgång i arbete) as a document.

SFB 30 kap. 6 §: when work capacity can be assumed to be reduced for at
least 60 days, the employer draws up a plan no later than day 30, together
with the employee; there is no prescribed form, and Försäkringskassan gets it
on request. This document is that plan as the case holds it: the steps
(work percentages, hours, tasks, adjustments) of the plan drafted on the case,
where the employer's duty stands (from the case details: the doctor's
forecast, the employer's recorded decision, day 30), the interventions, the
deadlines and who is involved.

Its audiences are the employer and the employee, so the platform hands it a
snapshot without medical, contact or benefit data, whoever generates it; the
document says what it leaves out. JSON follows schemas/employer_plan.schema.json;
the PDF (`employer_plan_pdf`) is drawn from the same data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vocrehab.hooks import (
    CaseFacts,
    DataCategory,
    DocumentSnapshot,
    EmploymentStatus,
    InterventionFacts,
    PlanFacts,
    PlanStatus,
    text_for,
)
from vocrehab.hooks import plan_data as plan_facts_data
from vocrehab_fk_se import reference, sources
from vocrehab_fk_se.chain import ChainFacts
from vocrehab_fk_se.details import CaseDetails
from vocrehab_fk_se.document_parts import (
    contents,
    deadline_data,
    generated_at,
    generation_day,
    person_data,
    team_data,
)
from vocrehab_fk_se.employer_plan import EmployerPlan

__all__ = ["KIND", "SHOWS", "plan_data", "shown_plan"]

KIND = "EMPLOYER_PLAN"
SHOWS = frozenset({DataCategory.CONTACT, DataCategory.PLAN})
"""The personnummer (CONTACT) and the plan with its deadlines (PLAN); never MEDICAL."""


def shown_plan(case: CaseFacts) -> PlanFacts | None:
    """The plan in force, else the newest draft, else the newest of any status."""
    plans = sorted(case.plans, key=lambda p: p.version, reverse=True)
    for wanted in (PlanStatus.ACTIVE, PlanStatus.DRAFT):
        found = next((p for p in plans if p.status is wanted), None)
        if found is not None:
            return found
    return plans[0] if plans else None


def plan_data(snapshot: DocumentSnapshot) -> dict[str, Any]:
    """The document as JSON data; the PDF is drawn from this and nothing else."""
    case, lang = snapshot.case, snapshot.request.lang
    details = CaseDetails.of(case)
    employer = snapshot.employer
    return {
        "documentType": f"se.{KIND}",
        "schemaVersion": 1,
        "language": lang,
        "generatedAt": generated_at(snapshot),
        "legalReference": sources.EMPLOYER_PLAN,
        **contents(snapshot, SHOWS),
        "case": {
            "reference": case.reference,
            "status": case.status.value,
            "phase": case.phase.value,
            "sickLeaveStart": _iso(case.sick_leave_start),
        },
        "participant": person_data(snapshot),
        "employer": {"name": employer.name, "organisationNumber": employer.organisation_number}
        if employer
        else None,
        "duty": _duty(case, details),
        "expectedDuration": _forecast(details),
        "plan": plan_facts_data(shown_plan(case)),
        "interventions": [_intervention(i, lang) for i in case.interventions],
        "deadlines": deadline_data(snapshot.milestones, lang, generation_day(snapshot)),
        "team": team_data(snapshot),
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _forecast(details: CaseDetails) -> dict[str, Any] | None:
    """The doctor's forecast of reduced capacity: what makes the plan due (60 days or more)."""
    if details.expected_days is None or details.expected_assessed_on is None:
        return None
    return {"days": details.expected_days, "assessedOn": details.expected_assessed_on.isoformat()}


def _duty(case: CaseFacts, details: CaseDetails) -> dict[str, Any] | None:
    """Where SFB 30 kap. 6 § stands, for an employee with sick leave (else None)."""
    leave = ChainFacts.of(case, details).leave
    if case.employment_status is not EmploymentStatus.EMPLOYED or not leave.chain:
        return None
    plan = EmployerPlan.of(case, details, leave)
    return {
        "status": plan.status.value,
        "spellStart": plan.spell_start.isoformat(),
        "day30": plan.day_30.isoformat(),
        "dueDate": plan.due_date.isoformat() if plan.required or plan.met_on else None,
        "drawnUpOn": _iso(plan.met_on),
        "decision": plan.decision.value if plan.decision else None,
        "decidedOn": _iso(plan.decided_on),
    }


def _intervention(item: InterventionFacts, lang: str) -> dict[str, Any]:
    known = {kind.code: kind for kind in reference.INTERVENTION_TYPES}
    code = item.type_code
    return {
        "type": code,
        "name": text_for(known[code].names, lang) if code in known else code,
        "status": item.status.value,
        "startDate": _iso(item.start_date),
        "plannedEndDate": _iso(item.planned_end_date),
        "endDate": _iso(item.end_date),
    }

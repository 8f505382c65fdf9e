"""What both Norwegian forms say about a case, as JSON-ready data: the person, the
case and its sick leave, the employer, the platform's return-to-work plan, the
follow-up records of the case details, the deadlines and the people.

The platform hands a form a snapshot it has already minimised (AUTHZ.md: only
the categories the requester *and* every audience of the form may see). These
functions read the snapshot and nothing else: a field the snapshot lacks stays
out, and `categories` names what is withheld so that the document can say so.
Dates are ISO 8601 and statuses are codes; the PDFs turn them into words.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from vocrehab.hooks import (
    ActorInfo,
    DataCategory,
    DocumentSnapshot,
    MilestoneInfo,
    PersonInfo,
    PlanFacts,
    PlanStatus,
    StakeholderType,
    text_for,
)
from vocrehab_nav_no.model import CaseRecord, FollowUpPlan
from vocrehab_nav_no.sick_pay import leave_start

__all__ = [
    "ZONE",
    "case_data",
    "categories",
    "deadlines",
    "employer_data",
    "follow_up_plan_data",
    "iso",
    "local_time",
    "meetings_data",
    "participant_data",
    "periods_data",
    "plan_data",
    "provider_of",
    "team_data",
]

ZONE = ZoneInfo("Europe/Oslo")
"""Deadlines are Norwegian days: a document generated at 00:30 in Oslo belongs to that day."""
_CONTENT = (DataCategory.CONTACT, DataCategory.MEDICAL, DataCategory.PLAN, DataCategory.BENEFITS)
"""The categories a form could hold (DOCUMENTS is about other documents, not content)."""


def iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def local_time(snapshot: DocumentSnapshot) -> datetime:
    """The moment of generation, in Norway (from the snapshot: rendering reads no clock)."""
    return snapshot.request.generated_at.astimezone(ZONE)


def categories(snapshot: DocumentSnapshot) -> dict[str, list[str]]:
    held = snapshot.request.categories
    return {
        "contains": sorted(c.value for c in held),
        "withheld": sorted(c.value for c in _CONTENT if c not in held),
    }


def case_data(snapshot: DocumentSnapshot, record: CaseRecord) -> dict[str, Any]:
    """The case, with the first day of sick leave and the week the leave is in today."""
    case = snapshot.case
    start = leave_start(case, record)
    today = local_time(snapshot).date()
    week = (today - start).days // 7 + 1 if start is not None and today >= start else None
    return {
        "reference": case.reference,
        "status": case.status.value,
        "employmentStatus": case.employment_status.value,
        "openedOn": case.opened_at.date().isoformat(),
        "sickLeaveStart": iso(start),
        "sickLeaveWeek": week,
    }


def participant_data(person: PersonInfo) -> dict[str, Any]:
    """The name always; birth date and national id only when the snapshot holds CONTACT."""
    found: dict[str, Any] = {"givenName": person.given_name, "familyName": person.family_name}
    if person.birth_date is not None:
        found["birthDate"] = person.birth_date.isoformat()
    if person.national_id is not None:
        found["nationalId"] = person.national_id
    return found


def employer_data(employer: ActorInfo | None) -> dict[str, Any] | None:
    if employer is None:
        return None
    return {"name": employer.name, "organisationNumber": employer.organisation_number}


def _shown_plan(plans: Sequence[PlanFacts]) -> PlanFacts | None:
    """The plan in force, else the newest draft, else the newest plan of any status."""
    newest_first = sorted(plans, key=lambda p: p.version, reverse=True)
    for status in (PlanStatus.ACTIVE, PlanStatus.DRAFT):
        chosen = next((p for p in newest_first if p.status is status), None)
        if chosen is not None:
            return chosen
    return newest_first[0] if newest_first else None


def plan_data(snapshot: DocumentSnapshot) -> dict[str, Any] | None:
    """The platform's return-to-work plan: the steps of the graded return and their adjustments."""
    plan = _shown_plan(snapshot.case.plans)
    if plan is None:
        return None
    steps = [
        {"startDate": s.start_date.isoformat(), "endDate": s.end_date.isoformat(),
         "workPercent": s.work_percent, "hoursPerWeek": s.hours_per_week,
         "description": s.description, "adjustments": list(s.adjustments)}
        for s in sorted(plan.steps, key=lambda s: (s.start_date, s.end_date))
    ]  # fmt: skip
    approvals = [
        {"role": a.role.value, "approvedAt": a.approved_at.isoformat()}
        for a in sorted(plan.approvals, key=lambda a: (a.approved_at, a.role.value))
    ]
    return {"version": plan.version, "status": plan.status.value, "title": plan.title,
            "goal": plan.goal, "steps": steps, "approvals": approvals}  # fmt: skip


def follow_up_plan_data(plan: FollowUpPlan | None) -> dict[str, Any] | None:
    """The employer's oppfølgingsplan as the case details record it (aml § 4-6)."""
    if plan is None:
        return None
    return {
        "status": plan.status.value,
        "createdOn": plan.created_on.isoformat(),
        "approvedOn": iso(plan.approved_on),
        "endedOn": iso(plan.ended_on),
        "sharedWithSykmelderOn": iso(plan.shared_with_sykmelder_on),
        "sharedWithNavOn": iso(plan.shared_with_nav_on),
        "inHouseMeasuresNotPossible": plan.in_house_measures_not_possible,
    }


def periods_data(record: CaseRecord) -> list[dict[str, Any]]:
    """The sick-note periods as the employer's copy of a sick note shows them: no diagnosis."""
    return [
        {"type": p.type.value, "fom": p.fom.isoformat(), "tom": p.tom.isoformat(),
         "grade": p.grade, "travelGrant": p.travel_grant, "adviceToEmployer": p.advice_to_employer}
        for p in record.periods
    ]  # fmt: skip


def meetings_data(record: CaseRecord) -> list[dict[str, Any]]:
    meetings = sorted(record.dialogue_meetings, key=lambda m: (m.number, m.invited_on, m.on))
    return [
        {"number": m.number, "status": m.status.value, "on": m.on.isoformat(),
         "invitedOn": m.invited_on.isoformat(), "heldOn": iso(m.held_on),
         "cancelledOn": iso(m.cancelled_on)}
        for m in meetings
    ]  # fmt: skip


def _state(milestone: MilestoneInfo, today: date) -> str:
    if milestone.met_on is not None:
        return "MET"
    if milestone.not_applicable:
        return "NOT_APPLICABLE"
    return "OVERDUE" if milestone.due_date < today else "UPCOMING"


def deadlines(snapshot: DocumentSnapshot, codes: Sequence[str], lang: str) -> list[dict[str, Any]]:
    """The milestones of the snapshot a form is about, in date order, with their state on the
    day the document is generated."""
    today = local_time(snapshot).date()
    chosen = [m for m in snapshot.milestones if m.code in codes]
    return [
        {"code": m.code, "name": text_for(m.names, lang), "dueDate": m.due_date.isoformat(),
         "responsible": m.responsible.value, "state": _state(m, today), "metOn": iso(m.met_on),
         "legalReference": m.legal_reference}
        for m in sorted(chosen, key=lambda m: (m.due_date, codes.index(m.code)))
    ]  # fmt: skip


def team_data(snapshot: DocumentSnapshot) -> list[dict[str, Any]]:
    """Who is on the case: names, roles and organisations (never their contact details)."""
    return [
        {"name": t.actor.name, "role": t.role.value, "organisation": t.actor.organisation_name}
        for t in snapshot.team
    ]


def provider_of(snapshot: DocumentSnapshot, provider_id: str | None) -> dict[str, Any] | None:
    """The provider of a measure, as far as the snapshot names it.

    A measure records the provider organisation's id, and the team holds the
    provider's people (with their organisation's name). The organisation itself
    is named when it is on the team; otherwise the case's provider is the one
    whose people are on the team, with the first of them as contact person.
    """
    actors = {t.actor.id: t.actor for t in snapshot.team}
    people = [t.actor for t in snapshot.team if t.role is StakeholderType.PROVIDER]
    chosen = actors.get(provider_id) if provider_id else None
    if chosen is None and not people:
        return None
    actor = chosen or people[0]
    if actor.is_organisation:
        contact = next((p.name for p in people if p.organisation_name == actor.name), None)
        return {"name": actor.name, "organisationNumber": actor.organisation_number,
                "contactPerson": contact}  # fmt: skip
    return {"name": actor.organisation_name or actor.name,
            "organisationNumber": actor.organisation_number,
            "contactPerson": actor.name if actor.organisation_name else None}  # fmt: skip

"""The case as an HL7 FHIR R4 Bundle (type "collection").

Mapping (domain.md §3.4): the participant is a Patient; the team a CareTeam of
Practitioners and Organizations; the plan a CarePlan whose activities are the
plan steps (Task) and the interventions (ServiceRequest); the participant's
goal a Goal; diagnoses Conditions, which the CarePlan addresses. Conditions are
only present when the snapshot holds MEDICAL data: the platform takes them out
for anyone who may not see them, so there is nothing to leak here.

Resource ids are UUIDs derived from the platform's own ids (name-based, version
5), so a bundle of the same snapshot is the same bundle.
"""

from __future__ import annotations

import uuid
from typing import Any

from vocrehab.hooks import (
    DataCategory,
    DocumentSnapshot,
    InterventionStatus,
    PlanFacts,
    PlanStatus,
    TeamMemberInfo,
)

__all__ = ["bundle"]

_NS = uuid.UUID("6f1c3b8e-4e0a-5f1e-9a57-5b0f1f3c2a10")
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICPC2 = "urn:oid:2.16.578.1.12.4.1.1.7170"
CAREPLAN_STATUS = {
    PlanStatus.DRAFT: "draft",
    PlanStatus.ACTIVE: "active",
    PlanStatus.SUPERSEDED: "revoked",
    PlanStatus.COMPLETED: "completed",
    PlanStatus.CANCELLED: "revoked",
}
ACTIVITY_STATUS = {
    InterventionStatus.PROPOSED: "not-started",
    InterventionStatus.REFERRED: "scheduled",
    InterventionStatus.ACTIVE: "in-progress",
    InterventionStatus.COMPLETED: "completed",
    InterventionStatus.DISCONTINUED: "cancelled",
}


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_NS, "/".join(parts)))


def _ref(resource_id: str, display: str | None = None) -> dict[str, str]:
    ref = {"reference": f"urn:uuid:{resource_id}"}
    if display:
        ref["display"] = display
    return ref


def _patient(snapshot: DocumentSnapshot) -> dict[str, Any]:
    person, facts = snapshot.participant, snapshot.case.participant
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": _id(facts.id, "patient"),
        "name": [{"family": person.family_name, "given": [person.given_name]}],
    }
    if person.birth_date is not None:
        patient["birthDate"] = person.birth_date.isoformat()
    if person.national_id is not None:
        system = f"urn:vocrehab:jurisdiction:{facts.jurisdiction}:national-id"
        patient["identifier"] = [{"system": system, "value": person.national_id}]
    return patient


def _member(member: TeamMemberInfo, jurisdiction: str) -> dict[str, Any]:
    actor = member.actor
    if actor.is_organisation:
        resource: dict[str, Any] = {
            "resourceType": "Organization",
            "id": _id(actor.id, "actor"),
            "name": actor.name,
        }
        if actor.organisation_number:
            system = f"urn:vocrehab:jurisdiction:{jurisdiction}:organisation-number"
            resource["identifier"] = [{"system": system, "value": actor.organisation_number}]
        return resource
    return {
        "resourceType": "Practitioner",
        "id": _id(actor.id, "actor"),
        "name": [{"text": actor.name}],
    }


def _care_team(snapshot: DocumentSnapshot, patient_id: str) -> dict[str, Any]:
    case = snapshot.case
    return {
        "resourceType": "CareTeam",
        "id": _id(case.id, "care-team"),
        "status": "inactive" if case.status.value == "CLOSED" else "active",
        "name": f"Return-to-work team, case {case.reference}",
        "subject": _ref(patient_id),
        "participant": [
            {
                "role": [{"text": m.role.value}],
                "member": _ref(_id(m.actor.id, "actor"), m.actor.name),
            }
            for m in snapshot.team
        ],
    }


def _conditions(snapshot: DocumentSnapshot, patient_id: str) -> list[dict[str, Any]]:
    if DataCategory.MEDICAL not in snapshot.request.categories:
        return []
    found = []
    for assessment in snapshot.case.assessments:
        for position, diagnosis in enumerate(assessment.diagnoses):
            system = {"ICD-10": ICD10, "ICPC-2": ICPC2}.get(
                diagnosis.system.upper(), diagnosis.system
            )
            coding = {"system": system, "code": diagnosis.code}
            if diagnosis.text:
                coding["display"] = diagnosis.text
            found.append(
                {
                    "resourceType": "Condition",
                    "id": _id(assessment.id, str(position)),
                    "subject": _ref(patient_id),
                    "code": {"coding": [coding], "text": diagnosis.text or diagnosis.code},
                    "recordedDate": assessment.assessed_at.isoformat(),
                }
            )
    return found


def _activities(snapshot: DocumentSnapshot, plan: PlanFacts | None) -> list[dict[str, Any]]:
    running = plan is not None and plan.status is PlanStatus.ACTIVE
    steps = [
        {"detail": {
            "kind": "Task",
            "status": "in-progress" if running else "not-started",
            "description": f"Work {s.work_percent} %" + (f": {s.description}" if s.description else ""),
            "scheduledPeriod": {"start": s.start_date.isoformat(), "end": s.end_date.isoformat()},
        }}
        for s in (plan.steps if plan else ())
    ]  # fmt: skip
    interventions = []
    for item in snapshot.case.interventions:
        detail: dict[str, Any] = {
            "kind": "ServiceRequest",
            "code": {"text": item.type_code},
            "status": ACTIVITY_STATUS[item.status],
        }
        if item.start_date:
            period = {"start": item.start_date.isoformat()}
            end = item.end_date or item.planned_end_date
            if end:
                period["end"] = end.isoformat()
            detail["scheduledPeriod"] = period
        interventions.append({"detail": detail})
    return steps + interventions


def _care_plan(
    snapshot: DocumentSnapshot, plan: PlanFacts | None, patient_id: str, team_id: str,
    goal_id: str | None, condition_ids: list[str],
) -> dict[str, Any]:  # fmt: skip
    case = snapshot.case
    resource: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": _id(plan.id if plan else case.id, "care-plan"),
        "status": CAREPLAN_STATUS[plan.status] if plan else "draft",
        "intent": "plan",
        "title": plan.title if plan else f"Return to work, case {case.reference} (no plan yet)",
        "subject": _ref(patient_id),
        "careTeam": [_ref(team_id)],
        "activity": _activities(snapshot, plan),
    }
    if plan and plan.steps:
        resource["period"] = {
            "start": plan.steps[0].start_date.isoformat(),
            "end": plan.steps[-1].end_date.isoformat(),
        }
    if goal_id:
        resource["goal"] = [_ref(goal_id)]
    if condition_ids:
        resource["addresses"] = [_ref(cid) for cid in condition_ids]
    if not resource["activity"]:
        del resource["activity"]
    return resource


def _goal(plan: PlanFacts, patient_id: str) -> dict[str, Any]:
    lifecycle = {PlanStatus.COMPLETED: "completed", PlanStatus.CANCELLED: "cancelled"}.get(
        plan.status, "active"
    )
    goal: dict[str, Any] = {
        "resourceType": "Goal",
        "id": _id(plan.id, "goal"),
        "lifecycleStatus": lifecycle,
        "description": {"text": plan.goal or plan.title},
        "subject": _ref(patient_id),
    }
    if plan.steps:
        goal["target"] = [{"dueDate": plan.steps[-1].end_date.isoformat()}]
    return goal


def bundle(snapshot: DocumentSnapshot) -> dict[str, Any]:
    from vocrehab_generic.documents import shown_plan

    patient = _patient(snapshot)
    plan = shown_plan(snapshot)
    team = _care_team(snapshot, patient["id"])
    members = {m.actor.id: _member(m, snapshot.case.jurisdiction) for m in snapshot.team}
    conditions = _conditions(snapshot, patient["id"])
    goal = _goal(plan, patient["id"]) if plan else None
    care_plan = _care_plan(
        snapshot,
        plan,
        patient["id"],
        team["id"],
        goal["id"] if goal else None,
        [c["id"] for c in conditions],
    )
    resources = [
        patient,
        *members.values(),
        team,
        *conditions,
        *([goal] if goal else []),
        care_plan,
    ]
    return {
        "resourceType": "Bundle",
        "id": _id(snapshot.case.id, snapshot.request.generated_at.isoformat()),
        "type": "collection",
        "timestamp": snapshot.request.generated_at.isoformat(),
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }

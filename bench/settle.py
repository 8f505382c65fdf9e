"""What the platform derives from a case's facts, derived the same way for a
seeded case: its jurisdiction validates the case details, and computes the
milestones from a snapshot of the case; `next_due_date` is the earliest due
date among the unmet, applicable PLAN ones (as `refresh_milestones` keeps it)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from population import uuid7

from vocrehab.core.casework import FAR_FUTURE
from vocrehab.hooks import types as h
from vocrehab.hooks.vocabulary import DataCategory, Severity

if TYPE_CHECKING:
    from casebook import CaseStory

__all__ = ["settle"]


def settle(story: CaseStory, case: dict[str, Any]) -> tuple[uuid.UUID, date | None]:
    """Completes the case row from its facts and adds every row of the case to `story.rows`."""
    jurisdiction = story.directory.host.jurisdiction(story.code)
    facts = snapshot(story, case)
    if case["details"]:
        check = jurisdiction.validate_details("case", case["details"], facts)
        errors = [v for v in check.violations if v.severity is Severity.ERROR]
        if errors:
            raise ValueError(f"made-up details of {case['reference']} refused: {errors}")
        case["details"] = dict(check.value)
        facts = replace(facts, details=case["details"])
    infos = list(jurisdiction.milestones(facts))
    # Only PLAN milestones set the next due date, which every team member sees.
    pending = [
        i.due_date
        for i in infos
        if i.met_on is None and not i.not_applicable and i.category is DataCategory.PLAN
    ]
    last = story.events[-1]["at"]
    next_due = min(pending, default=None)
    case.update(
        next_due_date=next_due,
        next_due_sort=next_due or FAR_FUTURE,
        last_event_at=last,
        updated_at=last,
    )
    rows = story.rows
    rows["cases"].append(case)
    rows["case_team_members"] += story.team
    rows["plans"] += [plan for plan, _ in story.plans]
    rows["plan_steps"] += [step for _, steps in story.plans for step in steps]
    rows["interventions"] += story.interventions
    rows["benefit_periods"] += story.benefits
    rows["case_events"] += story.events
    rows["milestones"] += [
        {
            "id": uuid7(case["opened_at"], story.rng),
            "case_id": case["id"],
            "code": info.code,
            "position": position,
            "names": dict(info.names),
            "descriptions": dict(info.descriptions) if info.descriptions else None,
            "due_date": info.due_date,
            "met_on": info.met_on,
            "not_applicable": info.not_applicable,
            "pending": info.met_on is None and not info.not_applicable,
            "assignee_id": None,
            "responsible": info.responsible,
            "legal_reference": info.legal_reference,
            "category": info.category,
        }
        for position, info in enumerate(infos)
    ]
    return case["id"], case["next_due_date"]


def snapshot(story: CaseStory, case: dict[str, Any]) -> h.CaseFacts:
    """The case as `vocrehab.core.snapshots.case_facts` would give it to the plugin."""
    zone = story.zone
    assert story.participant is not None
    return h.CaseFacts(
        id=str(case["id"]),
        reference=case["reference"],
        jurisdiction=story.code,
        status=case["status"],
        phase=case["phase"],
        employment_status=case["employment_status"],
        has_employer=case["employer_id"] is not None,
        sick_leave_start=case["sick_leave_start"],
        opened_at=case["opened_at"].astimezone(zone),
        closed_at=case["closed_at"].astimezone(zone) if case["closed_at"] else None,
        participant=story.participant,
        details=case["details"],
        team=tuple(
            h.TeamMemberFacts(str(t["actor_id"]), t["role"], t["since"], t["until"])
            for t in story.team
        ),
        plans=tuple(_plan(plan, steps) for plan, steps in story.plans),
        interventions=tuple(_intervention(row) for row in story.interventions),
        benefits=tuple(
            h.BenefitFacts(
                str(b["id"]), b["benefit_type_code"], b["degree"], b["start_date"], b["end_date"]
            )
            for b in story.benefits
        ),
        events=tuple(
            h.EventFacts(e["kind"], e["at"].astimezone(zone), e["actor_role"], e["data"])
            for e in story.events
        ),
    )


def _plan(plan: dict[str, Any], steps: list[dict[str, Any]]) -> h.PlanFacts:
    return h.PlanFacts(
        id=str(plan["id"]), version=plan["version"], status=plan["status"], title=plan["title"],
        goal=plan["goal"], created_at=plan["created_at"], activated_at=plan["activated_at"],
        steps=tuple(
            h.PlanStepFacts(s["start_date"], s["end_date"], s["work_percent"],
                            s["hours_per_week"], s["description"], tuple(s["adjustments"]))
            for s in steps
        ),
    )  # fmt: skip


def _intervention(row: dict[str, Any]) -> h.InterventionFacts:
    return h.InterventionFacts(
        id=str(row["id"]), type_code=row["type_code"], status=row["status"],
        start_date=row["start_date"], planned_end_date=row["planned_end_date"],
        end_date=row["end_date"], hours_per_week=row["hours_per_week"],
        provider_id=str(row["provider_id"]) if row["provider_id"] else None,
        details=row["details"], outcome=row["outcome"],
    )  # fmt: skip

"""Document data every jurisdiction writes the same way."""

from __future__ import annotations

from typing import Any

from vocrehab.hooks.types import PlanFacts

__all__ = ["plan_data"]


def plan_data(plan: PlanFacts | None) -> dict[str, Any] | None:
    """A return-to-work plan as a document's JSON holds it (dates as ISO strings)."""
    if plan is None:
        return None
    return {
        "version": plan.version,
        "status": plan.status.value,
        "title": plan.title,
        "goal": plan.goal,
        "steps": [
            {
                "startDate": s.start_date.isoformat(),
                "endDate": s.end_date.isoformat(),
                "workPercent": s.work_percent,
                "hoursPerWeek": s.hours_per_week,
                "description": s.description,
                "adjustments": list(s.adjustments),
            }
            for s in plan.steps
        ],
        "approvals": [
            {"role": a.role.value, "approvedAt": a.approved_at.isoformat()} for a in plan.approvals
        ],
    }

"""Return-to-work plans: the rules on their steps, and where a plan stands on a day.

A plan is a graded return: consecutive steps, each a period at a share of the
participant's usual working time. The rules make sure the steps can be read as
one timeline (every day belongs to at most one step, in order), which is what
the participant, the employer and the orientation summary rely on.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise

from vocrehab.hooks import PlanFacts, PlanStepFacts, Violation
from vocrehab_generic.rules import violation

__all__ = ["check_plan", "current_step", "last_day"]


def check_plan(plan: PlanFacts, *, activating: bool) -> list[Violation]:
    """Every plan rule; `activating` adds the rules that only an active plan must meet."""
    found: list[Violation] = []
    if activating and not plan.steps:
        found.append(
            violation(
                "GEN_PLAN_NO_STEPS",
                "A plan needs at least one step before it can be activated",
                field=("steps",),
            )
        )
    for index, step in enumerate(plan.steps):
        found.extend(_check_step(index, step))
    found.extend(_check_order(plan.steps))
    found.extend(_check_overlaps(plan.steps))
    return found


def _check_step(index: int, step: PlanStepFacts) -> list[Violation]:
    found: list[Violation] = []
    if step.end_date < step.start_date:
        found.append(
            violation(
                "GEN_PLAN_STEP_DATES",
                f"Step {index + 1} ends ({step.end_date}) before it starts ({step.start_date})",
                field=("steps", str(index), "endDate"),
            )
        )
    if not 0 <= step.work_percent <= 100:
        found.append(
            violation(
                "GEN_PLAN_WORK_PERCENT",
                f"Step {index + 1}: work percent must be between 0 and 100, "
                f"got {step.work_percent}",
                field=("steps", str(index), "workPercent"),
            )
        )
    return found


def _check_order(steps: Sequence[PlanStepFacts]) -> list[Violation]:
    return [
        violation(
            "GEN_PLAN_STEP_ORDER",
            f"Step {index + 1} starts ({step.start_date}) before step {index} "
            f"({previous.start_date}); list the steps in date order",
            field=("steps", str(index), "startDate"),
        )
        for index, (previous, step) in enumerate(pairwise(steps), start=1)
        if step.start_date < previous.start_date
    ]


def _check_overlaps(steps: Sequence[PlanStepFacts]) -> list[Violation]:
    """Report each step that starts on or before the last day of an earlier-starting step.

    Dates are inclusive, so a step starting on the day another ends overlaps
    it. Steps with reversed dates are left to GEN_PLAN_STEP_DATES.
    """
    valid = [(i, s) for i, s in enumerate(steps) if s.start_date <= s.end_date]
    by_start = sorted(valid, key=lambda item: (item[1].start_date, item[0]))
    found: list[Violation] = []
    latest: tuple[int, PlanStepFacts] | None = None  # the step reaching furthest so far
    for index, step in by_start:
        if latest is not None and step.start_date <= latest[1].end_date:
            found.append(
                violation(
                    "GEN_PLAN_STEP_OVERLAP",
                    f"Step {index + 1} ({step.start_date} to {step.end_date}) overlaps "
                    f"step {latest[0] + 1} (to {latest[1].end_date})",
                    field=("steps", str(index), "startDate"),
                )
            )
        if latest is None or step.end_date > latest[1].end_date:
            latest = (index, step)
    return found


# --------------------------------------------------------------------------- reading


def current_step(plan: PlanFacts, today: date) -> PlanStepFacts | None:
    """The step that covers `today`, if any."""
    return next((s for s in plan.steps if s.start_date <= today <= s.end_date), None)


def last_day(plan: PlanFacts) -> date | None:
    """The last day any step of the plan covers (None for a plan without steps)."""
    return max((step.end_date for step in plan.steps), default=None)

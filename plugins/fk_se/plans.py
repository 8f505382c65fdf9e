"""Return-to-work plans in Sweden: each step's work share is a quarter of normal hours.

Sickness benefit covers the rest of the working time in quarters (SFB 27 kap.
45 §), so a step at 60 % work would leave 40 % that no degree of sjukpenning
pays: the steps are 0, 25, 50, 75 or 100 percent. The core checks dates and
the 0-100 range; this is the Swedish rule on top.
"""

from __future__ import annotations

from vocrehab.hooks import PlanFacts, Violation
from vocrehab_fk_se.rules import violation

__all__ = ["WORK_PERCENTS", "check_plan"]

WORK_PERCENTS: tuple[int, ...] = (0, 25, 50, 75, 100)


def check_plan(plan: PlanFacts) -> list[Violation]:
    return [
        violation(
            "FK_PLAN_WORK_PERCENT",
            f"Step {index + 1}: work is 0, 25, 50, 75 or 100 percent of normal hours, "
            f"not {step.work_percent}",
            ("steps", str(index), "workPercent"),
        )
        for index, step in enumerate(plan.steps)
        if step.work_percent not in WORK_PERCENTS
    ]

"""The phase of return to work the facts show (R28; Young et al. 2005).

A case records its phase (`Case.phase`): off work, work re-entry, retention,
advancement. People set it; the facts can contradict it. The generic facts are
the return-to-work plan's steps, each a share of usual working time:

- OFF_WORK until the first step with work in it starts;
- RE_ENTRY from that first day back at work;
- RETENTION once full hours (a step at 100 %) have been kept without a break for
  `retention_days` (a deployment option);
- ADVANCEMENT is a step beyond retention that no plan shows, so the facts never
  contradict it once retention is reached.

The plan read is the active one, or else the latest completed one. A last step at
100 % is taken to go on after its end: full hours are where a plan leads, and
the plan does not need a step for every day after it. Without a plan the facts
say nothing, and no phase is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from vocrehab.hooks import (
    CaseFacts,
    CaseStatus,
    PlanFacts,
    PlanStatus,
    PlanStepFacts,
    ReturnToWorkPhase,
    Violation,
)
from vocrehab_generic.rules import violation

__all__ = ["PhaseFacts", "check_phase", "phase_from_facts", "why"]

P = ReturnToWorkPhase
FULL_HOURS = 100


@dataclass(frozen=True)
class PhaseFacts:
    """The phase the plan shows on a day, and the days behind it."""

    phase: ReturnToWorkPhase
    back_at_work_on: date | None = None
    full_hours_since: date | None = None
    retention_from: date | None = None
    """The day full hours will have been kept for the retention period."""


def _plan(case: CaseFacts) -> PlanFacts | None:
    if case.active_plan is not None:
        return case.active_plan
    done = [p for p in case.plans if p.status is PlanStatus.COMPLETED and p.steps]
    return max(done, key=lambda p: p.version, default=None)


def phase_from_facts(case: CaseFacts, today: date, retention_days: int) -> PhaseFacts | None:
    """The phase the case's plan shows on `today` (None: no plan with steps to go by)."""
    plan = _plan(case)
    if plan is None or not plan.steps:
        return None
    steps = sorted(plan.steps, key=lambda s: s.start_date)
    back = min((s.start_date for s in steps if s.work_percent > 0 and s.start_date <= today),
               default=None)  # fmt: skip
    full_since = _full_hours_since(steps, today)
    if full_since is None:
        return PhaseFacts(P.RE_ENTRY if back else P.OFF_WORK, back)
    retention_from = full_since + timedelta(days=retention_days)
    phase = P.RETENTION if today >= retention_from else P.RE_ENTRY
    return PhaseFacts(phase, back, full_since, retention_from)


def _full_hours_since(steps: list[PlanStepFacts], today: date) -> date | None:
    """The first day of the unbroken run of full-hour steps that reaches `today`."""
    last = steps[-1]
    covering = next((s for s in steps if s.start_date <= today <= s.end_date), None)
    if covering is None and last.end_date < today and last.work_percent >= FULL_HOURS:
        covering = last  # full hours go on after the plan
    if covering is None or covering.work_percent < FULL_HOURS:
        return None
    since = covering.start_date
    for step in reversed(steps[: steps.index(covering)]):
        if step.work_percent < FULL_HOURS or step.end_date < since - timedelta(days=1):
            break
        since = step.start_date
    return since


def check_phase(case: CaseFacts, today: date, retention_days: int) -> list[Violation]:
    """GEN_PHASE_CONTRADICTS_FACTS when the recorded phase is not the one the plan shows
    (a recorded ADVANCEMENT agrees with RETENTION: advancement follows it)."""
    if case.status is CaseStatus.CLOSED:
        return []
    facts = phase_from_facts(case, today, retention_days)
    recorded = case.phase
    if facts is None or recorded is facts.phase:
        return []
    if recorded is P.ADVANCEMENT and facts.phase is P.RETENTION:
        return []
    return [violation("GEN_PHASE_CONTRADICTS_FACTS", f"The case is in phase {recorded.value}, "
                      f"but the plan shows {facts.phase.value}: {why(facts, retention_days)}",
                      field=("phase",))]  # fmt: skip


def why(facts: PhaseFacts, retention_days: int) -> str:
    """The facts behind the phase, in a clause."""
    if facts.phase is P.OFF_WORK:
        return "no step with work in it has started"
    if facts.phase is P.RETENTION:
        return (f"full hours since {facts.full_hours_since}, kept for {retention_days} days on "
                f"{facts.retention_from}")  # fmt: skip
    if facts.full_hours_since is not None:
        return (f"back at work since {facts.back_at_work_on}, full hours since "
                f"{facts.full_hours_since} but not yet for {retention_days} days "
                f"(on {facts.retention_from})")  # fmt: skip
    return f"back at work since {facts.back_at_work_on}, not yet at full hours"

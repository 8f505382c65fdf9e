"""The phase of return to work a Swedish case's sick periods show (R28; Young et al. 2005).

A case records its phase (`Case.phase`); here the sick periods Försäkringskassan
recorded contradict it or not. A sick period in force today says how much the
person works:

- OFF_WORK while it is 100 % (whole sickness benefit: no work at all);
- RE_ENTRY while it is 75, 50 or 25 %: the person works part of the usual hours
  again, since the first day of the run of part-time periods after the last
  100 % one (a 100 % period after part-time leave puts the person off work
  again; the phases are not a one-way street);
- RETENTION and ADVANCEMENT are at full hours, which a sick period in force
  rules out: both contradict it.

After the recorded periods the facts say nothing. In this plugin the phase
itself tells whether the leave goes on past them: while the case is off work or
re-entering, the chain's days are counted on (the milestones and the orientation
project the last period), so a missing later period is no sign of full hours,
and no retention is derived from it. That is why a wrong phase matters here: a
case put in retention while a sick period is in force lets the chain's checkpoints
lapse. The sick periods speak of a job to return to: for someone without work
(unemployed, a student) they say nothing of the phase.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vocrehab.hooks import CaseFacts, EmploymentStatus, ReturnToWorkPhase, Violation
from vocrehab_fk_se.details import CaseDetails
from vocrehab_fk_se.rules import violation
from vocrehab_fk_se.sick_leave import SickPeriod

__all__ = ["FULL_DEGREE", "FkPhase", "check_phase", "phase_from_periods"]

P = ReturnToWorkPhase
FULL_DEGREE = 100
"""A sick period at 100 %: work capacity wholly reduced."""
_WORKING = frozenset({EmploymentStatus.EMPLOYED, EmploymentStatus.SELF_EMPLOYED})


@dataclass(frozen=True)
class FkPhase:
    """The phase the sick periods show on a day, with the period in force."""

    phase: ReturnToWorkPhase
    period: SickPeriod
    back_at_work_on: date | None = None
    """RE_ENTRY: the first day of the run of part-time periods."""

    def agrees_with(self, recorded: ReturnToWorkPhase) -> bool:
        return recorded is self.phase


def phase_from_periods(case: CaseFacts, details: CaseDetails, today: date) -> FkPhase | None:
    """The phase the sick period in force on `today` shows (None: the periods say nothing)."""
    if case.employment_status not in _WORKING:
        return None
    periods = sorted((p for p in details.sick_periods if p.start <= today and p.degree),
                     key=lambda p: p.start)  # fmt: skip
    current = next((p for p in periods if p.end is None or p.end >= today), None)
    if current is None:
        return None
    if current.degree == FULL_DEGREE:
        return FkPhase(P.OFF_WORK, current)
    back = current.start
    for earlier in reversed([p for p in periods if p.start < current.start]):
        if earlier.degree == FULL_DEGREE or earlier.end is None or (back - earlier.end).days > 1:
            break
        back = earlier.start
    return FkPhase(P.RE_ENTRY, current, back)


def check_phase(case: CaseFacts, details: CaseDetails, today: date) -> list[Violation]:
    """FK_PHASE_CONTRADICTS_FACTS when the recorded phase is not the one the periods show."""
    shown = phase_from_periods(case, details, today)
    if shown is None or shown.agrees_with(case.phase):
        return []
    period = shown.period
    since = (
        f": back at work part time since {shown.back_at_work_on}" if shown.back_at_work_on else ""
    )
    return [
        violation(
            "FK_PHASE_CONTRADICTS_FACTS",
            f"The case is in phase {case.phase.value}, but the sick period in force "
            f"({period.start} to {period.end}, {period.degree} %) shows {shown.phase.value}{since}",
            ("phase",),
        )
    ]

"""The phase of return to work a Norwegian case's sick notes show (R28).

The generic jurisdiction reads the phase from the return-to-work plan; in Norway
the sick notes say it better, day by day:

- OFF_WORK while the note in force is AKTIVITET_IKKE_MULIG (100 %) or AVVENTENDE
  (the employer has not yet adapted the work);
- RE_ENTRY from the first day back at work: a GRADERT period, a travel grant
  (REISETILSKUDD), single treatment days (BEHANDLINGSDAGER), or the day after the
  last note ran out;
- RETENTION once no note has been in force for `retention_days` (a deployment
  option): full hours kept;
- ADVANCEMENT follows retention, which no note shows: it agrees with RETENTION.

The notes speak of a job to return to: for someone without work (unemployed,
a student) graded leave or the end of a note is no return to work, and once
AAP or sykepenger while seeking work (friskmelding til arbeidsformidling) runs
after the last note, the person is not back at full hours either. In those
cases, and without a sick note, the facts say nothing. A note that runs into the future
counts for today only: a 100 % note after graded leave puts the person off work
again, as Young et al. allow (the phases are not a one-way street).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from vocrehab.hooks import CaseFacts, EmploymentStatus, ReturnToWorkPhase
from vocrehab_nav_no.model import CaseRecord, PeriodType
from vocrehab_nav_no.reference import AAP, FTA

__all__ = ["NavPhase", "phase_from_notes"]

P = ReturnToWorkPhase
_OFF = frozenset({PeriodType.AKTIVITET_IKKE_MULIG, PeriodType.AVVENTENDE})
_WORKING = frozenset({EmploymentStatus.EMPLOYED, EmploymentStatus.SELF_EMPLOYED})
_NOT_AT_WORK = frozenset({AAP, FTA})


@dataclass(frozen=True)
class NavPhase:
    phase: ReturnToWorkPhase
    back_at_work_on: date | None = None
    full_hours_since: date | None = None
    retention_from: date | None = None

    def agrees_with(self, recorded: ReturnToWorkPhase) -> bool:
        return recorded is self.phase or (recorded is P.ADVANCEMENT and self.phase is P.RETENTION)


def phase_from_notes(case: CaseFacts, record: CaseRecord, today: date,
                     retention_days: int) -> NavPhase | None:  # fmt: skip
    """The phase the sick notes show on `today` (None: the notes say nothing of it)."""
    periods = [p for p in record.periods if p.fom <= today]
    if not periods or case.employment_status not in _WORKING:
        return None
    current = [p for p in periods if p.tom >= today]
    if current and all(p.type in _OFF for p in current):
        return NavPhase(P.OFF_WORK)
    last_off = max((p.tom for p in periods if p.type in _OFF), default=None)
    partial = [
        p.fom for p in periods if p.type not in _OFF and (last_off is None or p.fom > last_off)
    ]
    if current:
        back = min(partial, default=today)
        return NavPhase(P.RE_ENTRY, back)
    full_since = max(p.tom for p in periods) + timedelta(days=1)
    if any(b.benefit_type_code in _NOT_AT_WORK and b.start_date <= today
           and (b.end_date is None or b.end_date >= full_since) for b in case.benefits):  # fmt: skip
        return None
    back = min([*partial, full_since])
    retention_from = full_since + timedelta(days=retention_days)
    phase = P.RETENTION if today >= retention_from else P.RE_ENTRY
    return NavPhase(phase, back, full_since, retention_from)

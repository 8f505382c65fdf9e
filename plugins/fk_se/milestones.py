"""Milestones of a Swedish case: the employer period, the employer's plan, the chain's checkpoints.

Computed from the case facts alone, never from today, so the platform can
store them and find overdue cases in SQL. Day N of a sick spell is its first
day plus N - 1; chain days count the linked sick periods (see sick_leave).

- MEDICAL_CERTIFICATE (day 8 of the spell, employees): met by the first
  FK 7804 (kind se.FK7804) dated on or after the spell's first day.
- SICKNESS_BENEFIT_FROM_DAY_15 (employees): the employer's sick pay covers
  days 1-14; met when sjukpenning is granted during the spell.
- EMPLOYER_PLAN (employees): due on day 30 once the doctor expects reduced
  capacity for 60 days or more, or on the day of a later forecast; also due
  on day 60 when the recorded sick periods reach it without a forecast. Met
  by fkRecordEmployerPlan(DRAWN_UP) or by a plan the employer drafts on the
  case; not needed when the employee clearly cannot return (SFB 30 kap. 6 §).
- CHAIN_DAY_90, CHAIN_DAY_180, CHAIN_DAY_365 (employees): due on the chain's
  day 90, 180 and 365. Each is met by a Försäkringskassan work-capacity
  assessment (kind se.WORK_CAPACITY) dated after the previous checkpoint was
  met: day 90 by one against any work at the employer (or broader), day 180
  and day 365 by one against normally occurring work.

A checkpoint the recorded periods do not reach still applies while the
person is off work or re-entering (the leave is projected); once the case is
in retention or advancement it no longer does. When the case is closed, every
milestone not yet met no longer applies. For someone without an employer every
milestone is listed as not applicable, met or not: all six are duties of the
employment relationship (sick pay, the plan, the chain's employer-based tests).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from vocrehab.hooks import (
    AssessmentFacts,
    CaseFacts,
    CaseStatus,
    EmploymentStatus,
    MilestoneInfo,
    ReturnToWorkPhase,
    StakeholderType,
)
from vocrehab_fk_se import sources
from vocrehab_fk_se.chain import ChainFacts
from vocrehab_fk_se.details import CaseDetails
from vocrehab_fk_se.employer_plan import EmployerPlan
from vocrehab_fk_se.language import both
from vocrehab_fk_se.reference import FK7804_KIND, SICKNESS_BENEFIT, WORK_CAPACITY_KIND
from vocrehab_fk_se.sick_leave import SickLeave
from vocrehab_fk_se.vocabulary import AssessmentBasis

__all__ = ["CERTIFICATE_DAY", "FK_DAY", "milestones", "spell_day"]

CERTIFICATE_DAY = 8
FK_DAY = 15
ONGOING_PHASES = frozenset({ReturnToWorkPhase.OFF_WORK, ReturnToWorkPhase.RE_ENTRY})
R = StakeholderType


def spell_day(leave: SickLeave, number: int) -> date | None:
    start = leave.spell_start
    return start + timedelta(days=number - 1) if start is not None else None


def milestones(case: CaseFacts) -> list[MilestoneInfo]:
    """All milestones of the case, in a fixed order (none without sick leave)."""
    details = CaseDetails.of(case)
    chain = ChainFacts.of(case, details)
    if not chain.leave.chain:
        return []
    employed = case.employment_status is EmploymentStatus.EMPLOYED
    found = [
        _certificate(case, chain.leave),
        _benefit_from_day_15(case, chain.leave),
        EmployerPlan.of(case, details, chain.leave).milestone(),
        *_checkpoints(case, chain.leave),
    ]
    ongoing = case.status is not CaseStatus.CLOSED and case.phase in ONGOING_PHASES
    found = [_applicability(m, chain.leave, ongoing, employed) for m in found]
    if case.status is CaseStatus.CLOSED:
        found = [m if m.met_on else replace(m, not_applicable=True) for m in found]
    return found


def _applicability(
    milestone: MilestoneInfo, leave: SickLeave, ongoing: bool, employed: bool
) -> MilestoneInfo:
    """Employees only (even when met: they are employees' duties); beyond the recorded
    leave, only while it goes on."""
    if not employed:
        return replace(milestone, met_on=None, not_applicable=True)
    if milestone.met_on is not None:
        return milestone
    reached = leave.known_on(milestone.due_date) or ongoing
    return replace(milestone, not_applicable=milestone.not_applicable or not reached)


def _first(days: list[date]) -> date | None:
    return min(days, default=None)


def _certificate(case: CaseFacts, leave: SickLeave) -> MilestoneInfo:
    start = leave.spell_start
    assert start is not None
    return MilestoneInfo(
        code="MEDICAL_CERTIFICATE",
        names=both("Läkarintyg från dag 8", "Medical certificate from day 8"),
        descriptions=both(
            "Från dag 8 i sjukperioden styrks sjukdomen med läkarintyg. Uppfylls av det första "
            "FK 7804 (se.FK7804) daterat i sjukperioden.",
            "From day 8 of the sick period the illness is shown with a medical certificate. Met "
            "by the first FK 7804 (se.FK7804) dated in the sick period.",
        ),
        due_date=start + timedelta(days=CERTIFICATE_DAY - 1),
        responsible=R.CLINICIAN,
        legal_reference=sources.SICK_PAY_CERTIFICATE,
        met_on=_first(
            [
                a.assessed_at
                for a in case.assessments
                if a.kind == FK7804_KIND and a.assessed_at >= start
            ]
        ),
    )


def _benefit_from_day_15(case: CaseFacts, leave: SickLeave) -> MilestoneInfo:
    start = leave.spell_start
    assert start is not None
    granted = [
        e.at.date()
        for e in case.events
        if e.kind == "benefit.granted"
        and e.data.get("typeCode") == SICKNESS_BENEFIT
        and e.at.date() >= start
    ]
    return MilestoneInfo(
        code="SICKNESS_BENEFIT_FROM_DAY_15",
        names=both("Försäkringskassan tar över dag 15", "Försäkringskassan takes over on day 15"),
        descriptions=both(
            "Arbetsgivaren betalar sjuklön dag 1-14 (80 procent, minus karensavdrag); från dag "
            "15 betalar Försäkringskassan sjukpenning. Uppfylls när sjukpenning beviljas.",
            "The employer pays sick pay on days 1-14 (80 %, less the waiting-period deduction); "
            "from day 15 Försäkringskassan pays sickness benefit. Met when it is granted.",
        ),
        due_date=start + timedelta(days=FK_DAY - 1),
        responsible=R.CASE_MANAGER,
        legal_reference=sources.SICK_PAY,
        met_on=_first(granted),
    )


_CHECKPOINTS: tuple[tuple[int, AssessmentBasis, str, str, str], ...] = (
    (
        90,
        AssessmentBasis.ANY_JOB_AT_EMPLOYER,
        sources.STAGE_2,
        "annat arbete hos arbetsgivaren (från dag 91)",
        "any work at the employer (from day 91)",
    ),
    (
        180,
        AssessmentBasis.NORMALLY_OCCURRING_WORK,
        sources.CHAIN,
        "normalt förekommande arbete (från dag 181, utom vid undantag)",
        "normally occurring work (from day 181, unless an exception applies)",
    ),
    (
        365,
        AssessmentBasis.NORMALLY_OCCURRING_WORK,
        sources.CHAIN,
        "normalt förekommande arbete för alla (från dag 366)",
        "normally occurring work for everyone (from day 366)",
    ),
)


def _checkpoints(case: CaseFacts, leave: SickLeave) -> list[MilestoneInfo]:
    """Day 90, 180 and 365; each met by an assessment dated after the previous one was met."""
    start = leave.chain_start
    assert start is not None
    anchor: date | None = start - timedelta(days=1)
    found = []
    for day, basis, reference, sv, en in _CHECKPOINTS:
        met = _assessed(case, basis, anchor) if anchor is not None else None
        due = leave.date_of_day(day)
        assert due is not None
        found.append(
            MilestoneInfo(
                code=f"CHAIN_DAY_{day}",
                names=both(f"Rehabiliteringskedjan dag {day}", f"Rehabilitation chain day {day}"),
                descriptions=both(
                    f"Försäkringskassan bedömer arbetsförmågan mot {sv}. Uppfylls av en bedömning "
                    f"(se.WORK_CAPACITY) mot det eller bredare.",
                    f"Försäkringskassan assesses work capacity against {en}. Met by an assessment "
                    f"(se.WORK_CAPACITY) against that or broader.",
                ),
                due_date=due,
                responsible=R.CASE_MANAGER,
                legal_reference=reference,
                met_on=met,
            )
        )
        anchor = met
    return found


def _assessed(case: CaseFacts, basis: AssessmentBasis, after: date) -> date | None:
    """The first work-capacity assessment after `after` against `basis` or broader."""

    def qualifies(a: AssessmentFacts) -> bool:
        recorded = a.details.get("basis")
        return (
            a.kind == WORK_CAPACITY_KIND
            and a.assessed_at > after
            and recorded in list(AssessmentBasis)
            and AssessmentBasis(recorded).breadth >= basis.breadth
        )

    return _first([a.assessed_at for a in case.assessments if qualifies(a)])

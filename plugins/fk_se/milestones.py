"""Milestones of a Swedish case: the employer period, the employer's plan, the chain's checkpoints.

Computed from the case facts alone, never from today, so the platform can
store them and find overdue cases in SQL. Day N of a sick spell is its first
day plus N - 1; chain days count the linked sick periods (see sick_leave).

- MEDICAL_CERTIFICATE (day 8 of the spell, employees): met by the first
  FK 7804 (kind se.FK7804) dated on or after the spell's first day.
- SICKNESS_BENEFIT_FROM_DAY_15 (employees): the employer's sick pay covers
  days 1-14; met when sjukpenning is granted during the spell (BENEFITS: its
  date is the benefit decision's).
- EMPLOYER_SICK_REPORT (employees): the employer reports a sick period that
  goes on after day 14 to Försäkringskassan by day 21 (see `sick_report`).
- EMPLOYER_PLAN (employees): due on day 30 once the doctor expects reduced
  capacity for 60 days or more, or on the day of a later forecast; also due
  on day 60 when the recorded sick periods reach it without a forecast. Met
  by fkRecordEmployerPlan(DRAWN_UP) or by a plan the employer drafts on the
  case; not needed when the employee clearly cannot return (SFB 30 kap. 6 §).
- CHAIN_DAY_90, CHAIN_DAY_180, CHAIN_DAY_365 (employees): due on the chain's
  day 90, 180 and 365. Each is met by a Försäkringskassan work-capacity
  assessment (kind se.WORK_CAPACITY) dated after the previous checkpoint was
  met: day 90 by one against any work at the employer (or broader), day 180
  and day 365 by one against normally occurring work. Day 180 does not apply
  when an exception keeps the employer-based test on day 181 (R23): the
  person is 63 or older that day, or Försäkringskassan recorded a likely
  return by day 365, special reasons to expect one by day 550, or a serious
  illness; day 365 is then met by an assessment after day 180. Someone who
  turns 63 later in the stage was to be assessed against normally occurring
  work for the days before the birthday, so day 180 still applies to them.
  Under an exception, only an assessment by day 180 meets day 180; a later
  one counts towards day 365.
  The checkpoints are dates of the chain every team member plans the
  return around, the employer included (at day 90 the measure is any work
  at the employer): PLAN. A day 180 set aside reveals why: a decision on the
  sickness benefit (BENEFITS), or, when serious illness alone sets it aside,
  a medical exception (MEDICAL).

- RECONCILIATION_MEETING_<n>: each reconciliation meeting planned, due on its
  day, met when held (see `reconciliation`); for employees and others alike.

A checkpoint the recorded periods do not reach still applies while the
person is off work or re-entering (the leave is projected); once the case is
in retention or advancement it no longer does. When the case is closed, every
milestone not yet met no longer applies. For someone without an employer every
milestone is listed as not applicable, met or not: all seven are duties of the
employment relationship (sick pay and its report, the plan, the chain's
employer-based tests).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from vocrehab.hooks import (
    AssessmentFacts,
    CaseFacts,
    CaseStatus,
    DataCategory,
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
from vocrehab_fk_se.reconciliation import meeting_milestones
from vocrehab_fk_se.reference import FK7804_KIND, SICKNESS_BENEFIT, WORK_CAPACITY_KIND
from vocrehab_fk_se.sick_leave import SickLeave
from vocrehab_fk_se.sick_report import EmployerSickReport
from vocrehab_fk_se.vocabulary import AssessmentBasis

__all__ = ["CERTIFICATE_DAY", "FK_DAY", "milestones", "spell_day"]

CERTIFICATE_DAY = 8
FK_DAY = 15
EXCEPTED_CHECKPOINT = 180
"""The checkpoint an exception of the rehabilitation chain sets aside (days 181-365)."""
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
    report = EmployerSickReport.of(details, chain.leave)
    found = [
        _certificate(case, chain.leave),
        _benefit_from_day_15(case, chain.leave),
        report.milestone(),
        EmployerPlan.of(case, details, chain.leave).milestone(),
        *_checkpoints(case, chain),
    ]
    meetings = meeting_milestones(details.meetings)
    ongoing = case.status is not CaseStatus.CLOSED and case.phase in ONGOING_PHASES
    triggers = {"EMPLOYER_SICK_REPORT": report.from_date}
    found = [_applicability(m, chain.leave, ongoing, employed, triggers.get(m.code)) for m in found]
    found += meetings  # Försäkringskassan's meetings are for everyone on sick leave
    if case.status is CaseStatus.CLOSED:
        found = [m if m.met_on else replace(m, not_applicable=True) for m in found]
    return found


def _applicability(
    milestone: MilestoneInfo,
    leave: SickLeave,
    ongoing: bool,
    employed: bool,
    trigger: date | None = None,
) -> MilestoneInfo:
    """Employees only (even when met: they are employees' duties); beyond the recorded
    leave, only while it goes on. A duty that arises before its due date (the sick
    report on day 15, due on day 21) applies once the leave reaches `trigger`."""
    if not employed:
        return replace(milestone, met_on=None, not_applicable=True)
    if milestone.met_on is not None:
        return milestone
    reached = leave.known_on(trigger or milestone.due_date) or ongoing
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
        category=DataCategory.BENEFITS,
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


def _checkpoints(case: CaseFacts, chain: ChainFacts) -> list[MilestoneInfo]:
    """Day 90, 180 and 365; each met by an assessment dated after the previous one was met
    (after day 180 when an exception sets day 180 aside)."""
    leave = chain.leave
    start = leave.chain_start
    assert start is not None
    anchor: date | None = start - timedelta(days=1)
    found = []
    for day, basis, reference, sv, en in _CHECKPOINTS:
        met = _assessed(case, basis, anchor) if anchor is not None else None
        due = leave.date_of_day(day)
        assert due is not None
        excepted = day == EXCEPTED_CHECKPOINT and chain.excepted_on(_next(due))
        if excepted and met is not None and met <= due:
            excepted = False  # assessed in time all the same
        elif excepted:
            met = None  # a later assessment belongs to day 365
        medical = excepted and chain.only_medical_exception_on(_next(due))
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
                not_applicable=excepted,
                category=_category(excepted, medical),
            )
        )
        anchor = max(anchor, due) if excepted and anchor is not None else met
    return found


def _category(excepted: bool, medical: bool) -> DataCategory:
    if not excepted:
        return DataCategory.PLAN
    return DataCategory.MEDICAL if medical else DataCategory.BENEFITS


def _next(day: date) -> date:
    return day + timedelta(days=1)


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

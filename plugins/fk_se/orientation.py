"""The orientation map of a Swedish case, in Swedish and English.

Clinicians who feel in control of sick leave and rehabilitation describe a
map of their own: which step of the process the patient is at, and which
actor does what next. This draws that map from the case facts and the
milestones on a given day: where the case stands (the chain's day, what work
capacity is assessed against, who pays and at which level, the employer's
plan, the latest work capacity), the next steps with who does what by when,
and what blocks it (overdue milestones, no activity for too long). When the
sick period in force contradicts the recorded phase (`phases`), the case
officer's first step is to update it. With a serious illness recorded and no
decision yet on keeping the normal level of sickness benefit after day 364
(R25's exception, Försäkringskassan's decision since it is never derived),
that decision is the case officer's step, due on the last day at the normal
level; only a reader who sees MEDICAL has the illness in the facts, so only
they get the step.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from vocrehab.hooks import (
    CaseFacts,
    CaseStatus,
    EmploymentStatus,
    MilestoneInfo,
    NextStepInfo,
    OrientationInfo,
    StakeholderType,
    Texts,
    milestone_steps,
    overdue,
    stalled,
    text_for,
)
from vocrehab_fk_se.capacity import MIN_WORK_CAPACITY, latest_capacity
from vocrehab_fk_se.chain import ChainFacts
from vocrehab_fk_se.details import CaseDetails
from vocrehab_fk_se.employer_plan import EmployerPlan
from vocrehab_fk_se.language import LANGUAGES, both, role_name
from vocrehab_fk_se.levels import continuation_level_from
from vocrehab_fk_se.milestones import ONGOING_PHASES
from vocrehab_fk_se.orientation_texts import (
    BASIS,
    NORMAL_LEVEL_STEP,
    PHASE_UPDATES,
    PHASES,
    SELF_EMPLOYED_BASIS,
    benefit_sentence,
    exception_sentence,
    plan_sentence,
    suggestion,
)
from vocrehab_fk_se.phases import phase_from_periods
from vocrehab_fk_se.reconciliation import next_step_of
from vocrehab_fk_se.vocabulary import AssessmentBasis, ChainException, ChainStage

__all__ = ["orientation"]


def orientation(
    case: CaseFacts, milestones: Sequence[MilestoneInfo], today: date, stall_days: int
) -> OrientationInfo:
    if case.status is CaseStatus.CLOSED:
        on = case.closed_at.date() if case.closed_at else None
        summary = (
            both(f"Ärendet avslutades {on}.", f"The case was closed on {on}.")
            if on
            else both("Ärendet är avslutat.", "The case is closed.")
        )
        return OrientationInfo(summary=summary, next_steps=(), blockers=())
    details = CaseDetails.of(case)
    chain = ChainFacts.of(case, details)
    sentences = [
        *(
            [both("Ärendet är vilande.", "The case is on hold.")]
            if case.status is CaseStatus.ON_HOLD
            else []
        ),
        *_where(case, chain, details, today),
        PHASES[case.phase],
    ]
    return OrientationInfo(
        summary=_join(sentences),
        next_steps=(
            *_phase_update(case, details, today),
            *milestone_steps(milestones),
            *_normal_level_step(case, chain, details),
            *_agreed(details),
            suggestion(case, chain, details, today),
        ),
        blockers=(*_overdue(milestones, today), *_stall(case, today, stall_days)),
    )


def _join(sentences: Sequence[Texts]) -> Texts:
    return {lang: " ".join(s[lang] for s in sentences) for lang in LANGUAGES}


def _where(case: CaseFacts, chain: ChainFacts, details: CaseDetails, today: date) -> list[Texts]:
    leave = chain.leave
    if not leave.chain:
        return [both("Ingen sjukskrivning är registrerad.", "No sick leave is recorded.")]
    start, through = leave.chain_start, leave.recorded_through
    if leave.day_number(today) == 0:
        return [both(f"Sjukskrivningen börjar {start}.", f"The sick leave starts on {start}.")]
    if through is not None and through < today and case.phase not in ONGOING_PHASES:
        return [_ended(leave.day_number(through), through), *_capacity(case)]
    found = [_today(leave.day_number(today), start)]
    if through is not None and through < today:
        found.append(
            both(
                f"Sjukperioderna är registrerade till {through}; dagarna räknas som om "
                "sjukskrivningen fortsätter.",
                f"Sick periods are recorded until {through}; days are counted as if the leave "
                "goes on.",
            )
        )
    basis = chain.basis_on(today)
    if basis is not None:
        found.append(BASIS[basis])
    if (
        basis is AssessmentBasis.ANY_JOB_AT_EMPLOYER
        and chain.stage_on(today) is ChainStage.DAYS_181_365
    ):
        found.append(exception_sentence(leave.date_of_day(365)))
    elif case.employment_status is EmploymentStatus.SELF_EMPLOYED:
        found.append(SELF_EMPLOYED_BASIS)
    found.append(benefit_sentence(case, chain, details, today))
    if case.employment_status is EmploymentStatus.EMPLOYED:
        found.append(plan_sentence(EmployerPlan.of(case, details, leave)))
    found.extend(_capacity(case))
    return found


def _today(number: int, start: date | None) -> Texts:
    return both(
        f"Idag är dag {number} i rehabiliteringskedjan (sedan {start}).",
        f"Today is day {number} of the rehabilitation chain (since {start}).",
    )


def _ended(number: int, through: date) -> Texts:
    return both(
        f"Den registrerade sjukskrivningen slutade {through}, dag {number} i "
        "rehabiliteringskedjan.",
        f"The recorded sick leave ended on {through}, day {number} of the rehabilitation chain.",
    )


def _capacity(case: CaseFacts) -> list[Texts]:
    latest = latest_capacity(case)
    if latest is None:
        return []
    capacity, assessment = latest
    found = [
        both(
            f"Senast bedömd arbetsförmåga: {capacity} % ({assessment.assessed_at}).",
            f"Latest assessed work capacity: {capacity} % ({assessment.assessed_at}).",
        )
    ]
    if capacity < MIN_WORK_CAPACITY:
        found.append(
            both(
                "Under 25 procent är Försäkringskassans och Arbetsförmedlingens arbetsinriktade "
                "insatser i praktiken inte öppna; kommunal sysselsättning eller ett "
                "samordningsförbund kan vara nästa steg.",
                "Below 25 % the work-oriented interventions of Försäkringskassan and the "
                "employment service are in practice not open; a municipal activity centre or a "
                "coordination association may be the next step.",
            )
        )
    return found


def _phase_update(case: CaseFacts, details: CaseDetails, today: date) -> list[NextStepInfo]:
    """The case officer updates a phase the sick period in force contradicts."""
    shown = phase_from_periods(case, details, today)
    if shown is None or shown.agrees_with(case.phase):
        return []
    return [NextStepInfo(PHASE_UPDATES[shown.phase], StakeholderType.CASE_MANAGER)]


def _normal_level_step(
    case: CaseFacts, chain: ChainFacts, details: CaseDetails
) -> list[NextStepInfo]:
    """Försäkringskassan decides on the normal level after day 364 for a serious illness."""
    if (
        ChainException.SERIOUS_ILLNESS not in details.exceptions
        or details.normal_level_kept is not None
        or case.phase not in ONGOING_PHASES
    ):
        return []
    switch = continuation_level_from(chain.leave)
    if switch is None:
        return []
    return [
        NextStepInfo(NORMAL_LEVEL_STEP, StakeholderType.CASE_MANAGER, switch - timedelta(days=1))
    ]


def _agreed(details: CaseDetails) -> list[NextStepInfo]:
    step = next_step_of(details.meetings)
    return [step] if step is not None else []


def _overdue(milestones: Sequence[MilestoneInfo], today: date) -> list[Texts]:
    return [
        {
            "sv": f"{text_for(m.names, 'sv')}: skulle ha skett senast {m.due_date} "
            f"({role_name(m.responsible, 'sv')} ska agera).",
            "en": f"{m.names['en']}: was due on {m.due_date} "
            f"({role_name(m.responsible, 'en')} to act).",
        }
        for m in overdue(milestones, today)
    ]


def _stall(case: CaseFacts, today: date, stall_days: int) -> list[Texts]:
    stall = stalled(case, today, stall_days)
    if stall is None:
        return []
    idle, last = stall.idle_days, stall.last
    return [
        both(
            f"Inget har hänt i ärendet på {idle} dagar (sedan {last}); kontrollera att någon "
            "driver det vidare.",
            f"Nothing has happened on the case for {idle} days (since {last}); check that "
            "someone is taking it forward.",
        )
    ]

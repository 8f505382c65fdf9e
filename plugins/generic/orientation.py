"""The orientation map of a case: where it stands, what comes next, and what blocks it.

Practitioners who feel in control of a return-to-work process describe a map of
their own: which phase the person is in, which actor does what next. This
module draws that map in plain English from the case facts and its milestones,
for readers who do not know the rules (a new case worker, the participant).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from vocrehab.hooks import (
    CaseFacts,
    CaseStatus,
    EmploymentStatus,
    InterventionStatus,
    InterventionTypeInfo,
    MilestoneInfo,
    NextStepInfo,
    OrientationInfo,
    ReturnToWorkPhase,
    StakeholderType,
    Texts,
    handover_gaps,
    milestone_steps,
    overdue,
    stalled,
)
from vocrehab_generic.interventions import type_name
from vocrehab_generic.options import GenericOptions
from vocrehab_generic.phases import check_phase, phase_from_facts, why
from vocrehab_generic.plans import current_step, last_day

__all__ = ["PHASE_SENTENCES", "REQUIRED_ROLES", "orientation"]

REQUIRED_ROLES = (StakeholderType.CASE_MANAGER,)
"""The roles a generic case cannot do without: someone coordinates the return to work."""

PHASE_SENTENCES: Mapping[ReturnToWorkPhase, str] = {
    ReturnToWorkPhase.OFF_WORK: "Phase: off work. The participant is away from work; the focus "
    "is recovery and preparing the return.",
    ReturnToWorkPhase.RE_ENTRY: "Phase: work re-entry. The participant is going back to work, "
    "often gradually and with adjustments.",
    ReturnToWorkPhase.RETENTION: "Phase: retention. The participant is back at work; the focus "
    "is staying at work in a way that lasts.",
    ReturnToWorkPhase.ADVANCEMENT: "Phase: advancement. The participant is settled at work; the "
    "focus is development and progression.",
}
"""One sentence per phase of return to work (Young et al. 2005)."""

_PHASE_NAMES: Mapping[ReturnToWorkPhase, str] = {
    ReturnToWorkPhase.OFF_WORK: "off work",
    ReturnToWorkPhase.RE_ENTRY: "work re-entry",
    ReturnToWorkPhase.RETENTION: "retention",
    ReturnToWorkPhase.ADVANCEMENT: "advancement",
}

_STATUS_SENTENCES: Mapping[CaseStatus, str] = {
    CaseStatus.OPEN: "The case is open.",
    CaseStatus.ON_HOLD: "The case is on hold.",
}


def orientation(
    case: CaseFacts,
    milestones: Sequence[MilestoneInfo],
    today: date,
    options: GenericOptions,
    intervention_types: Mapping[str, InterventionTypeInfo],
) -> OrientationInfo:
    """Summary, next steps and blockers of the case on `today`."""
    if case.status is CaseStatus.CLOSED:
        closed = f" on {case.closed_at.date()}" if case.closed_at else ""
        return OrientationInfo(
            summary=_en(f"The case was closed{closed}."), next_steps=(), blockers=()
        )
    summary = " ".join(
        [
            _STATUS_SENTENCES[case.status],
            PHASE_SENTENCES[case.phase],
            _plan_sentence(case, today),
            _interventions_sentence(case, intervention_types),
        ]
    )
    return OrientationInfo(
        summary=_en(summary),
        next_steps=(
            *milestone_steps(milestones),
            *_phase_step(case, today, options),
            _suggestion(case),
        ),
        blockers=(
            *_handover_gaps(case, milestones, today),
            *_overdue(milestones, today),
            *_stall(case, today, options.stall_days),
        ),
    )


def _en(text: str) -> Texts:
    return {"en": text}


# --------------------------------------------------------------------------- summary


def _plan_sentence(case: CaseFacts, today: date) -> str:
    plan = case.active_plan
    if plan is None:
        return "There is no active return-to-work plan."
    name = f"The plan {plan.title!r} (version {plan.version}) is active"
    step = current_step(plan, today)
    if step is not None:
        return (
            f"{name}; the current step is {step.work_percent} % of usual working time "
            f"until {step.end_date}."
        )
    upcoming = sorted(s.start_date for s in plan.steps if s.start_date > today)
    if upcoming:
        return f"{name}; its next step starts on {upcoming[0]}."
    end = last_day(plan)
    return f"{name}, but its last step ended on {end}." if end else f"{name}, but has no steps."


def _interventions_sentence(
    case: CaseFacts, intervention_types: Mapping[str, InterventionTypeInfo]
) -> str:
    active = [
        type_name(i.type_code, intervention_types)
        for i in case.interventions
        if i.status is InterventionStatus.ACTIVE
    ]
    if not active:
        return "No intervention is active."
    return f"Active interventions: {', '.join(active)}."


# --------------------------------------------------------------------------- next steps


def _phase_step(case: CaseFacts, today: date, options: GenericOptions) -> list[NextStepInfo]:
    """When the plan shows another phase than the case records, the case manager updates it."""
    facts = phase_from_facts(case, today, options.retention_days)
    if facts is None or not check_phase(case, today, options.retention_days):
        return []
    text = f"Update the phase to {_PHASE_NAMES[facts.phase]}: {why(facts, options.retention_days)}"
    return [NextStepInfo(title=_en(text), responsible=StakeholderType.CASE_MANAGER)]


def _suggestion(case: CaseFacts) -> NextStepInfo:
    """One piece of advice that fits the phase, for the case manager."""
    employed = case.employment_status is EmploymentStatus.EMPLOYED
    with_employer = " and the employer" if employed else ""
    match case.phase:
        case ReturnToWorkPhase.OFF_WORK if case.active_plan is None:
            text = f"Draft a return-to-work plan with the participant{with_employer}"
            if not employed:
                text += "; consider IPS supported employment for a rapid job search"
        case ReturnToWorkPhase.OFF_WORK:
            text = f"Prepare the first step of the plan with the participant{with_employer}"
        case ReturnToWorkPhase.RE_ENTRY:
            text = (
                f"Follow up the current step with the participant{with_employer}, and adjust "
                "the work percent or the adjustments if needed"
            )
        case ReturnToWorkPhase.RETENTION:
            text = (
                f"Check with the participant{with_employer} that the return is lasting and "
                "the adjustments still fit"
            )
        case _:
            text = (
                "Talk with the participant about development at work, and consider closing the case"
            )
    return NextStepInfo(title=_en(text), responsible=StakeholderType.CASE_MANAGER)


# --------------------------------------------------------------------------- blockers


def _overdue(milestones: Sequence[MilestoneInfo], today: date) -> list[Texts]:
    return [
        _en(
            f"{m.names['en']} was due on {m.due_date} and is overdue "
            f"({_role(m.responsible)} to act)."
        )
        for m in overdue(milestones, today)
    ]


def _handover_gaps(
    case: CaseFacts, milestones: Sequence[MilestoneInfo], today: date
) -> list[Texts]:
    """A required role nobody holds, or steps still assigned to someone who left."""
    found = []
    for gap in handover_gaps(case, milestones, today, REQUIRED_ROLES):
        codes = ", ".join(s.code for s in gap.steps)
        if gap.actor_id is None:
            waiting = f"; its open steps ({codes}) wait for one" if codes else ""
            found.append(_en(f"Nobody on the team is the {_role(gap.role)}{waiting}. Add one "
                             "to the team."))  # fmt: skip
        else:
            found.append(_en(f"A former {_role(gap.role)} still holds {codes}, assigned before "
                             "they left the team: assign the steps to someone on it, or hand "
                             "the case over (replaceCaseTeamMember)."))  # fmt: skip
    return found


def _stall(case: CaseFacts, today: date, stall_days: int) -> list[Texts]:
    stall = stalled(case, today, stall_days)
    if stall is None:
        return []
    return [
        _en(
            f"Nothing has happened on the case for {stall.idle_days} days (since {stall.last}); "
            "check that someone is acting on it."
        )
    ]


def _role(role: StakeholderType) -> str:
    return role.value.replace("_", " ").lower()

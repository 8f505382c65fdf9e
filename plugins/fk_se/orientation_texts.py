"""The sentences of the Swedish orientation map, in Swedish and English.

Kept apart from `orientation` so that the wording of each situation (the basis
of assessment, who pays and at which level, the employer's plan, the phase,
the suggested next step) can be read and reviewed in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from vocrehab.hooks import (
    CaseFacts,
    EmploymentStatus,
    NextStepInfo,
    ReturnToWorkPhase,
    StakeholderType,
    Texts,
)
from vocrehab_fk_se.chain import ChainFacts
from vocrehab_fk_se.details import CaseDetails
from vocrehab_fk_se.employer_plan import EmployerPlan
from vocrehab_fk_se.language import both
from vocrehab_fk_se.levels import CONTINUATION_LEVEL_PERCENT, continuation_level_from
from vocrehab_fk_se.milestones import FK_DAY
from vocrehab_fk_se.vocabulary import AssessmentBasis, EmployerPlanStatus

__all__ = [
    "BASIS",
    "NORMAL_LEVEL_STEP",
    "PHASES",
    "PHASE_UPDATES",
    "SELF_EMPLOYED_BASIS",
    "benefit_sentence",
    "exception_sentence",
    "plan_sentence",
    "suggestion",
]

BASIS: Mapping[AssessmentBasis, Texts] = {
    AssessmentBasis.OWN_JOB: both(
        "Arbetsförmågan bedöms mot det egna arbetet eller annat tillfälligt arbete hos "
        "arbetsgivaren (dag 1-90).",
        "Work capacity is assessed against the own job or temporary other work at the "
        "employer (days 1-90).",
    ),
    AssessmentBasis.ANY_JOB_AT_EMPLOYER: both(
        "Arbetsförmågan bedöms mot annat arbete hos arbetsgivaren.",
        "Work capacity is assessed against any work at the employer.",
    ),
    AssessmentBasis.NORMALLY_OCCURRING_WORK: both(
        "Arbetsförmågan bedöms mot normalt förekommande arbete på arbetsmarknaden.",
        "Work capacity is assessed against work that normally occurs on the labour market.",
    ),
}
SELF_EMPLOYED_BASIS = both(
    "Som egenföretagare bedöms arbetsförmågan mot det vanliga arbetet och senare mot normalt "
    "förekommande arbete.",
    "As a self-employed person, work capacity is assessed against the usual work and later "
    "against normally occurring work.",
)
PHASES: Mapping[ReturnToWorkPhase, Texts] = {
    ReturnToWorkPhase.OFF_WORK: both(
        "Fas: borta från arbetet; fokus är återhämtning och att förbereda återgången.",
        "Phase: off work; the focus is recovery and preparing the return.",
    ),
    ReturnToWorkPhase.RE_ENTRY: both(
        "Fas: återgång; den försäkrade börjar arbeta igen, ofta på deltid och med anpassningar.",
        "Phase: work re-entry; the insured person is going back, often part time and adjusted.",
    ),
    ReturnToWorkPhase.RETENTION: both(
        "Fas: kvarstannande; den försäkrade är tillbaka och fokus är att det håller.",
        "Phase: retention; the insured person is back at work and the focus is that it lasts.",
    ),
    ReturnToWorkPhase.ADVANCEMENT: both(
        "Fas: utveckling; fokus är utveckling i arbetet.",
        "Phase: advancement; the focus is development at work.",
    ),
}
"""The four phases of return to work (Young et al. 2005)."""
PHASE_UPDATES: Mapping[ReturnToWorkPhase, Texts] = {
    ReturnToWorkPhase.OFF_WORK: both(
        "Ändra fasen till «borta från arbetet»: sjukperioden i kraft är på heltid (100 %)",
        "Update the phase to off work: the sick period in force is whole (100 %)",
    ),
    ReturnToWorkPhase.RE_ENTRY: both(
        "Ändra fasen till «återgång»: sjukperioden i kraft är på deltid",
        "Update the phase to work re-entry: the sick period in force is part time",
    ),
}
"""The step when the sick period in force shows another phase (see `phases`)."""
NORMAL_LEVEL_STEP = both(
    "Besluta om sjukpenningen ska stanna på normalnivå (80 %) efter dag 364",
    "Decide whether sickness benefit stays at the normal level (80 %) after day 364",
)
"""Försäkringskassan's decision to keep the normal level (SFB 28 kap. 7 §; see `normal_level`).
Like the exception sentence, it never says why (the serious illness is MEDICAL)."""


def exception_sentence(day_365: date | None) -> Texts:
    """Days 181-365 under an exception; which one is not said (serious illness is MEDICAL)."""
    return both(
        "Ett undantag i rehabiliteringskedjan gäller: ingen prövning mot normalt förekommande "
        f"arbete behövs dag 180; den görs för alla från dag 366 (dag 365 är {day_365}).",
        "An exception of the rehabilitation chain applies: no assessment against normally "
        f"occurring work is needed on day 180; it is made for everyone from day 366 (day 365 "
        f"is {day_365}).",
    )


def benefit_sentence(
    case: CaseFacts, chain: ChainFacts, details: CaseDetails, today: date
) -> Texts:
    """Who pays today, and at which level."""
    spell = chain.leave.spell_start_on(today)
    if spell is None:
        return both("Idag är ingen sjukdag.", "Today is not a day of sick leave.")
    day = (today - spell).days + 1
    if case.employment_status is EmploymentStatus.EMPLOYED and day < FK_DAY:
        return both(
            f"Arbetsgivaren betalar sjuklön (dag {day} av 14); Försäkringskassan från dag 15.",
            f"The employer pays sick pay (day {day} of 14); Försäkringskassan from day 15.",
        )
    switch = continuation_level_from(chain.leave, bool(details.normal_level_kept))
    if switch is not None and today >= switch:
        return both(
            f"Sjukpenning betalas på fortsättningsnivå ({CONTINUATION_LEVEL_PERCENT} %) sedan {switch}.",
            f"Sickness benefit is paid at the continuation level ({CONTINUATION_LEVEL_PERCENT} %) since {switch}.",
        )
    later = (
        both(
            f" Fortsättningsnivån (75 %) gäller från {switch} om sjukskrivningen fortsätter.",
            f" The continuation level (75 %) applies from {switch} if the leave goes on.",
        )
        if switch is not None
        else both("", "")
    )
    return both(
        f"Sjukpenning betalas på normalnivå (80 %).{later['sv']}",
        f"Sickness benefit is paid at the normal level (80 %).{later['en']}",
    )


def plan_sentence(plan: EmployerPlan) -> Texts:
    match plan.status:
        case EmployerPlanStatus.DRAWN_UP:
            return both(
                f"Arbetsgivarens plan för återgång i arbete finns sedan {plan.met_on}.",
                f"The employer's plan for return to work exists since {plan.met_on}.",
            )
        case EmployerPlanStatus.NOT_NEEDED:
            return both(
                "Ingen plan för återgång behövs: hälsan hindrar klart återgång.",
                "No return-to-work plan is needed: health clearly rules out a return.",
            )
        case EmployerPlanStatus.REQUIRED:
            return both(
                f"Arbetsgivaren ska ha en plan för återgång i arbete senast {plan.due_date}.",
                f"The employer must have a plan for return to work by {plan.due_date}.",
            )
        case _:
            return both(
                "En plan för återgång krävs om arbetsförmågan väntas vara nedsatt i minst 60 dagar.",
                "A return-to-work plan is required if capacity is expected to be reduced for 60 days or more.",
            )


def suggestion(
    case: CaseFacts, chain: ChainFacts, details: CaseDetails, today: date
) -> NextStepInfo:
    """One piece of advice that fits where the case stands."""
    employed = case.employment_status is EmploymentStatus.EMPLOYED
    if employed and chain.leave.chain and details.expected_days is None:
        return NextStepInfo(
            title=both(
                "Bedöm hur länge arbetsförmågan väntas vara nedsatt (avgör om arbetsgivaren "
                "behöver en plan för återgång)",
                "Assess how long work capacity is expected to stay reduced (it decides whether "
                "the employer needs a return-to-work plan)",
            ),
            responsible=StakeholderType.CLINICIAN,
        )
    if case.phase is ReturnToWorkPhase.OFF_WORK:
        return NextStepInfo(
            title=both(
                "Kalla vid behov till avstämningsmöte med den försäkrade, läkaren och "
                "arbetsgivaren (SFB 110 kap. 14 § 4)",
                "Call a reconciliation meeting with the insured person, the doctor and the "
                "employer if needed (SFB 110 kap. 14 § 4)",
            ),
            responsible=StakeholderType.CASE_MANAGER,
        )
    if case.phase is ReturnToWorkPhase.RE_ENTRY:
        return NextStepInfo(
            title=both(
                "Följ upp planens steg; sjukpenningen följer arbetstiden i fjärdedelar",
                "Follow up the plan's steps; sickness benefit follows the working time in quarters",
            ),
            responsible=StakeholderType.CASE_MANAGER,
        )
    return NextStepInfo(
        title=both(
            "Följ upp att återgången håller och att anpassningarna fortfarande passar",
            "Check that the return is lasting and the adjustments still fit",
        ),
        responsible=StakeholderType.CASE_MANAGER,
    )

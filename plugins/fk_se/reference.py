"""Reference data of the Swedish jurisdiction: benefits, interventions, assessment kinds.

Benefits are the ones Försäkringskassan pays during sick leave and
rehabilitation; the employer's sick pay (sjuklön, days 1-14) is not a benefit
FK grants, so it appears as a milestone and in the orientation instead.
Intervention types follow the work-oriented measures of the FK 7804
certificate (question 40), FK's rehabilitation and the field evidence on
what is open to whom. No maximum duration is set where the sources give none.
"""

from __future__ import annotations

from vocrehab.hooks import AllowedValues, AssessmentKindInfo, BenefitTypeInfo, InterventionTypeInfo
from vocrehab_fk_se import sources
from vocrehab_fk_se.language import both

__all__ = [
    "ASSESSMENT_KINDS",
    "BENEFIT_TYPES",
    "FK7804_KIND",
    "INTERVENTION_TYPES",
    "QUARTER_DEGREES",
    "REHABILITATION_BENEFIT",
    "SICKNESS_BENEFIT",
    "WORK_CAPACITY_KIND",
    "WORK_ORIENTED",
]

QUARTER_DEGREES = AllowedValues.of(25, 50, 75, 100, legal_reference=sources.QUARTERS)
"""Whole, three quarters, half, quarter (SFB 27 kap. 45 §): the degrees of sjukpenning,
and of every sick period of a certificate."""

SICKNESS_BENEFIT = "SJUKPENNING"
REHABILITATION_BENEFIT = "REHABILITERINGSPENNING"

BENEFIT_TYPES: tuple[BenefitTypeInfo, ...] = (
    BenefitTypeInfo(
        code=SICKNESS_BENEFIT,
        names=both("Sjukpenning", "Sickness benefit (sjukpenning)"),
        descriptions=both(
            "Ersättning när arbetsförmågan är nedsatt med minst en fjärdedel. För anställda "
            "från dag 15 (dag 1-14 betalar arbetsgivaren sjuklön). Normalnivå 80 procent av "
            "SGI i 364 dagar inom en ramtid av 450 dagar, därefter fortsättningsnivå 75 "
            "procent utan bortre tidsgräns (sedan 1 februari 2016).",
            "Paid when work capacity is reduced by at least a quarter. For employees from "
            "day 15 (the employer pays sick pay on days 1-14). Normal level 80 % of the "
            "sickness-benefit-qualifying income for 364 days within 450, then the "
            "continuation level of 75 % with no outer time limit (since 1 February 2016).",
        ),
        degrees=QUARTER_DEGREES,
        legal_reference=f"{sources.QUARTERS}; {sources.LEVELS}",
    ),
    BenefitTypeInfo(
        code=REHABILITATION_BENEFIT,
        names=both("Rehabiliteringspenning", "Rehabilitation benefit (rehabiliteringspenning)"),
        descriptions=both(
            "Ersättning under arbetslivsinriktad rehabilitering enligt en rehabiliteringsplan, "
            "på samma nivå som sjukpenningen (80 eller 75 procent). Omfattningen i fjärdedelar "
            "följer sjukpenningen; det är inte bekräftat i källorna bakom detta tillägg.",
            "Paid during work-oriented rehabilitation that follows a rehabilitation plan, at "
            "the sickness benefit's level (80 or 75 %). Its degrees in quarters follow "
            "sickness benefit; that is not confirmed in the sources behind this plugin.",
        ),
        degrees=QUARTER_DEGREES,
        legal_reference=sources.REHABILITATION,
    ),
)


def _intervention(
    code: str, sv: str, en: str, sv_text: str, en_text: str, reference: str | None
) -> InterventionTypeInfo:
    return InterventionTypeInfo(
        code=code,
        names=both(sv, en),
        descriptions=both(sv_text, en_text),
        legal_reference=reference,
    )


INTERVENTION_TYPES: tuple[InterventionTypeInfo, ...] = (
    _intervention(
        "ARBETSTRANING", "Arbetsträning", "Work training",
        "Arbetsträning på en arbetsplats, med rehabiliteringspenning. Längden följer planen "
        "(omkring tre månader är praxis, inte en lagstadgad gräns).",
        "Work training at a workplace, with rehabilitation benefit. Its length follows the "
        "plan (about three months is practice, not a legal limit).",
        sources.REHABILITATION,
    ),
    _intervention(
        "ARBETSLIVSINRIKTAD_REHABILITERING", "Arbetslivsinriktad rehabilitering",
        "Work-oriented rehabilitation",
        "Insatser enligt en rehabiliteringsplan för att den försäkrade ska kunna återgå i arbete.",
        "Measures under a rehabilitation plan so that the insured person can return to work.",
        sources.REHABILITATION,
    ),
    _intervention(
        "ARBETSFORMEDLINGEN_STOD", "Stöd från Arbetsförmedlingen", "Employment service support",
        "Stöd att söka nytt arbete och matchning via Arbetsförmedlingen.",
        "Support in finding new work, and job matching, through the employment service.",
        None,
    ),
    _intervention(
        "ARBETSANPASSNING", "Arbetsanpassning", "Workplace adjustment",
        "Anpassning av arbetsuppgifter, arbetstid, hjälpmedel eller arbetsplats hos "
        "arbetsgivaren (FK 7804 fråga 40).",
        "Adjusted tasks, hours, aids or workplace at the employer (FK 7804 question 40).",
        sources.EMPLOYER_PLAN,
    ),
    _intervention(
        "SAMORDNINGSFORBUND", "Insats via samordningsförbund", "Coordination association measure",
        "Samordnad rehabilitering från Försäkringskassan, Arbetsförmedlingen, region och "
        "kommun för den som står långt från arbetsmarknaden.",
        "Coordinated rehabilitation by Försäkringskassan, the employment service, the region "
        "and the municipality for people far from the labour market.",
        sources.FINSAM,
    ),
    _intervention(
        "KOMMUNAL_SYSSELSATTNING", "Kommunal sysselsättning", "Municipal activity centre",
        "Daglig sysselsättning i kommunens regi; öppen även under 25 procents arbetsförmåga.",
        "Day activities run by the municipality; open below 25 % work capacity too.",
        None,
    ),
)  # fmt: skip

WORK_ORIENTED: frozenset[str] = frozenset(
    {"ARBETSTRANING", "ARBETSLIVSINRIKTAD_REHABILITERING", "ARBETSFORMEDLINGEN_STOD"}
)
"""The interventions of Försäkringskassan and the employment service that need at least
25 % work capacity (field evidence, see sources.FIELD_STUDY)."""

FK7804_KIND = "se.FK7804"
WORK_CAPACITY_KIND = "se.WORK_CAPACITY"

ASSESSMENT_KINDS: tuple[AssessmentKindInfo, ...] = (
    AssessmentKindInfo(
        FK7804_KIND,
        both(
            "Läkarintyg för sjukpenning (FK 7804)",
            "Medical certificate for sickness benefit (FK 7804)",
        ),
    ),
    AssessmentKindInfo(
        WORK_CAPACITY_KIND,
        both(
            "Försäkringskassans bedömning av arbetsförmågan (rehabiliteringskedjan)",
            "Försäkringskassan's assessment of work capacity (rehabilitation chain)",
        ),
    ),
    AssessmentKindInfo(
        "se.AFU",
        both("Aktivitetsförmågeutredning (AFU)", "Activity capacity assessment (AFU)"),
    ),
)

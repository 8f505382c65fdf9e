"""Reference data: the benefit, intervention and assessment types of the generic jurisdiction.

Nothing here is national law. Each benefit type names the ILO convention that
describes that branch of social security; each intervention type names the
evidence or instrument it rests on. Maximum durations are left open (None)
wherever no jurisdiction-neutral source sets one: a country plugin knows its
own limits, the generic one must not invent them.
"""

from __future__ import annotations

from vocrehab.hooks import AllowedValues, AssessmentKindInfo, BenefitTypeInfo, InterventionTypeInfo
from vocrehab_generic import sources

__all__ = ["ASSESSMENT_KINDS", "BENEFIT_TYPES", "INTERVENTION_TYPES"]

ANY_WHOLE_PERCENT = AllowedValues.between(1, 100)
"""Graded benefits exist almost everywhere, but the grid is national law (quarters in
one country, any percent from 20 in another); the neutral default accepts any."""

BENEFIT_TYPES: tuple[BenefitTypeInfo, ...] = (
    BenefitTypeInfo(
        code="SICKNESS_BENEFIT",
        names={"en": "Sickness benefit"},
        descriptions={"en": "Income replacement while a person cannot work because of illness."},
        degrees=ANY_WHOLE_PERCENT,
        legal_reference=sources.ILO_C130,
    ),
    BenefitTypeInfo(
        code="REHABILITATION_BENEFIT",
        names={"en": "Rehabilitation benefit"},
        descriptions={
            "en": "Income support while a person takes part in vocational rehabilitation."
        },
        degrees=ANY_WHOLE_PERCENT,
        legal_reference=sources.ILO_C159,
    ),
    BenefitTypeInfo(
        code="DISABILITY_BENEFIT",
        names={"en": "Disability benefit"},
        descriptions={
            "en": "Long-term income replacement for a lasting reduction of work capacity, "
            "full or partial."
        },
        degrees=AllowedValues.of(25, 50, 75, 100),
        legal_reference=sources.ILO_C128,
    ),
    BenefitTypeInfo(
        code="UNEMPLOYMENT_BENEFIT",
        names={"en": "Unemployment benefit"},
        descriptions={"en": "Income replacement for a person without work who seeks work."},
        degrees=AllowedValues.of(100),
        legal_reference=sources.ILO_C168,
    ),
)

INTERVENTION_TYPES: tuple[InterventionTypeInfo, ...] = (
    InterventionTypeInfo(
        code="IPS",
        names={"en": "Individual Placement and Support (IPS)"},
        descriptions={
            "en": "Supported employment: rapid search for a competitive job, integrated with "
            "treatment, with job support that has no time limit."
        },
        max_duration_weeks=None,  # principle 7: support without a time limit
        legal_reference=sources.IPS_PRINCIPLES,
    ),
    InterventionTypeInfo(
        code="WORK_TRIAL",
        names={"en": "Work trial"},
        descriptions={
            "en": "A supervised period at a workplace to try out tasks and work capacity."
        },
        legal_reference=sources.ILO_C159,
    ),
    InterventionTypeInfo(
        code="JOB_COACHING",
        names={"en": "Job coaching"},
        descriptions={
            "en": "A coach supports the participant at the workplace in learning and keeping "
            "the job."
        },
        legal_reference=sources.ILO_C159,
    ),
    InterventionTypeInfo(
        code="WORKPLACE_ADJUSTMENT",
        names={"en": "Workplace adjustment"},
        descriptions={
            "en": "Changes to tasks, hours, equipment or premises so the participant can work; "
            "work accommodation offers shorten sick leave (strong evidence)."
        },
        legal_reference=sources.FRANCHE_2005,
    ),
    InterventionTypeInfo(
        code="VOCATIONAL_ASSESSMENT",
        names={"en": "Vocational assessment"},
        descriptions={
            "en": "An assessment of work capacity, skills and interests to choose a work goal."
        },
        legal_reference=sources.ILO_C159,
    ),
    InterventionTypeInfo(
        code="VOCATIONAL_TRAINING",
        names={"en": "Vocational training"},
        descriptions={"en": "Training or education towards a new occupation or new tasks."},
        legal_reference=sources.ILO_C159,
    ),
    InterventionTypeInfo(
        code="BENEFITS_COUNSELLING",
        names={"en": "Benefits counselling"},
        descriptions={
            "en": "Personal advice on how work and earnings affect the participant's benefits "
            "(an IPS principle)."
        },
        legal_reference=sources.IPS_PRINCIPLES,
    ),
)

ASSESSMENT_KINDS: tuple[AssessmentKindInfo, ...] = (
    AssessmentKindInfo(code="WORK_CAPACITY", names={"en": "Work capacity assessment"}),
    AssessmentKindInfo(code="FUNCTIONAL", names={"en": "Functional assessment"}),
    AssessmentKindInfo(code="MEDICAL_CERTIFICATE", names={"en": "Medical certificate"}),
    AssessmentKindInfo(code="VOCATIONAL", names={"en": "Vocational assessment"}),
)

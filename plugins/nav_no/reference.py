"""Reference data: Norway's benefit types, work-oriented measures and assessment kinds.

Durations are given only where a source gives them: work-oriented
rehabilitation at most 12 weeks (tiltaksforskriften kap. 12; NAV's ARR page),
avklaring at most 16 weeks (NAV's participant system: 12 weeks normally, 16 at
most), arbeidstrening 1 year plus 6 months for people with reduced work
capacity (nav.no). Follow-up depends on the person's need category, IPS and
varig tilrettelagt arbeid have no time limit, and the wage subsidy's limit is
contradicted between sources: those stay open (None) rather than guessed.
"""

from __future__ import annotations

from vocrehab.hooks import (
    AllowedValues,
    AssessmentKindInfo,
    BenefitTypeInfo,
    InterventionTypeInfo,
    ValueRange,
)
from vocrehab_nav_no import sources
from vocrehab_nav_no.language import texts

__all__ = [
    "AAP",
    "ARR",
    "ASSESSMENT_KINDS",
    "BENEFIT_TYPES",
    "FTA",
    "FTA_MAX_DAYS",
    "INTERVENTION_TYPES",
    "SICK_NOTE_KIND",
    "SICK_PAY_TYPES",
    "SYKEPENGER",
    "TILTAKSPENGER",
    "TILTAKSPENGER_MEASURES",
]

SYKEPENGER = "SYKEPENGER"
FTA = "FRISKMELDING_TIL_ARBEIDSFORMIDLING"
SICK_PAY_TYPES = frozenset({SYKEPENGER, FTA})
"""Sykepenger in both forms: friskmelding til arbeidsformidling is sykepenger (ftrl § 8-5) and
counts toward the same maximum."""
FTA_MAX_DAYS = 84
AAP = "ARBEIDSAVKLARINGSPENGER"
TILTAKSPENGER = "TILTAKSPENGER"
ARR = "ARBEIDSRETTET_REHABILITERING"
SICK_NOTE_KIND = "SYKMELDING"

GRADED_SYKEPENGER = AllowedValues((100,), (ValueRange(20, 99),), sources.FTRL_8_13)
"""Whole, or graded: at least 20 % reduced capacity (ftrl § 8-13)."""
AAP_DEGREES = AllowedValues.between(20, 100, legal_reference=sources.FTRL_11_23)
"""AAP is reduced by the hours worked, down to 20 % while the person steps up to 80 % work
(ftrl § 11-23); below 40 % only in the step-up, which the rules check (NO_AAP_STEP_UP)."""

BENEFIT_TYPES: tuple[BenefitTypeInfo, ...] = (
    BenefitTypeInfo(
        code=SYKEPENGER,
        names=texts("Sykepenger", "Sickness benefit (sykepenger)"),
        descriptions=texts(
            "Erstatter inntekt ved arbeidsuførhet. Arbeidsgiveren betaler de første 16 dagene, "
            "NAV fra dag 17, i høyst 248 sykepengedager. Gradert fra 20 %.",
            "Replaces income while unfit for work. The employer pays the first 16 days, NAV "
            "from day 17, for at most 248 sick-pay days. Graded from 20 %.",
        ),
        degrees=GRADED_SYKEPENGER,
        legal_reference=f"{sources.FTRL_8_13}; {sources.FTRL_8_12}",
    ),
    BenefitTypeInfo(
        code=FTA,
        names=texts(
            "Friskmelding til arbeidsformidling",
            "Sickness benefit while seeking work (friskmelding til arbeidsformidling)",
        ),
        descriptions=texts(
            "Sykepenger i inntil 12 uker for den som kan arbeide, men ikke i jobben sin, og søker "
            "nytt arbeid: arbeidsforholdet er avsluttet, personen er registrert som arbeidssøker, "
            "og minst 12 uker av sykepengeperioden gjenstår. Dagene teller mot maksdato.",
            "Sykepenger for up to 12 weeks for someone who can work, but not in their job, and "
            "seeks new work: the employment has ended, the person is registered as a job seeker, "
            "and at least 12 weeks of the sick-pay period remain. The days count toward the "
            "maksdato.",
        ),
        degrees=AllowedValues.of(100, legal_reference=sources.FTRL_8_5),
        max_duration_days=FTA_MAX_DAYS,
        legal_reference=sources.FTRL_8_5,
    ),
    BenefitTypeInfo(
        code=AAP,
        names=texts("Arbeidsavklaringspenger (AAP)", "Work assessment allowance (AAP)"),
        descriptions=texts(
            "For den som har arbeidsevnen nedsatt med minst halvparten og får behandling, tiltak "
            "eller oppfølging. Ordinært i høyst 3 år; 66 % av beregningsgrunnlaget.",
            "For someone whose work capacity is reduced by at least half and who receives "
            "treatment, a measure or follow-up. Ordinarily at most 3 years; 66 % of the base.",
        ),
        degrees=AAP_DEGREES,
        legal_reference=f"{sources.FTRL_11_5}; {sources.FTRL_11_12}",
    ),
    BenefitTypeInfo(
        code=TILTAKSPENGER,
        names=texts("Tiltakspenger", "Measure allowance (tiltakspenger)"),
        descriptions=texts(
            "Dagsats til deltakere i arbeidsmarkedstiltak som ikke har sykepenger eller AAP. "
            "Satsen er ikke lagt inn her.",
            "A daily allowance for participants in labour-market measures who have neither "
            "sykepenger nor AAP. The rate is not recorded here.",
        ),
        degrees=AllowedValues.between(1, 100),  # no source for a grading grid
        legal_reference=sources.TILTAKSPENGER,
    ),
)


def _measure(
    code: str, nb: str, en: str, about: tuple[str, str], reference: str, weeks: int | None = None
) -> InterventionTypeInfo:
    return InterventionTypeInfo(
        code=code, names=texts(nb, en), max_duration_weeks=weeks, legal_reference=reference,
        descriptions=texts(*about),
    )  # fmt: skip


INTERVENTION_TYPES: tuple[InterventionTypeInfo, ...] = (
    _measure(ARR, "Arbeidsrettet rehabilitering", "Work-oriented rehabilitation (ARR)", (
        "Tilpasset opplegg i høyst 12 uker (ARBRRHDAG). For en arbeidstaker må NAV først ha "
        "arbeidsgiverens oppfølgingsplan; NAV fatter vedtak.",
        "A tailored programme of at most 12 weeks (ARBRRHDAG). For an employee NAV first needs "
        "the employer's follow-up plan; NAV decides."), sources.TILTAK_ARR, 12),
    _measure("AVKLARING", "Avklaring", "Clarification (avklaring)", (
        "Kartlegging av arbeidsevne og muligheter (AVKLARAG); normalt inntil 12 uker, høyst 16.",
        "Assessment of work capacity and options (AVKLARAG); normally up to 12 weeks, at "
        "most 16."), f"{sources.TILTAK} kap. 2", 16),
    _measure("ARBEIDSTRENING", "Arbeidstrening", "Work training (arbeidstrening)", (
        "Arbeidstrening hos en arbeidsgiver uten ansettelse (ARBTREN): inntil 1 år, pluss 6 "
        "måneder ved nedsatt arbeidsevne (78 uker).",
        "Training at an employer without employment (ARBTREN): up to 1 year, plus 6 months for "
        "reduced work capacity (78 weeks)."), f"{sources.TILTAK} kap. 3", 78),
    _measure("OPPFOLGING", "Oppfølging", "Follow-up (oppfølging)", (
        "Oppfølging for å skaffe eller beholde arbeid (INDOPPFAG); varigheten følger "
        "innsatsgruppen.",
        "Support to find or keep work (INDOPPFAG); the duration follows the person's need "
        "category."), f"{sources.TILTAK} kap. 4"),
    _measure("IPS", "Individuell jobbstøtte (IPS)", "Individual Placement and Support (IPS)", (
        "Rask jobbsøking integrert med behandling, med oppfølging uten tidsgrense (INDJOBSTOT).",
        "Rapid job search integrated with treatment, with support without a time limit "
        "(INDJOBSTOT)."), sources.TILTAK),
    _measure("LONNSTILSKUDD", "Midlertidig lønnstilskudd", "Temporary wage subsidy", (
        "Tilskudd til lønn ved ansettelse (MIDLONTIL). Kildene er uenige om makstiden (1-2 eller "
        "3 år), så den håndheves ikke.",
        "A subsidy towards wages on hiring (MIDLONTIL). Sources disagree on the maximum (1-2 or "
        "3 years), so none is enforced."), sources.TILTAK),
    _measure("VARIG_TILRETTELAGT_ARBEID", "Varig tilrettelagt arbeid",
             "Permanent adapted work (VTA)", (
        "Arbeid i skjermet virksomhet for den som har eller snart får uføretrygd (VASV); uten "
        "tidsgrense.",
        "Work in a sheltered enterprise for someone who has, or soon will have, disability "
        "benefit (VASV); no time limit."), sources.TILTAK),
)  # fmt: skip

TILTAKSPENGER_MEASURES = frozenset({ARR, "AVKLARING", "ARBEIDSTRENING", "OPPFOLGING"})
"""Measures whose participants tiltakspengeforskriften § 2 names (of those listed here)."""

ASSESSMENT_KINDS: tuple[AssessmentKindInfo, ...] = (
    AssessmentKindInfo(SICK_NOTE_KIND, texts("Sykmelding (medisinsk vurdering)",
                                             "Sick note (medical assessment)")),
    AssessmentKindInfo("ARBEIDSEVNEVURDERING", texts("Arbeidsevnevurdering",
                                                     "Work capacity assessment")),
    AssessmentKindInfo("LEGEERKLAERING", texts("Legeerklæring", "Medical statement")),
)  # fmt: skip

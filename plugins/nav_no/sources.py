"""The legal references every rule, milestone and reference type of the plugin cites.

One constant per provision, so a rule's `legal_reference` is never typed ad hoc
and a reader sees at a glance which law backs what. Where a rule follows NAV's
published rule engines rather than the wording of a statute, the reference
names both (the statute and the open-source rule that applies it).

Abbreviations: ftrl = folketrygdloven (the National Insurance Act, LOV-1997-02-28-19);
aml = arbeidsmiljøloven (the Working Environment Act, LOV-2005-06-17-62).
"""

from __future__ import annotations

__all__ = [
    "AML_4_6",
    "AML_4_6_DIALOGUE",
    "AML_4_6_PLAN",
    "BRREG_ORGNR",
    "FNR",
    "FNR_2032",
    "FTRL_8_3",
    "FTRL_8_4",
    "FTRL_8_5",
    "FTRL_8_7",
    "FTRL_8_7A",
    "FTRL_8_7_BACKDATING",
    "FTRL_8_8",
    "FTRL_8_11",
    "FTRL_8_12",
    "FTRL_8_13",
    "FTRL_8_19",
    "FTRL_11_5",
    "FTRL_11_12",
    "FTRL_11_23",
    "NAV_SICK_NOTE_RULES",
    "RECORD",
    "TILTAK",
    "TILTAKSPENGER",
    "TILTAK_ARR",
    "YOUNG_2005",
]

# --------------------------------------------------------------------------- sykepenger (ftrl ch. 8)

FTRL_8_3 = "ftrl § 8-3 første ledd (aldersgrenser: ingen sykepenger fra 70 år, 60 dager fra 67 år)"
FTRL_8_4 = "ftrl § 8-4 (arbeidsuførhet på grunn av sykdom eller skade)"
FTRL_8_5 = (
    "ftrl § 8-5 (friskmelding til arbeidsformidling: sykepenger i inntil 12 uker for den som er "
    "arbeidsfør, men ikke i det arbeidet arbeidsforholdet gjaldt)"
)
FTRL_8_7 = "ftrl § 8-7 (dokumentasjon av arbeidsuførhet: sykmelding)"
FTRL_8_7_BACKDATING = (
    "ftrl § 8-7 annet ledd (sykmelding for tiden før legeundersøkelsen: tilbakedatering); "
    "NAV's backdating rules (navikt/regulus-regula, tilbakedatering)"
)
FTRL_8_7A = "ftrl § 8-7 a (oppfølging i regi av Arbeids- og velferdsetaten: dialogmøte 2 og 3)"
FTRL_8_8 = "ftrl § 8-8 (aktivitetsplikt: arbeidsrelatert aktivitet senest innen 8 uker)"
FTRL_8_11 = "ftrl § 8-11 (sykepenger ytes for fem dager per uke)"
FTRL_8_12 = (
    "ftrl § 8-12 (maksimal sykepengeperiode: 248 sykepengedager innenfor tre år; ny rett etter "
    "26 uker arbeidsfør)"
)
FTRL_8_13 = "ftrl § 8-13 (graderte sykepenger: minst 20 prosent redusert arbeidsevne)"
FTRL_8_19 = "ftrl § 8-19 (arbeidsgiverperioden: arbeidsgiveren betaler de første 16 kalenderdagene)"

NAV_SICK_NOTE_RULES = (
    "ftrl § 8-7; NAV's sick-note rules (navikt/regulus-regula, PeriodeRules and "
    "the dates, patient-age and practitioner rule trees)"
)

# --------------------------------------------------------------------------- arbeidsavklaringspenger (ftrl ch. 11)

FTRL_11_5 = "ftrl § 11-5 (arbeidsevnen nedsatt med minst halvparten)"
FTRL_11_12 = "ftrl § 11-12 (varighet: inntil tre år, forlengelse med inntil to år)"
FTRL_11_23 = "ftrl § 11-23 (reduksjon ved samtidig arbeid: inntil 60 %, 80 % ved opptrapping)"

# --------------------------------------------------------------------------- the employer's follow-up

AML_4_6 = "aml § 4-6 (arbeidsgivers oppfølging av sykmeldte arbeidstakere)"
AML_4_6_PLAN = "aml § 4-6 (oppfølgingsplan senest innen 4 uker, sendes sykmelder)"
AML_4_6_DIALOGUE = "aml § 4-6 (dialogmøte 1 senest innen 7 uker)"

# --------------------------------------------------------------------------- measures

TILTAK = "tiltaksforskriften (forskrift om arbeidsmarkedstiltak, FOR-2015-12-11-1598)"
TILTAK_ARR = "tiltaksforskriften kap. 12 (arbeidsrettet rehabilitering)"
TILTAKSPENGER = (
    "tiltakspengeforskriften (FOR-2013-11-04-1286) § 2, hjemmel arbeidsmarkedsloven § 13"
)

# --------------------------------------------------------------------------- identifiers

FNR = "Folkeregisteret: fødselsnummer og D-nummer, kontrollsiffer modulus 11"
FNR_2032 = "Skatteetaten: nytt fødselsnummer fra 2032 (k1 med rest 0-3, uten kjønn og århundre)"
BRREG_ORGNR = (
    "Brønnøysundregistrene: organisasjonsnummer, 9 siffer, modulus 11 (vekter 3,2,7,6,5,4,3,2)"
)

# --------------------------------------------------------------------------- no external source

YOUNG_2005 = (
    "Young et al. (2005), A Developmental Conceptualization of Return to Work, J Occup Rehabil "
    "15(4): fasene borte fra arbeid, tilbake i arbeid, fastholdelse og videre utvikling"
)

RECORD = "Ingen lovhjemmel: et internt krav til en lesbar saksmappe (nav_no-tillegget)"

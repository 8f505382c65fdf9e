"""The shape of an FK 7804 certificate ("Läkarintyg för sjukpenning") in assessment details.

The certificate's fields live under `details.fk7804`, named as in Inera's
certificate model (sklintyg, module lisjp), so that a certificate from a
journal system maps field by field. The FK question numbers are noted. Three
parts of the form are the assessment's own core fields instead of copies:
the diagnoses (Q6: `diagnoses`), the impairment (Q35: `functionalLimitations`)
and the activity limitation (Q17: `activityLimitations`).

This module checks the shape only (types, dates, code values, the 150
characters of the early-start reason); the form's rules (R26: at least one
period, no overlaps, each degree once, the working-time question, the
prognosis days, the measures, ...) are in `fk7804_rules`, which also sees the
assessment's kind, date and core fields.
"""

from __future__ import annotations

from enum import StrEnum

from vocrehab_fk_se import values as v

__all__ = [
    "EARLY_START_REASON_MAX",
    "FK7804_KEY",
    "Measure",
    "Occupation",
    "PrognosisType",
    "read_fk7804",
]

FK7804_KEY = "fk7804"
EARLY_START_REASON_MAX = 150
"""Q32: the reason for a period starting a week or more before the certificate, at most
150 characters."""
_TEXT = v.text(4000)  # a storage cap, not a rule of the form
_LIST = 20  # lists may be longer than the form allows, so that its rules can say so


class Occupation(StrEnum):
    """Q28 sysselsättning."""

    NUVARANDE_ARBETE = "NUVARANDE_ARBETE"
    ARBETSSOKANDE = "ARBETSSOKANDE"
    FORALDRALEDIG = "FORALDRALEDIG"
    STUDIER = "STUDIER"


class PrognosisType(StrEnum):
    """Q39 prognos."""

    STOR_SANNOLIKHET = "STOR_SANNOLIKHET"
    ATER_X_ANTAL_DGR = "ATER_X_ANTAL_DGR"
    SANNOLIKT_INTE = "SANNOLIKT_INTE"
    PROGNOS_OKLAR = "PROGNOS_OKLAR"


class Measure(StrEnum):
    """Q40 arbetslivsinriktade åtgärder."""

    EJ_AKTUELLT = "EJ_AKTUELLT"
    ARBETSTRANING = "ARBETSTRANING"
    ARBETSANPASSNING = "ARBETSANPASSNING"
    SOKA_NYTT_ARBETE = "SOKA_NYTT_ARBETE"
    BESOK_ARBETSPLATS = "BESOK_ARBETSPLATS"
    ERGONOMISK = "ERGONOMISK"
    HJALPMEDEL = "HJALPMEDEL"
    KONFLIKTHANTERING = "KONFLIKTHANTERING"
    KONTAKT_FHV = "KONTAKT_FHV"
    OMFORDELNING = "OMFORDELNING"
    OVRIGA_ATGARDER = "OVRIGA_ATGARDER"


_BASIS = v.record({  # Q1 grund för medicinskt underlag
    "undersokningAvPatienten": v.iso_date,
    "telefonkontaktMedPatienten": v.iso_date,
    "journaluppgifter": v.iso_date,
    "annatGrundForMU": v.iso_date,
    "annatGrundForMUBeskrivning": _TEXT,
    "motiveringTillInteBaseratPaUndersokning": _TEXT,
})  # fmt: skip

_PERIOD = v.record(  # Q32 behov av sjukskrivning
    {"grad": v.whole_number(0, 100), "from": v.iso_date, "tom": v.iso_date},
    required=("grad", "from", "tom"),
)

_PROGNOSIS = v.record(  # Q39
    {"typ": v.choice(PrognosisType), "dagarTillArbete": v.whole_number(0, 36500)},
    required=("typ",),
)

read_fk7804 = v.record({
    "avstangningSmittskydd": v.boolean,  # Q27
    "grundForMU": _BASIS,  # Q1
    "sysselsattning": v.list_of(v.choice(Occupation), _LIST),  # Q28
    "nuvarandeArbete": _TEXT,  # Q29
    "pagaendeBehandling": _TEXT,  # Q19
    "planeradBehandling": _TEXT,  # Q20
    "sjukskrivningar": v.list_of(_PERIOD, _LIST),  # Q32
    "motiveringTillTidigtStartdatumForSjukskrivning": v.text(EARLY_START_REASON_MAX),
    "forsakringsmedicinsktBeslutsstod": _TEXT,  # Q37
    "arbetstidsforlaggning": v.boolean,  # Q33
    "arbetstidsforlaggningMotivering": _TEXT,
    "arbetsresor": v.boolean,  # Q34
    "prognos": _PROGNOSIS,  # Q39
    "arbetslivsinriktadeAtgarder": v.list_of(v.choice(Measure), _LIST),  # Q40
    "arbetslivsinriktadeAtgarderBeskrivning": _TEXT,  # Q44
    "ovrigt": _TEXT,  # Q25
    "kontaktMedFk": v.boolean,  # Q26
    "anledningTillKontakt": _TEXT,
})  # fmt: skip
"""Reads the `fk7804` object: the normalized certificate, or `values.Invalid`."""

"""The rules of the FK 7804 certificate (R26), checked when an assessment is recorded.

`evaluate(RecordAssessment)` sees what `validate_details` does not: the
assessment's kind, its date (the certificate's date) and its core fields. An
assessment of kind se.FK7804 must carry its fields in `details.fk7804`, and
they are then checked question by question, as Försäkringskassan's form does
(Inera sklintyg, lisjp: InternalDraftValidatorImpl, ValidatorUtilFK); the
diagnoses (Q6) and the periods with the working time (Q32, Q33) have modules
of their own. When the
person is excluded from work under the Communicable Diseases Act (Q27
avstangningSmittskydd), the form waives the basis, occupation, consequences,
prognosis and measures, as here.

Dates are checked against the certificate's date rather than today: plugins
have no clock, and a certificate's basis cannot be later than the certificate.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vocrehab.hooks import AssessmentFacts, Violation
from vocrehab_fk_se import values as v
from vocrehab_fk_se.fk7804_diagnoses import check_diagnoses
from vocrehab_fk_se.fk7804_form import FK7804_KEY, Measure, Occupation, PrognosisType, read_fk7804
from vocrehab_fk_se.fk7804_periods import check_periods, check_working_time
from vocrehab_fk_se.reference import FK7804_KIND
from vocrehab_fk_se.rules import violation

__all__ = ["MAX_MEASURES", "MAX_OCCUPATIONS", "PROGNOSIS_DAYS", "check_certificate"]

MAX_OCCUPATIONS = 4
MAX_MEASURES = 10
PROGNOSIS_DAYS = (30, 60, 90, 180, 365)
_BASIS_DATES = (
    "undersokningAvPatienten",
    "telefonkontaktMedPatienten",
    "journaluppgifter",
    "annatGrundForMU",
)
_AT = ("details", FK7804_KEY)


def check_certificate(assessment: AssessmentFacts) -> list[Violation]:
    """Every certificate rule for an assessment about to be recorded."""
    raw = assessment.details.get(FK7804_KEY)
    if assessment.kind != FK7804_KIND:
        if raw is None:
            return []
        return [
            violation(
                "FK7804_FORM", f"Only an FK 7804 (kind {FK7804_KIND}) carries details.fk7804", _AT
            )
        ]
    if raw is None:
        return [
            violation(
                "FK7804_FORM", "An FK 7804 carries its fields in details.fk7804", ("details",)
            )
        ]
    try:
        cert: dict[str, Any] = read_fk7804(raw)
    except v.Invalid as exc:
        return [
            violation(
                "FK7804_FORM", f"fk7804.{'.'.join(exc.path)} {exc.message}", (*_AT, *exc.path)
            )
        ]
    waived = cert.get("avstangningSmittskydd") is True
    found = [*_basis(cert, assessment.assessed_at, waived), *check_diagnoses(assessment.diagnoses)]
    found += check_periods(cert) + check_working_time(cert, waived) + _contact(cert)
    if not waived:
        found += _occupation(cert) + _consequences(assessment) + _prognosis(cert) + _measures(cert)
    return found


def _filled(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _basis(cert: dict[str, Any], issued: date, waived: bool) -> list[Violation]:
    basis = cert.get("grundForMU") or {}
    at = (*_AT, "grundForMU")
    dates = {key: basis[key] for key in _BASIS_DATES if key in basis}
    found = [
        violation(
            "FK7804_BASIS", f"{key} ({day}) is after the certificate's date ({issued})", (*at, key)
        )
        for key, day in dates.items()
        if date.fromisoformat(day) > issued
    ]
    if not dates and not waived:
        found.append(violation("FK7804_BASIS", "Give at least one basis for the certificate", at))
    described = _filled(basis.get("annatGrundForMUBeskrivning"))
    if "annatGrundForMU" in basis and not described:
        found.append(
            violation(
                "FK7804_BASIS", "Describe the other basis", (*at, "annatGrundForMUBeskrivning")
            )
        )
    if described and "annatGrundForMU" not in basis:
        found.append(
            violation(
                "FK7804_BASIS",
                "A description needs the date of the other basis",
                (*at, "annatGrundForMU"),
            )
        )
    return found


def _occupation(cert: dict[str, Any]) -> list[Violation]:
    jobs = cert.get("sysselsattning") or []
    at = (*_AT, "sysselsattning")
    found = []
    if not jobs:
        found.append(
            violation("FK7804_OCCUPATION", "Give the occupation (at least one choice)", at)
        )
    if len(jobs) > MAX_OCCUPATIONS:
        found.append(
            violation(
                "FK7804_OCCUPATION", f"At most {MAX_OCCUPATIONS} occupations, got {len(jobs)}", at
            )
        )
    if len(set(jobs)) != len(jobs):
        found.append(violation("FK7804_OCCUPATION", "Each occupation is chosen once", at))
    current, described = Occupation.NUVARANDE_ARBETE in jobs, _filled(cert.get("nuvarandeArbete"))
    if current != described:
        message = (
            "Describe the current job"
            if current
            else "The current job is described only with NUVARANDE_ARBETE"
        )
        found.append(violation("FK7804_OCCUPATION", message, (*_AT, "nuvarandeArbete")))
    return found


def _consequences(assessment: AssessmentFacts) -> list[Violation]:
    missing = [
        (field, what)
        for field, what, value in (
            ("functionalLimitations", "impairment (Q35)", assessment.functional_limitations),
            ("activityLimitations", "activity limitation (Q17)", assessment.activity_limitations),
        )
        if not _filled(value)
    ]
    return [
        violation("FK7804_CONSEQUENCES", f"Describe the {what}", (field,))
        for field, what in missing
    ]


def _prognosis(cert: dict[str, Any]) -> list[Violation]:
    prognosis = cert.get("prognos")
    at = (*_AT, "prognos")
    if prognosis is None:
        return [violation("FK7804_PROGNOSIS", "Give a prognosis", at)]
    counted = prognosis["typ"] == PrognosisType.ATER_X_ANTAL_DGR
    days = prognosis.get("dagarTillArbete")
    if counted and days not in PROGNOSIS_DAYS:
        allowed = ", ".join(map(str, PROGNOSIS_DAYS))
        return [
            violation(
                "FK7804_PROGNOSIS",
                f"ATER_X_ANTAL_DGR needs the days: {allowed}",
                (*at, "dagarTillArbete"),
            )
        ]
    if not counted and days is not None:
        return [
            violation(
                "FK7804_PROGNOSIS",
                "Only ATER_X_ANTAL_DGR has a number of days",
                (*at, "dagarTillArbete"),
            )
        ]
    return []


def _measures(cert: dict[str, Any]) -> list[Violation]:
    measures = cert.get("arbetslivsinriktadeAtgarder") or []
    at = (*_AT, "arbetslivsinriktadeAtgarder")
    if not measures:
        return [
            violation(
                "FK7804_MEASURES", "Give at least one work-oriented measure (or EJ_AKTUELLT)", at
            )
        ]
    found = []
    if len(measures) > MAX_MEASURES:
        found.append(
            violation(
                "FK7804_MEASURES", f"At most {MAX_MEASURES} measures, got {len(measures)}", at
            )
        )
    if len(set(measures)) != len(measures):
        found.append(violation("FK7804_MEASURES", "Each measure is chosen once", at))
    if Measure.EJ_AKTUELLT in measures and len(measures) > 1:
        found.append(
            violation("FK7804_MEASURES", "EJ_AKTUELLT is not combined with other measures", at)
        )
    if Measure.EJ_AKTUELLT in measures and _filled(
        cert.get("arbetslivsinriktadeAtgarderBeskrivning")
    ):
        found.append(
            violation(
                "FK7804_MEASURES",
                "With EJ_AKTUELLT the measures are not described",
                (*_AT, "arbetslivsinriktadeAtgarderBeskrivning"),
            )
        )
    return found


def _contact(cert: dict[str, Any]) -> list[Violation]:
    if cert.get("kontaktMedFk") is False and _filled(cert.get("anledningTillKontakt")):
        return [
            violation(
                "FK7804_CONTACT",
                "A reason for contact is given only when contact is wanted",
                (*_AT, "anledningTillKontakt"),
            )
        ]
    return []

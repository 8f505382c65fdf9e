"""The FK 7804 certificate (R26), field by field, just inside and just outside each rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from fk_cases import SE, START, assessment, case, certificate, codes

from vocrehab.hooks import AssessmentFacts, DiagnosisFacts, RecordAssessment

D = START.isoformat()


def found(cert: AssessmentFacts) -> list[str]:
    return codes(SE.evaluate(RecordAssessment(cert), case()))


def period(grade: int, start: date = START, days: int = 14) -> dict[str, Any]:
    return {
        "grad": grade,
        "from": start.isoformat(),
        "tom": (start + timedelta(days=days - 1)).isoformat(),
    }


def test_a_complete_certificate_passes() -> None:
    assert found(certificate()) == []


def test_the_fields_live_in_details_fk7804() -> None:
    assert found(replace(certificate(), details={})) == ["FK7804_FORM"]
    other = assessment("se.AFU", START, details={"fk7804": {}})
    assert found(other) == ["FK7804_FORM"]
    assert found(replace(certificate(), details={"fk7804": {"grad": 1}})) == ["FK7804_FORM"]


def test_the_evaluated_field_path_points_into_the_certificate() -> None:
    [problem] = SE.evaluate(
        RecordAssessment(certificate(prognos={"typ": "ATER_X_ANTAL_DGR"})), case()
    )
    assert problem.field == ("details", "fk7804", "prognos", "dagarTillArbete")
    assert problem.legal_reference and "FK 7804" in problem.legal_reference


# --------------------------------------------------------------------------- Q1 basis


def test_at_least_one_basis_unless_excluded_for_infection() -> None:
    assert found(certificate(grundForMU={})) == ["FK7804_BASIS"]
    assert found(certificate(grundForMU={"journaluppgifter": D})) == []
    excluded = certificate(grundForMU={}, avstangningSmittskydd=True)
    assert found(excluded) == []


@pytest.mark.parametrize(("offset", "ok"), [(0, True), (1, False)])
def test_a_basis_is_not_dated_after_the_certificate(offset: int, ok: bool) -> None:
    later = (START + timedelta(days=offset)).isoformat()
    assert found(certificate(grundForMU={"telefonkontaktMedPatienten": later})) == (
        [] if ok else ["FK7804_BASIS"]
    )


def test_other_basis_and_its_description_go_together() -> None:
    assert (
        found(
            certificate(
                grundForMU={
                    "annatGrundForMU": D,
                    "annatGrundForMUBeskrivning": "Intyg från fysioterapeut",
                }
            )
        )
        == []
    )
    assert found(
        certificate(grundForMU={"annatGrundForMU": D, "annatGrundForMUBeskrivning": "  "})
    ) == ["FK7804_BASIS"]
    assert found(
        certificate(grundForMU={"journaluppgifter": D, "annatGrundForMUBeskrivning": "text"})
    ) == ["FK7804_BASIS"]


# --------------------------------------------------------------------------- Q28-29 occupation


@pytest.mark.parametrize(
    ("jobs", "ok"),
    [
        ([], False),
        (["NUVARANDE_ARBETE"], True),
        (["NUVARANDE_ARBETE", "ARBETSSOKANDE", "FORALDRALEDIG", "STUDIER"], True),
        (["NUVARANDE_ARBETE", "ARBETSSOKANDE", "FORALDRALEDIG", "STUDIER", "STUDIER"], False),
        (["NUVARANDE_ARBETE", "NUVARANDE_ARBETE"], False),
    ],
)
def test_one_to_four_different_occupations(jobs: list[str], ok: bool) -> None:
    assert ("FK7804_OCCUPATION" not in found(certificate(sysselsattning=jobs))) is ok


def test_the_current_job_is_described_iff_chosen() -> None:
    assert found(certificate(nuvarandeArbete=None)) == ["FK7804_OCCUPATION"]
    assert found(certificate(sysselsattning=["STUDIER"])) == ["FK7804_OCCUPATION"]
    assert found(certificate(sysselsattning=["STUDIER"], nuvarandeArbete=None)) == []


# --------------------------------------------------------------------------- Q6 diagnoses


def with_diagnoses(*pairs: tuple[str, str]) -> AssessmentFacts:
    return replace(certificate(), diagnoses=tuple(DiagnosisFacts(s, c) for s, c in pairs))


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("M54", True),  # 3 characters
        ("M545", True),
        ("M5450", True),  # 5 characters
        ("M54501", False),  # 6
        ("M5", False),  # 2
        ("F32", False),  # F codes need 4
        ("F321", True),
        ("F32.1", True),  # a dot is not a character of the code
        ("Z73", False),  # Z73 needs 4
        ("Z730", True),
        ("Z72", True),  # other Z codes: 3 is enough
        ("32F", False),
    ],
)
def test_diagnosis_code_length(code: str, ok: bool) -> None:
    assert found(with_diagnoses(("ICD-10-SE", code))) == ([] if ok else ["FK7804_DIAGNOSIS"])


def test_one_to_three_diagnoses() -> None:
    assert found(with_diagnoses()) == ["FK7804_DIAGNOSIS"]
    three = [("ICD-10-SE", c) for c in ("F321", "M545", "G439")]
    assert found(with_diagnoses(*three)) == []
    assert found(with_diagnoses(*three, ("ICD-10-SE", "J45"))) == ["FK7804_DIAGNOSIS"]


def test_all_diagnoses_use_the_main_code_system() -> None:
    assert found(with_diagnoses(("1.2.752.116.1.1.1.1.3", "F321"), ("icd-10-se", "M545"))) == []
    assert found(with_diagnoses(("KSH97-P", "F321"))) == []
    assert found(with_diagnoses(("ICD-10-SE", "F321"), ("KSH97-P", "M545"))) == ["FK7804_DIAGNOSIS"]
    assert found(with_diagnoses(("ICPC-2", "P76"))) == ["FK7804_DIAGNOSIS"]


# --------------------------------------------------------------------------- Q35, Q17


def test_impairment_and_activity_limitation_are_required() -> None:
    assert found(replace(certificate(), functional_limitations=" ")) == ["FK7804_CONSEQUENCES"]
    assert found(replace(certificate(), activity_limitations=None)) == ["FK7804_CONSEQUENCES"]
    excluded = replace(certificate(avstangningSmittskydd=True), functional_limitations=None)
    assert found(excluded) == []


# --------------------------------------------------------------------------- Q32 periods


def test_at_least_one_period() -> None:
    assert found(certificate(sjukskrivningar=[])) == ["FK7804_PERIODS"]


@pytest.mark.parametrize(
    ("grade", "ok"), [(25, True), (50, True), (75, True), (100, True), (60, False), (0, False)]
)
def test_a_period_grade_is_a_quarter(grade: int, ok: bool) -> None:
    codes_found = found(certificate(sjukskrivningar=[period(grade)], arbetstidsforlaggning=False))
    assert ("FK_DEGREE" not in codes_found) is ok


def test_periods_end_after_they_start_and_do_not_overlap() -> None:
    backwards = {"grad": 100, "from": D, "tom": (START - timedelta(days=1)).isoformat()}
    assert found(certificate(sjukskrivningar=[backwards])) == ["FK7804_PERIODS"]
    one_day = {"grad": 100, "from": D, "tom": D}
    assert found(certificate(sjukskrivningar=[one_day])) == []
    touching = [period(100, START, 14), period(50, START + timedelta(days=14))]
    assert found(certificate(sjukskrivningar=touching, arbetstidsforlaggning=False)) == []
    overlapping = [period(100, START, 14), period(50, START + timedelta(days=13))]
    assert found(certificate(sjukskrivningar=overlapping, arbetstidsforlaggning=False)) == [
        "FK7804_PERIODS"
    ]


def test_each_grade_is_used_once() -> None:
    twice = [period(50, START, 7), period(50, START + timedelta(days=7))]
    assert found(certificate(sjukskrivningar=twice, arbetstidsforlaggning=False)) == [
        "FK7804_PERIODS"
    ]


# --------------------------------------------------------------------------- Q33 working time


def test_working_time_is_answered_for_partial_periods() -> None:
    partial = [period(75)]
    assert found(certificate(sjukskrivningar=partial)) == ["FK7804_WORKING_TIME"]
    assert found(certificate(sjukskrivningar=partial, arbetstidsforlaggning=False)) == []
    assert found(certificate(sjukskrivningar=partial, arbetstidsforlaggning=True)) == [
        "FK7804_WORKING_TIME"
    ]
    assert (
        found(
            certificate(
                sjukskrivningar=partial,
                arbetstidsforlaggning=True,
                arbetstidsforlaggningMotivering="Förmiddagar",
            )
        )
        == []
    )
    assert found(
        certificate(
            sjukskrivningar=partial,
            arbetstidsforlaggning=False,
            arbetstidsforlaggningMotivering="x",
        )
    ) == ["FK7804_WORKING_TIME"]


def test_working_time_is_not_answered_for_full_time_periods_only() -> None:
    assert found(certificate(arbetstidsforlaggning=False)) == ["FK7804_WORKING_TIME"]
    assert found(certificate(arbetstidsforlaggningMotivering="x")) == ["FK7804_WORKING_TIME"]
    mixed = [period(100, START, 7), period(50, START + timedelta(days=7))]
    assert found(certificate(sjukskrivningar=mixed, arbetstidsforlaggning=False)) == []


# --------------------------------------------------------------------------- Q39 prognosis


@pytest.mark.parametrize(
    ("days", "ok"),
    [(30, True), (60, True), (90, True), (180, True), (365, True), (31, False), (None, False)],
)
def test_return_in_a_number_of_days_needs_one_of_the_form_values(
    days: int | None, ok: bool
) -> None:
    prognosis: dict[str, Any] = {"typ": "ATER_X_ANTAL_DGR"}
    if days is not None:
        prognosis["dagarTillArbete"] = days
    assert found(certificate(prognos=prognosis)) == ([] if ok else ["FK7804_PROGNOSIS"])


def test_other_prognoses_have_no_days_and_one_is_required() -> None:
    assert found(certificate(prognos={"typ": "PROGNOS_OKLAR", "dagarTillArbete": 30})) == [
        "FK7804_PROGNOSIS"
    ]
    assert found(certificate(prognos=None)) == ["FK7804_PROGNOSIS"]


# --------------------------------------------------------------------------- Q40, Q44 measures


def test_measures() -> None:
    assert found(certificate(arbetslivsinriktadeAtgarder=[])) == ["FK7804_MEASURES"]
    assert found(certificate(arbetslivsinriktadeAtgarder=["EJ_AKTUELLT"])) == []
    assert found(certificate(arbetslivsinriktadeAtgarder=["EJ_AKTUELLT", "ARBETSTRANING"])) == [
        "FK7804_MEASURES"
    ]
    assert found(
        certificate(
            arbetslivsinriktadeAtgarder=["EJ_AKTUELLT"], arbetslivsinriktadeAtgarderBeskrivning="x"
        )
    ) == ["FK7804_MEASURES"]
    assert found(certificate(arbetslivsinriktadeAtgarder=["ARBETSTRANING", "ARBETSTRANING"])) == [
        "FK7804_MEASURES"
    ]


@pytest.mark.parametrize(("count", "ok"), [(10, True), (11, False)])
def test_at_most_ten_measures(count: int, ok: bool) -> None:
    every = ["ARBETSTRANING", "ARBETSANPASSNING", "SOKA_NYTT_ARBETE", "BESOK_ARBETSPLATS", "ERGONOMISK",
             "HJALPMEDEL", "KONFLIKTHANTERING", "KONTAKT_FHV", "OMFORDELNING", "OVRIGA_ATGARDER", "ARBETSTRANING"]  # fmt: skip
    assert found(certificate(arbetslivsinriktadeAtgarder=every[:count])) == (
        [] if ok else ["FK7804_MEASURES", "FK7804_MEASURES"]
    )


# --------------------------------------------------------------------------- Q26 contact


def test_a_reason_for_contact_only_when_contact_is_wanted() -> None:
    assert (
        found(certificate(kontaktMedFk=True, anledningTillKontakt="Vill diskutera arbetsträning"))
        == []
    )
    assert found(certificate(kontaktMedFk=False, anledningTillKontakt="x")) == ["FK7804_CONTACT"]

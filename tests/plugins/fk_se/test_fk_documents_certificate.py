"""The FK 7804 certificate data as a document: PDF, JSON and XML, with and without the
medical data, and for a case without a certificate."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import Any

import jsonschema
import pytest
from fk_cases import SE, certificate, day
from test_fk_documents import (
    CERTIFICATE,
    DIAGNOSIS_TEXTS,
    JSON,
    PDF,
    XML,
    R,
    pdf_text,
    render,
    rich_case,
    snapshot,
    valid,
)

from vocrehab.hooks import CaseFacts, DataCategory, DiagnosisFacts
from vocrehab_fk_se.fk7804_xml import NAMESPACE

NS = {"fk": NAMESPACE}
FORM_ORDER = [
    "Q27", "Q1", "Q28", "Q29", "Q6", "Q35", "Q17", "Q19", "Q20", "Q32",
    "Q37", "Q33", "Q34", "Q39", "Q40", "Q44", "Q25", "Q26",
]  # fmt: skip
"""The questions of FK 7804 in the form's order (Inera sklintyg, lisjp)."""


def every_answer() -> dict[str, Any]:
    """A certificate with every field of `details.fk7804` answered (not a valid combination:
    this is about what the document carries, not about the form's rules)."""
    on = day(3).isoformat()
    return {
        "avstangningSmittskydd": False,
        "grundForMU": {"undersokningAvPatienten": on, "telefonkontaktMedPatienten": on,
                       "journaluppgifter": on, "annatGrundForMU": on,
                       "annatGrundForMUBeskrivning": "Intyg från fysioterapeut",
                       "motiveringTillInteBaseratPaUndersokning": "Telefonkontakt räckte"},
        "sysselsattning": ["NUVARANDE_ARBETE", "STUDIER"],
        "nuvarandeArbete": "Lagerarbetare, truckkörning",
        "pagaendeBehandling": "KBT varannan vecka",
        "planeradBehandling": "Fortsatt KBT",
        "sjukskrivningar": [{"grad": 50, "from": day(61).isoformat(), "tom": day(120).isoformat()},
                            {"grad": 100, "from": day(1).isoformat(), "tom": day(60).isoformat()}],
        "motiveringTillTidigtStartdatumForSjukskrivning": "Sökte vård först dag 3",
        "forsakringsmedicinsktBeslutsstod": "Följer beslutsstödet för depression",
        "arbetstidsforlaggning": True,
        "arbetstidsforlaggningMotivering": "Förmiddagar fungerar bäst",
        "arbetsresor": False,
        "prognos": {"typ": "ATER_X_ANTAL_DGR", "dagarTillArbete": 90},
        "arbetslivsinriktadeAtgarder": ["ARBETSANPASSNING", "KONTAKT_FHV"],
        "arbetslivsinriktadeAtgarderBeskrivning": "Gradvis ökad arbetstid",
        "ovrigt": "Inget övrigt",
        "kontaktMedFk": True,
        "anledningTillKontakt": "Önskar avstämningsmöte",
    }  # fmt: skip


def full_case() -> CaseFacts:
    cert = certificate(day(3), **every_answer())
    second = DiagnosisFacts("ICD-10-SE", "Z733", "Stress som ej klassificeras annorstädes")
    return replace(rich_case(), assessments=(replace(cert, diagnoses=(*cert.diagnoses, second)),))


def parsed(content: bytes) -> ET.Element:
    assert content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(content)


# --------------------------------------------------------------------------- with MEDICAL


def test_the_certificate_pdf_in_swedish() -> None:
    rendered = SE.render_document(snapshot(full_case(), CERTIFICATE, PDF))
    assert rendered.filename == "SE-2026-000001-fk7804-lakarintyg.pdf"
    text = pdf_text(rendered.content)
    for expected in (
        "Läkarintyg för sjukpenning (FK 7804)", "Åsa Öberg-Ström", "198506152391", "SE-2026-000001",
        "Intygsdatum 2026-01-03", "Medicinska uppgifter Ingår",
        "Intyget är baserat på (fråga 1)", "Min undersökning av patienten 2026-01-03",
        "Sysselsättning (fråga 28) Nuvarande arbete, Studier",
        "F321 ICD-10-SE Medelsvår depressiv episod", "Z733",
        "Funktionsnedsättning (fråga 35) Nedsatt koncentration och uthållighet",
        "Sjukskrivningsperioder (fråga 32)", "Helt nedsatt (100 %) 2026-01-01 2026-03-01",
        "Nedsatt med hälften (50 %) 2026-03-02 2026-04-30",
        "Arbetstidsförläggning (fråga 33) Ja", "Motivering Förmiddagar fungerar bäst",
        "Patienten kan återgå helt i sin sysselsättning inom 90 dagar",
        "Arbetsanpassning, Kontakt med företagshälsovård", "Anledning till kontakt Önskar avstämningsmöte",
        "Läkarintyg från dag 8", "Uppfylld 2026-01-03", "Rehabiliteringskedjan dag 365",
        "Lag (1991:1047) om sjuklön 8 §", "Skapad 2026-03-02 09:15 UTC",
    ):  # fmt: skip
        assert expected in text, expected
    assert "Plan för återgång i arbete" not in text  # not a deadline of the certificate


def test_the_certificate_pdf_in_english() -> None:
    text = pdf_text(render(snapshot(full_case(), CERTIFICATE, PDF, "en")))
    for expected in (
        "Medical certificate for sickness benefit (FK 7804)", "Medical data Included",
        "Occupation (question 28) Current job, Studies", "Reduced by half (50 %)",
        "Placement of working time (question 33) Yes", "Medical certificate from day 8",
        "Met 2026-01-03", "Åsa Öberg-Ström",
    ):  # fmt: skip
        assert expected in text, expected


def test_the_certificate_json_carries_every_answer() -> None:
    data = valid(render(snapshot(full_case(), CERTIFICATE, JSON)), CERTIFICATE)
    assert data["medicalData"] == "INCLUDED" and data["withheld"] == []
    assert data["participant"]["nationalId"] == "198506152391"
    certificate_ = data["certificate"]
    assert certificate_["issuedOn"] == "2026-01-03"
    answers = certificate_["answers"]
    assert [k for k, value in answers.items() if value in (None, [])] == []
    assert {k: answers[k] for k in every_answer()} == every_answer()
    assert answers["diagnoser"][0] == {
        "kod": "F321", "kodsystem": "ICD-10-SE", "beskrivning": "Medelsvår depressiv episod",
    }  # fmt: skip
    assert answers["aktivitetsbegransning"] == "Klarar inte heltid med nuvarande arbetsuppgifter"
    codes = [d["code"] for d in data["deadlines"]]
    assert codes == [
        "MEDICAL_CERTIFICATE", "SICKNESS_BENEFIT_FROM_DAY_15",
        "CHAIN_DAY_90", "CHAIN_DAY_180", "CHAIN_DAY_365",
    ]  # fmt: skip


def test_the_latest_certificate_is_the_one_shown() -> None:
    older, newer = certificate(day(3)), certificate(day(40), ovrigt="Förlängning")
    facts = replace(rich_case(), assessments=(newer, older))
    data = valid(render(snapshot(facts, CERTIFICATE, JSON)), CERTIFICATE)
    assert data["certificate"]["issuedOn"] == day(40).isoformat()
    assert data["certificate"]["answers"]["ovrigt"] == "Förlängning"


def test_the_certificate_xml_follows_the_form_question_by_question() -> None:
    root = parsed(render(snapshot(full_case(), CERTIFICATE, XML)))
    assert root.tag == f"{{{NAMESPACE}}}fk7804"
    assert root.attrib == {
        "version": "1", "sprak": "sv", "skapad": "2026-03-02T09:15:00+00:00",
        "medicinskaUppgifter": "INGAR",
    }  # fmt: skip
    assert root.find("fk:arende", NS).attrib["referens"] == "SE-2026-000001"  # type: ignore[union-attr]
    assert root.find("fk:patient", NS).attrib == {  # type: ignore[union-attr]
        "fornamn": "Åsa", "efternamn": "Öberg-Ström", "personnummer": "198506152391",
    }  # fmt: skip
    intyg = root.find("fk:intyg", NS)
    assert intyg is not None and intyg.attrib["status"] == "INGAR"
    assert intyg.attrib["datum"] == "2026-01-03"
    questions = {q.attrib["id"]: q for q in intyg.findall("fk:fraga", NS)}
    assert list(questions) == FORM_ORDER
    assert questions["Q32"].attrib["rubrik"] == "Sjukskrivningsperioder"
    periods = [p.attrib for p in questions["Q32"].findall("fk:sjukskrivning", NS)]
    assert periods == [
        {"grad": "100", "from": "2026-01-01", "tom": "2026-03-01"},
        {"grad": "50", "from": "2026-03-02", "tom": "2026-04-30"},
    ]
    [diagnosis, _] = questions["Q6"].findall("fk:diagnos", NS)
    assert diagnosis.attrib == {"kod": "F321", "kodsystem": "ICD-10-SE"}
    assert diagnosis.text == "Medelsvår depressiv episod"

    def answers(question: str) -> list[tuple[str, str | None]]:
        return [(s.attrib["falt"], s.text) for s in questions[question].findall("fk:svar", NS)]

    assert answers("Q39") == [
        ("prognos.typ", "ATER_X_ANTAL_DGR"),
        ("prognos.dagarTillArbete", "90"),
    ]
    assert answers("Q28") == [("sysselsattning", "NUVARANDE_ARBETE"), ("sysselsattning", "STUDIER")]
    assert answers("Q33") == [
        ("arbetstidsforlaggning", "true"),
        ("arbetstidsforlaggningMotivering", "Förmiddagar fungerar bäst"),
    ]
    assert answers("Q27") == [("avstangningSmittskydd", "false")]
    assert ("grundForMU.journaluppgifter", "2026-01-03") in answers("Q1")


def test_unanswered_questions_are_empty_and_titles_follow_the_language() -> None:
    root = parsed(render(snapshot(rich_case(), CERTIFICATE, XML, "en")))
    questions = {q.attrib["id"]: q for q in root.iterfind("fk:intyg/fk:fraga", NS)}
    assert list(questions) == FORM_ORDER
    assert list(questions["Q37"]) == [] and questions["Q37"].attrib["rubrik"] == (
        "Insurance-medicine decision support"
    )


def test_control_characters_in_free_text_keep_the_xml_well_formed() -> None:
    facts = replace(
        rich_case(), assessments=(certificate(day(3), ovrigt="Rad ett\x0bRad två\x00"),)
    )
    root = parsed(render(snapshot(facts, CERTIFICATE, XML)))
    [answer] = root.iterfind("fk:intyg/fk:fraga[@id='Q25']/fk:svar", NS)
    assert answer.text == "Rad ettRad två"


# --------------------------------------------------------------------------- without MEDICAL


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_without_medical_access_the_answers_are_withheld(lang: str) -> None:
    by = R.EMPLOYMENT_OFFICER  # sees contact data and plans, not medical data
    docs = {
        fmt: render(snapshot(full_case(), CERTIFICATE, fmt, lang, by=by))
        for fmt in (PDF, JSON, XML)
    }
    texts = {fmt: pdf_text(docs[PDF]) if fmt is PDF else docs[fmt].decode() for fmt in docs}
    for fmt, text in texts.items():
        assert not [t for t in DIAGNOSIS_TEXTS if t in text], fmt
        assert "Gradvis ökad arbetstid" not in text and "KBT" not in text
    data = valid(docs[JSON], CERTIFICATE)
    assert data["medicalData"] == "WITHHELD" and data["withheld"] == ["MEDICAL"]
    assert data["certificate"] == {
        "assessmentId": "cert-2026-01-03",
        "issuedOn": "2026-01-03",
        "answers": None,
    }
    said = {
        "sv": "Intyget finns men dess medicinska uppgifter ingår inte",
        "en": "its medical data are not included",
    }
    assert said[lang] in texts[PDF]
    root = parsed(docs[XML])
    assert root.attrib["medicinskaUppgifter"] == "UNDANHALLNA"
    assert [e.attrib for e in root.findall("fk:undanhallet", NS)] == [{"kategori": "MEDICAL"}]
    intyg = root.find("fk:intyg", NS)
    assert intyg is not None and intyg.attrib["status"] == "UNDANHALLET" and list(intyg) == []


def test_the_schema_refuses_answers_beside_withheld_medical_data() -> None:
    data = valid(render(snapshot(full_case(), CERTIFICATE, JSON)), CERTIFICATE)
    data["medicalData"] = "WITHHELD"
    with pytest.raises(
        jsonschema.ValidationError, match="is not valid under any of the given schemas"
    ):
        valid(json.dumps(data).encode(), CERTIFICATE)


# --------------------------------------------------------------------------- no certificate


def test_a_case_without_a_certificate_gets_a_document_that_says_so() -> None:
    facts = replace(rich_case(), assessments=())
    text = pdf_text(render(snapshot(facts, CERTIFICATE, PDF)))
    assert "Det finns inget läkarintyg för sjukpenning (FK 7804) i ärendet." in text
    assert "Intygsdatum Inget intyg" in text and "Läkarintyg från dag 8" in text
    assert valid(render(snapshot(facts, CERTIFICATE, JSON)), CERTIFICATE)["certificate"] is None
    root = parsed(render(snapshot(facts, CERTIFICATE, XML)))
    intyg = root.find("fk:intyg", NS)
    assert intyg is not None and intyg.attrib == {"status": "SAKNAS"}


def test_a_certificate_without_its_form_fields_still_renders() -> None:
    bare = replace(certificate(day(3)), details={})
    facts = replace(rich_case(), assessments=(bare,))
    data = valid(render(snapshot(facts, CERTIFICATE, JSON)), CERTIFICATE)
    answers = data["certificate"]["answers"]
    assert answers["sjukskrivningar"] == [] and answers["prognos"] is None
    assert answers["diagnoser"][0]["kod"] == "F321"
    assert DataCategory.MEDICAL.value in data["contains"]

"""The FK 7804 certificate data as a PDF: the form's parts, each question labelled with its number.

Drawn only from `fk7804_document.certificate_data`, so the PDF shows exactly
what the JSON holds: the certificate's answers in the form's order, the
diagnoses (Q6) and the sick-leave periods (Q32) as tables, codes spelt out in
the document's language; or a statement that there is no certificate, or that
its medical data are withheld from this document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vocrehab.hooks import DocumentSnapshot, text_for
from vocrehab.hooks.pdf import PdfDocument, PdfSection, PdfTable, render_pdf
from vocrehab_fk_se import document_texts as t
from vocrehab_fk_se import sources
from vocrehab_fk_se.document_parts import deadline_section, footer, person_facts, withheld_note
from vocrehab_fk_se.fk7804_document import certificate_data
from vocrehab_fk_se.fk7804_form import Measure, Occupation, PrognosisType
from vocrehab_fk_se.fk7804_questions import (
    BASIS_LABELS,
    DEGREE_LABELS,
    FIELD_LABELS,
    FORM,
    MEASURE_LABELS,
    OCCUPATION_LABELS,
    PROGNOSIS_LABELS,
    FormPart,
    Question,
)

__all__ = ["certificate_pdf"]

Facts = list[tuple[str, str]]


def certificate_pdf(snapshot: DocumentSnapshot) -> bytes:
    data, lang = certificate_data(snapshot), snapshot.request.lang
    person = data["participant"]
    name, ref = f"{person['givenName']} {person['familyName']}", data["case"]["reference"]
    law = t.say(t.CERT_ABOUT, lang, law=sources.SICK_PAY_CERTIFICATE)
    about = (law, withheld_note(data["withheld"], lang))
    document = PdfDocument(
        title=text_for(t.CERT_TITLE, lang),
        subtitle=f"{name} · {ref}",
        facts=tuple(_facts(data, lang)),
        sections=(
            *_certificate_sections(data, lang),
            deadline_section(data["deadlines"], lang),
            PdfSection(text_for(t.ABOUT, lang), paragraphs=tuple(filter(None, about))),
        ),
        footer=footer(data["generatedAt"], ref, data["form"], lang),
        language=lang,
    )
    return render_pdf(document)


def _facts(data: dict[str, Any], lang: str) -> Facts:
    certificate = data["certificate"]
    issued = certificate["issuedOn"] if certificate else text_for(t.NO_CERTIFICATE_SHORT, lang)
    included = data["medicalData"] == "INCLUDED"
    return [
        *person_facts(data["participant"], data["withheld"], lang),
        (text_for(t.CASE, lang), data["case"]["reference"]),
        (text_for(t.ISSUED_ON, lang), issued),
        (
            text_for(t.MEDICAL_DATA, lang),
            text_for(t.INCLUDED if included else t.NOT_INCLUDED, lang),
        ),
    ]


def _certificate_sections(data: dict[str, Any], lang: str) -> tuple[PdfSection, ...]:
    certificate = data["certificate"]
    if certificate is None:
        return (
            PdfSection(
                text_for(t.CERTIFICATE, lang), paragraphs=(text_for(t.NO_CERTIFICATE, lang),)
            ),
        )
    if certificate["answers"] is None:
        return (
            PdfSection(
                text_for(t.MEDICAL_DATA, lang), paragraphs=(text_for(t.CERT_WITHHELD, lang),)
            ),
        )
    return tuple(_part(part, certificate["answers"], lang) for part in FORM)


def _label(question: Question, lang: str) -> str:
    number = t.say(t.QUESTION, lang, number=question.id.removeprefix("Q"))
    return f"{text_for(question.titles, lang)} ({number})"


def _part(part: FormPart, answers: dict[str, Any], lang: str) -> PdfSection:
    """One part of the form: its questions as label/answer rows; the rows of Q6 and Q32 as a
    table, and the kinds of basis of Q1 as rows of their own, under the question's label."""
    facts: Facts = []
    paragraphs: list[str] = []
    table: PdfTable | None = None
    empty: str | None = None
    for question in part.questions:
        main, answer = question.fields[0], answers[question.fields[0]]
        if main in _TABLES:
            paragraphs.append(_label(question, lang))
            table, empty = _TABLES[main](answer, lang)
        elif main == "grundForMU" and answer:
            paragraphs.append(_label(question, lang))
            facts += [
                (text_for(BASIS_LABELS[k], lang), str(answer[k]))
                for k in BASIS_LABELS
                if answer.get(k)
            ]
        else:
            facts.append((_label(question, lang), _shown(main, answer, lang)))
        facts += [
            (text_for(FIELD_LABELS[f], lang), str(answers[f]))
            for f in question.fields[1:]
            if answers[f]
        ]
    return PdfSection(
        text_for(part.titles, lang),
        paragraphs=tuple(paragraphs),
        facts=tuple(facts),
        table=table,
        empty=empty,
    )


def _shown(field: str, value: Any, lang: str) -> str:
    """An answer in words: yes/no, codes by their names, a dash when unanswered."""
    if value is None or value == []:
        return text_for(t.DASH, lang)
    if isinstance(value, bool):
        return text_for(t.YES if value else t.NO, lang)
    if field == "sysselsattning":
        return ", ".join(text_for(OCCUPATION_LABELS[Occupation(c)], lang) for c in value)
    if field == "arbetslivsinriktadeAtgarder":
        return ", ".join(text_for(MEASURE_LABELS[Measure(c)], lang) for c in value)
    if field == "prognos":
        return t.say(
            PROGNOSIS_LABELS[PrognosisType(value["typ"])], lang, days=value.get("dagarTillArbete")
        )
    return str(value)


def _diagnoses(rows: list[dict[str, Any]], lang: str) -> tuple[PdfTable, str]:
    columns = tuple(text_for(c, lang) for c in t.DIAGNOSIS_COLUMNS)
    cells = tuple((d["kod"], d["kodsystem"], d["beskrivning"] or "") for d in rows)
    return PdfTable(columns, cells, widths=(1, 1.4, 4.2)), text_for(t.NO_DIAGNOSES, lang)


def _periods(rows: list[dict[str, Any]], lang: str) -> tuple[PdfTable, str]:
    columns = tuple(text_for(c, lang) for c in t.PERIOD_COLUMNS)
    cells = tuple(
        (_degree(p["grad"], lang), p["from"], p["tom"])
        for p in sorted(rows, key=lambda p: p["from"])
    )
    return PdfTable(columns, cells, widths=(3, 1.5, 1.5)), text_for(t.NO_PERIODS, lang)


def _degree(grad: int, lang: str) -> str:
    return text_for(DEGREE_LABELS[grad], lang) if grad in DEGREE_LABELS else f"{grad} %"


_TABLES: dict[str, Callable[[list[dict[str, Any]], str], tuple[PdfTable, str]]] = {
    "diagnoser": _diagnoses,
    "sjukskrivningar": _periods,
}
"""The questions whose answers are rows (Q6, Q32), shown as tables."""

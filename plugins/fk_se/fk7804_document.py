"""The medical certificate data of an FK 7804 ("Läkarintyg för sjukpenning") as a document.

The case's latest certificate (an assessment of kind se.FK7804), question by
question as Försäkringskassan's form asks them (see `fk7804_questions`; the
form's rules are in `fk7804_rules`, source `sources.FK7804`): the basis, the
occupation, the diagnoses, the consequences, the treatment, the sick-leave
periods, working time, prognosis, measures and contact. From day 8 of a sick
period the illness is shown with it (lag om sjuklön 8 §).

It goes to Försäkringskassan, so its audiences are FK's case officer, the
doctor and the insured person, never the employer (which has its own
sick-pay documents). Whoever generates it gets only what they may see: without
MEDICAL in the snapshot the platform has already removed the certificate's
fields, and the document says they are withheld rather than leaving them
blank. A case without a certificate gets a document that says so. JSON
follows schemas/fk7804_certificate.schema.json; the XML is in `fk7804_xml`.
"""

from __future__ import annotations

from typing import Any

from vocrehab.hooks import AssessmentFacts, CaseFacts, DataCategory, DocumentSnapshot
from vocrehab_fk_se import sources
from vocrehab_fk_se import values as v
from vocrehab_fk_se.document_parts import (
    contents,
    deadline_data,
    generated_at,
    generation_day,
    person_data,
)
from vocrehab_fk_se.fk7804_form import FK7804_KEY, read_fk7804
from vocrehab_fk_se.fk7804_questions import questions
from vocrehab_fk_se.reference import FK7804_KIND

__all__ = [
    "CERTIFICATE_DEADLINES",
    "KIND",
    "LIST_FIELDS",
    "SHOWS",
    "answers",
    "certificate_data",
    "latest_certificate",
]

KIND = "FK7804_CERTIFICATE"
SHOWS = frozenset({DataCategory.CONTACT, DataCategory.MEDICAL, DataCategory.PLAN})
"""The personnummer (CONTACT), the certificate's answers (MEDICAL) and the deadlines (PLAN)."""
CERTIFICATE_DEADLINES = frozenset({
    "MEDICAL_CERTIFICATE", "SICKNESS_BENEFIT_FROM_DAY_15",
    "CHAIN_DAY_90", "CHAIN_DAY_180", "CHAIN_DAY_365",
})  # fmt: skip
"""The deadlines the certificate bears on: the certificate itself, Försäkringskassan taking
over on day 15, and the rehabilitation chain's checkpoints (the employer's plan is not its)."""
LIST_FIELDS = frozenset(
    {"sysselsattning", "diagnoser", "sjukskrivningar", "arbetslivsinriktadeAtgarder"}
)
"""Answers that are lists: empty, rather than null, when unanswered."""


def latest_certificate(case: CaseFacts) -> AssessmentFacts | None:
    """The latest FK 7804 by date; of two on one day, the one recorded last."""
    found = [(a.assessed_at, i, a) for i, a in enumerate(case.assessments) if a.kind == FK7804_KIND]
    return max(found, key=lambda f: (f[0], f[1]))[2] if found else None


def _stored_form(certificate: AssessmentFacts) -> dict[str, Any]:
    """`details.fk7804`, normalized; a form that would not validate counts as unanswered."""
    raw = certificate.details.get(FK7804_KEY)
    if raw is None:
        return {}
    try:
        return dict(read_fk7804(raw))
    except v.Invalid:
        return {}


def answers(certificate: AssessmentFacts) -> dict[str, Any]:
    """Every answer field of the form, by the form's field name (null or [] when unanswered)."""
    form = _stored_form(certificate)
    form["diagnoser"] = [
        {"kod": d.code, "kodsystem": d.system, "beskrivning": d.text} for d in certificate.diagnoses
    ]
    form["funktionsnedsattning"] = certificate.functional_limitations
    form["aktivitetsbegransning"] = certificate.activity_limitations
    fields = [field for question in questions() for field in question.fields]
    unanswered: dict[str, list[Any] | None] = {f: [] if f in LIST_FIELDS else None for f in fields}
    return {
        field: unanswered[field] if form.get(field) is None else form[field] for field in fields
    }


def certificate_data(snapshot: DocumentSnapshot) -> dict[str, Any]:
    """The document as JSON data; the PDF and the XML are drawn from this and nothing else."""
    case, lang = snapshot.case, snapshot.request.lang
    medical = DataCategory.MEDICAL in snapshot.request.categories
    certificate = latest_certificate(case)
    return {
        "documentType": f"se.{KIND}",
        "schemaVersion": 1,
        "language": lang,
        "generatedAt": generated_at(snapshot),
        "form": "FK 7804",
        "legalReference": sources.FK7804,
        **contents(snapshot, SHOWS),
        "case": {
            "reference": case.reference,
            "status": case.status.value,
            "sickLeaveStart": case.sick_leave_start.isoformat() if case.sick_leave_start else None,
        },
        "participant": person_data(snapshot),
        "medicalData": "INCLUDED" if medical else "WITHHELD",
        "certificate": None
        if certificate is None
        else {
            "assessmentId": certificate.id,
            "issuedOn": certificate.assessed_at.isoformat(),
            "answers": answers(certificate) if medical else None,
        },
        "deadlines": deadline_data(
            snapshot.milestones, lang, generation_day(snapshot), CERTIFICATE_DEADLINES
        ),
    }

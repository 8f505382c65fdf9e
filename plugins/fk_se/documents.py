"""The Swedish jurisdiction's documents: what kinds it offers and how each is rendered.

- EMPLOYER_PLAN: the employer's plan for return to work (plan för återgång i
  arbete, SFB 30 kap. 6 §), for the employer and the employee, as PDF and
  JSON (see `employer_plan_document`, `employer_plan_pdf`).
- FK7804_CERTIFICATE: the medical certificate data of the case's latest FK
  7804 (läkarintyg för sjukpenning, under the form's rules, `sources.FK7804`),
  for Försäkringskassan's case officer, the doctor and the insured person,
  never the employer, as PDF, JSON and XML (see `fk7804_document`,
  `fk7804_pdf`, `fk7804_xml`).

Both come in Swedish and English. The JSON of each validates against the
schema shipped in `schemas/`. Rendering is a pure function of the snapshot:
the generation time is the snapshot's, so the same snapshot gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from vocrehab.hooks import (
    DocumentFormat,
    DocumentKindInfo,
    DocumentSnapshot,
    RenderedDocument,
    StakeholderType,
    text_for,
)
from vocrehab_fk_se import document_texts as t
from vocrehab_fk_se import employer_plan_document as plan
from vocrehab_fk_se import fk7804_document as certificate
from vocrehab_fk_se.employer_plan_pdf import plan_pdf
from vocrehab_fk_se.fk7804_pdf import certificate_pdf
from vocrehab_fk_se.fk7804_xml import certificate_xml
from vocrehab_fk_se.language import both

__all__ = ["DOCUMENT_KINDS", "render"]

R = StakeholderType
PDF, JSON, XML = DocumentFormat.PDF, DocumentFormat.JSON, DocumentFormat.XML


@cache
def schema(name: str) -> Mapping[str, Any]:
    text = resources.files("vocrehab_fk_se").joinpath(f"schemas/{name}").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


DOCUMENT_KINDS: tuple[DocumentKindInfo, ...] = (
    DocumentKindInfo(
        code=plan.KIND,
        names=both(
            "Plan för återgång i arbete (arbetsgivarens plan)",
            "Employer's plan for return to work",
        ),
        formats=(PDF, JSON),
        audiences=(R.EMPLOYER, R.PARTICIPANT),
        json_schema=schema("employer_plan.schema.json"),
    ),
    DocumentKindInfo(
        code=certificate.KIND,
        names=both(
            "Läkarintyg för sjukpenning (FK 7804), intygets uppgifter",
            "Medical certificate for sickness benefit (FK 7804), its data",
        ),
        formats=(PDF, JSON, XML),
        audiences=(R.CASE_MANAGER, R.CLINICIAN, R.PARTICIPANT),
        json_schema=schema("fk7804_certificate.schema.json"),
    ),
)


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


_RENDERERS: dict[tuple[str, DocumentFormat], tuple[Callable[[DocumentSnapshot], bytes], str]] = {
    (plan.KIND, PDF): (plan_pdf, "application/pdf"),
    (plan.KIND, JSON): (lambda s: _json(plan.plan_data(s)), "application/json"),
    (certificate.KIND, PDF): (certificate_pdf, "application/pdf"),
    (certificate.KIND, JSON): (
        lambda s: _json(certificate.certificate_data(s)),
        "application/json",
    ),
    (certificate.KIND, XML): (certificate_xml, "application/xml"),
}
_FILE_NAMES = {plan.KIND: t.PLAN_FILE, certificate.KIND: t.CERT_FILE}


def render(snapshot: DocumentSnapshot) -> RenderedDocument:
    """`snapshot.request.kind_code` in its format and language (ValueError if not offered)."""
    request = snapshot.request
    found = _RENDERERS.get((request.kind_code, request.format))
    if found is None:
        raise ValueError(
            f"the Swedish jurisdiction does not render {request.kind_code} as {request.format.value}"
        )
    draw, media_type = found
    stem = text_for(_FILE_NAMES[request.kind_code], request.lang)
    extension = {PDF: "pdf", JSON: "json", XML: "xml"}[request.format]
    return RenderedDocument(
        draw(snapshot), media_type, f"{snapshot.case.reference}-{stem}.{extension}"
    )

"""The documents of the Norwegian jurisdiction: what it declares and how it renders them.

- FOLLOW_UP_PLAN: the employer's oppfølgingsplan (aml § 4-6), for the employer
  and the employee (`follow_up_plan_document.py`, `follow_up_plan_pdf.py`);
- ARR_REFERRAL: NAV's referral to work-oriented rehabilitation
  (tiltaksforskriften kap. 12), for NAV, the provider and the participant
  (`referral_document.py`, `referral_pdf.py`).

Each comes as PDF and as JSON that validates against the schema in `schemas/`,
in bokmål and English. The audiences decide what the platform puts in a
snapshot (a document for the employer or the provider never receives health
data), and rendering is a pure function of that snapshot: the time comes from
the request, never from a clock, so the same snapshot gives the same bytes.
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
)
from vocrehab_nav_no import follow_up_plan_document as follow_up
from vocrehab_nav_no import referral_document as referral
from vocrehab_nav_no.follow_up_plan_pdf import follow_up_plan_pdf
from vocrehab_nav_no.referral_pdf import referral_pdf

__all__ = ["DOCUMENT_KINDS", "render_document"]

R = StakeholderType
_FORMATS = (DocumentFormat.PDF, DocumentFormat.JSON)


@cache
def _schema(name: str) -> Mapping[str, Any]:
    text = resources.files("vocrehab_nav_no").joinpath(f"schemas/{name}").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


DOCUMENT_KINDS: tuple[DocumentKindInfo, ...] = (
    DocumentKindInfo(
        code=follow_up.CODE, names=follow_up.NAMES, formats=_FORMATS,
        audiences=(R.EMPLOYER, R.PARTICIPANT),
        json_schema=_schema("follow_up_plan.schema.json"),
    ),
    DocumentKindInfo(
        code=referral.CODE, names=referral.NAMES, formats=_FORMATS,
        audiences=(R.CASE_MANAGER, R.PROVIDER, R.PARTICIPANT),
        json_schema=_schema("arr_referral.schema.json"),
    ),
)  # fmt: skip

_FILE_NAMES = {follow_up.CODE: "oppfolgingsplan", referral.CODE: "henvisning-arr"}
_DATA: dict[str, Callable[[DocumentSnapshot], dict[str, Any]]] = {
    follow_up.CODE: follow_up.follow_up_plan_document,
    referral.CODE: referral.referral_document,
}
_PDF: dict[str, Callable[[DocumentSnapshot], bytes]] = {
    follow_up.CODE: follow_up_plan_pdf,
    referral.CODE: referral_pdf,
}


def render_document(snapshot: DocumentSnapshot) -> RenderedDocument:
    """`snapshot.request.kind_code` in its format and language."""
    request = snapshot.request
    if request.kind_code not in _DATA or request.format not in _FORMATS:
        asked = f"{request.kind_code} as {request.format.value}"
        raise ValueError(f"the Norwegian jurisdiction does not render {asked}")
    name = f"{snapshot.case.reference}-{_FILE_NAMES[request.kind_code]}-{request.lang}"
    if request.format is DocumentFormat.PDF:
        return RenderedDocument(_PDF[request.kind_code](snapshot), "application/pdf", f"{name}.pdf")
    data = _DATA[request.kind_code](snapshot)
    content = json.dumps(data, ensure_ascii=False, indent=2).encode()
    return RenderedDocument(content, "application/json", f"{name}.json")

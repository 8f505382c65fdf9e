"""The employer's plan för återgång i arbete as a document, rendered from snapshots the way
the platform builds them: the kind's audiences narrow what it may hold, and the case
is minimised with the platform's own function."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import jsonschema
import pytest
from fk_cases import SE, START, case, certificate, day, event, periods
from pypdf import PdfReader

from vocrehab.core.policy import categories_for
from vocrehab.hooks import (
    ApprovalFacts,
    CaseFacts,
    DataCategory,
    DocumentFormat,
    DocumentSnapshot,
    EmploymentStatus,
    InterventionFacts,
    InterventionStatus,
    PlanFacts,
    PlanStatus,
    PlanStepFacts,
    StakeholderType,
)
from vocrehab.hooks.categories import document_categories, minimised
from vocrehab.hooks.testing import make_snapshot

R = StakeholderType
PDF, JSON, XML = DocumentFormat.PDF, DocumentFormat.JSON, DocumentFormat.XML
KINDS = {kind.code: kind for kind in SE.document_kinds()}
PLAN, CERTIFICATE = "EMPLOYER_PLAN", "FK7804_CERTIFICATE"
GENERATED = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
DIAGNOSIS_TEXTS = ("F321", "Medelsvår depressiv", "Nedsatt koncentration", "Klarar inte heltid")


def granted(kind: str, role: R) -> frozenset[DataCategory]:
    """What the platform lets a document of `kind` hold when someone in `role` generates it."""
    return document_categories(categories_for([role], role), KINDS[kind])


def rich_case() -> CaseFacts:
    """Day 61 of sick leave: forecast 120 days, the employer's plan drawn up, a certificate."""
    steps = (
        PlanStepFacts(day(40), day(60), 25, 10.0, "Lättare lageruppgifter", ("Inga tunga lyft över 10 kg", "Pauser varje timme")),
        PlanStepFacts(day(61), day(90), 50, 20.0, "Plock och packning", ("Anpassad arbetsstol",)),
        PlanStepFacts(day(91), day(120), 75, 30.0, "Ordinarie uppgifter utom truckkörning"),
        PlanStepFacts(day(121), day(150), 100, None, "Åter i ordinarie arbete"),
    )  # fmt: skip
    approved = datetime.combine(day(27), datetime.min.time(), UTC)
    plan = PlanFacts("plan-1", 2, PlanStatus.ACTIVE, "Återgång på lagret", "Heltid utan tunga lyft",
                     steps, approvals=(ApprovalFacts(R.PARTICIPANT, approved),))  # fmt: skip
    details = {
        **periods((START, day(60), 100), (day(61), day(120), 50)),
        "expectedDuration": {"days": 120, "assessedOn": day(5).isoformat()},
        "employerPlan": {"status": "DRAWN_UP", "on": day(28).isoformat()},
    }
    return case(
        details=details,
        plans=(plan,),
        assessments=(certificate(day(3)),),
        interventions=(
            InterventionFacts("i-1", "ARBETSANPASSNING", InterventionStatus.ACTIVE, day(40)),
        ),
        events=(*case().events, event("plan.created", day(25), R.EMPLOYER)),
        participant=replace(case().participant, national_id="198506152391"),
    )


def snapshot(
    facts: CaseFacts,
    kind: str,
    fmt: DocumentFormat,
    lang: str = "sv",
    by: R = R.CASE_MANAGER,
    categories: frozenset[DataCategory] | None = None,
) -> DocumentSnapshot:
    """As the platform hands it over: narrowed, minimised, with the stored milestones."""
    allowed = granted(kind, by) if categories is None else categories
    base = make_snapshot(minimised(facts, allowed), kind, fmt, lang, allowed)
    contact = DataCategory.CONTACT in allowed
    person = replace(
        base.participant, given_name="Åsa", family_name="Öberg-Ström",
        national_id=facts.participant.national_id if contact else None,
        birth_date=facts.participant.birth_date if contact else None,
    )  # fmt: skip
    request = replace(base.request, generated_at=GENERATED, requested_by=by)
    return replace(
        base, request=request, participant=person, milestones=tuple(SE.milestones(facts))
    )


def render(snap: DocumentSnapshot) -> bytes:
    return SE.render_document(snap).content


def pdf_text(content: bytes) -> str:
    """The text of every page, whitespace collapsed (a table cell may wrap its text)."""
    pages = (page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(" ".join(pages).split())


def valid(content: bytes, kind: str) -> dict[str, Any]:
    """The JSON, checked against the kind's schema (formats included)."""
    data = json.loads(content)
    schema = KINDS[kind].json_schema
    assert schema is not None
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)
    return data  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- the kinds


def test_the_kinds_their_formats_and_audiences() -> None:
    plan, cert = KINDS[PLAN], KINDS[CERTIFICATE]
    assert (plan.formats, plan.audiences) == ((PDF, JSON), (R.EMPLOYER, R.PARTICIPANT))
    assert cert.formats == (PDF, JSON, XML)
    assert cert.audiences == (R.CASE_MANAGER, R.CLINICIAN, R.PARTICIPANT)
    assert plan.names["sv"].startswith("Plan för återgång i arbete")
    assert cert.names["sv"].startswith("Läkarintyg för sjukpenning (FK 7804)")
    for kind in (plan, cert):
        assert kind.json_schema is not None
        jsonschema.Draft202012Validator.check_schema(kind.json_schema)


def test_a_kind_in_a_format_it_does_not_offer_is_refused() -> None:
    with pytest.raises(ValueError, match="does not render EMPLOYER_PLAN as XML"):
        SE.render_document(snapshot(rich_case(), PLAN, XML))


# --------------------------------------------------------------------------- the plan


def test_the_plan_pdf_in_swedish() -> None:
    rendered = SE.render_document(snapshot(rich_case(), PLAN, PDF))
    assert rendered.media_type == "application/pdf"
    assert rendered.filename == "SE-2026-000001-plan-for-atergang-i-arbete.pdf"
    text = pdf_text(rendered.content)
    for expected in (
        "Plan för återgång i arbete", "Åsa Öberg-Ström", "SE-2026-000001", "Employer Ltd",
        "Återgång på lagret (version 2, gällande)", "Mål: Heltid utan tunga lyft",
        "25 %", "50 %", "75 %", "100 %", "Inga tunga lyft över 10 kg", "Anpassad arbetsstol",
        "Arbetsgivarens skyldighet (SFB 30 kap. 6 §)", "Upprättad", "2026-01-30",
        "Planen är upprättad (2026-01-28)", "120 dagar (bedömt 2026-01-05)",
        "Frister", "Rehabiliteringskedjan dag 90", "Uppfylld 2026-01-25", "Försenad",
        "Arbetsanpassning", "Vilka som deltar", "Case Manager", "Försäkringskassans handläggare",
        "Ingår inte (kontaktuppgifter)", "Skapad 2026-03-02 09:15 UTC",
    ):  # fmt: skip
        assert expected in text, expected
    assert "198506152391" not in text


def test_the_plan_pdf_in_english() -> None:
    text = pdf_text(render(snapshot(rich_case(), PLAN, PDF, "en")))
    for expected in (
        "Plan for return to work", "The employer's duty (SFB 30 kap. 6 §)", "Adjustments",
        "Employer's plan for return to work", "Rehabilitation chain day 180", "Workplace adjustment",
        "Not included (contact data)", "Generated 2026-03-02 09:15 UTC", "Åsa Öberg-Ström",
    ):  # fmt: skip
        assert expected in text, expected


def test_the_plan_json_follows_its_schema() -> None:
    data = valid(render(snapshot(rich_case(), PLAN, JSON)), PLAN)
    assert (
        data["documentType"] == "se.EMPLOYER_PLAN" and data["legalReference"] == "SFB 30 kap. 6 §"
    )
    assert [s["workPercent"] for s in data["plan"]["steps"]] == [25, 50, 75, 100]
    assert data["plan"]["steps"][0]["adjustments"] == [
        "Inga tunga lyft över 10 kg",
        "Pauser varje timme",
    ]
    assert data["duty"] == {
        "status": "DRAWN_UP", "spellStart": "2026-01-01", "day30": "2026-01-30",
        "dueDate": "2026-01-30", "drawnUpOn": "2026-01-25", "decision": "DRAWN_UP",
        "decidedOn": "2026-01-28",
    }  # fmt: skip
    assert data["expectedDuration"] == {"days": 120, "assessedOn": "2026-01-05"}
    deadlines = {d["code"]: d for d in data["deadlines"]}
    assert deadlines["EMPLOYER_PLAN"]["status"] == "MET"
    assert deadlines["SICKNESS_BENEFIT_FROM_DAY_15"]["status"] == "OVERDUE"
    assert deadlines["CHAIN_DAY_90"]["status"] == "OPEN"
    assert (data["contains"], data["withheld"]) == (["PLAN"], ["CONTACT"])
    assert data["participant"] == {"givenName": "Åsa", "familyName": "Öberg-Ström"}


@pytest.mark.parametrize("by", [R.CASE_MANAGER, R.CLINICIAN, R.EMPLOYER, R.PARTICIPANT])
def test_the_plan_never_holds_a_diagnosis(by: R) -> None:
    for fmt in (PDF, JSON):
        content = render(snapshot(rich_case(), PLAN, fmt, by=by))
        text = pdf_text(content) if fmt is PDF else content.decode()
        assert not [t for t in DIAGNOSIS_TEXTS if t in text], (by, fmt)
        assert "198506152391" not in text


def test_the_plan_shows_no_diagnosis_even_from_an_unminimised_snapshot() -> None:
    """It never reads the assessments, so no snapshot can slip one in."""
    everything = frozenset(DataCategory)
    content = render(snapshot(rich_case(), PLAN, JSON, categories=everything))
    assert not [t for t in DIAGNOSIS_TEXTS if t in content.decode()]
    assert json.loads(content)["contains"] == ["CONTACT", "PLAN"]


def test_a_case_without_a_plan_or_an_employer() -> None:
    new = case()
    text = pdf_text(render(snapshot(new, PLAN, PDF)))
    assert "Arbetsgivaren har ännu inte upprättat någon plan i ärendet." in text
    assert "Krävs ännu inte (ingen prognos om minst 60 dagar)" in text
    unemployed = case(employment_status=EmploymentStatus.UNEMPLOYED, has_employer=False)
    data = valid(render(snapshot(unemployed, PLAN, JSON, "en")), PLAN)
    assert data["plan"] is None and data["duty"] is None and data["employer"] is None
    text = pdf_text(render(snapshot(unemployed, PLAN, PDF, "en")))
    assert "Does not apply: no employment with recorded sick leave on the case." in text


# --------------------------------------------------------------------------- determinism


@pytest.mark.parametrize(
    ("kind", "fmt"), [(PLAN, PDF), (PLAN, JSON), (CERTIFICATE, PDF), (CERTIFICATE, JSON), (CERTIFICATE, XML)]
)  # fmt: skip
def test_the_same_snapshot_gives_the_same_bytes(kind: str, fmt: DocumentFormat) -> None:
    first = snapshot(rich_case(), kind, fmt)
    again = snapshot(rich_case(), kind, fmt)
    assert hashlib.sha256(render(first)).digest() == hashlib.sha256(render(again)).digest()
    later = replace(
        first, request=replace(first.request, generated_at=GENERATED + timedelta(hours=1))
    )
    assert render(later) != render(first)  # the generation time is part of the content

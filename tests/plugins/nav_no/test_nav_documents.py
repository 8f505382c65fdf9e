"""The Norwegian documents rendered from snapshots: the follow-up plan (aml § 4-6)
and the referral to work-oriented rehabilitation (tiltaksforskriften kap. 12), in
PDF and JSON, bokmål and English. What the PDFs say (text extracted with pypdf),
that the JSON follows the shipped schemas, that rendering is deterministic, and
that what a snapshot withholds stays out and is named as withheld."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import jsonschema
import pytest
from nav_cases import nav_case
from pypdf import PdfReader

from vocrehab.hooks import (
    ActorInfo,
    ApprovalFacts,
    AssessmentFacts,
    CaseFacts,
    DataCategory,
    DiagnosisFacts,
    DocumentFormat,
    DocumentSnapshot,
    EmploymentStatus,
    InterventionFacts,
    InterventionStatus,
    PersonInfo,
    PlanFacts,
    PlanStatus,
    PlanStepFacts,
    StakeholderType,
    TeamMemberInfo,
)
from vocrehab.hooks.testing import make_snapshot
from vocrehab_nav_no import NavJurisdiction

R = StakeholderType
START = date(2026, 1, 5)  # a Monday, eight weeks before the tests' day
GENERATED = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)  # 10:15 in Oslo
KINDS = ("FOLLOW_UP_PLAN", "ARR_REFERRAL")
FORMATS = (DocumentFormat.PDF, DocumentFormat.JSON)
LANGS = ("nb", "en")
FOR_ALL_AUDIENCES = (DataCategory.PLAN, DataCategory.DOCUMENTS)
"""What the platform lets both kinds hold: the employer and the provider see no more."""

DETAILS = {
    "sickNotes": [{"signedOn": "2026-01-05", "issuerProfession": "LE", "periods": [
        {"type": "AKTIVITET_IKKE_MULIG", "fom": "2026-01-05", "tom": "2026-02-01"},
        {"type": "GRADERT", "fom": "2026-02-02", "tom": "2026-07-31", "grade": 60}]}],
    "followUpPlan": {"status": "AKTIV", "createdOn": "2026-01-20", "approvedOn": "2026-01-30",
                     "sharedWithSykmelderOn": "2026-01-30", "inHouseMeasuresNotPossible": True},
    "dialogueMeetings": [
        {"number": 1, "status": "FERDIGSTILT", "on": "2026-02-16", "invitedOn": "2026-02-09",
         "heldOn": "2026-02-16"},
        {"number": 2, "status": "INNKALT", "on": "2026-06-22", "invitedOn": "2026-03-02"}],
    "activityRequirement": {"status": "UNNTAK", "assessedOn": "2026-03-02",
                            "exceptionReason": "MEDISINSKE_GRUNNER", "documentedBy": "SYKMELDER"},
}  # fmt: skip


def _plan() -> PlanFacts:
    steps = (
        PlanStepFacts(date(2026, 3, 9), date(2026, 4, 5), 40, 15.0, "Lette lageroppgaver",
                      ("Færre løft", "Hev-senk-bord")),
        PlanStepFacts(date(2026, 4, 6), date(2026, 5, 3), 60, 22.5, "Egne oppgaver",
                      ("Færre løft",)),
        PlanStepFacts(date(2026, 5, 4), date(2026, 5, 31), 100),
    )  # fmt: skip
    approval = ApprovalFacts(R.EMPLOYER, datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    return PlanFacts("p1", 2, PlanStatus.ACTIVE, "Gradvis tilbake på lageret",
                     "Full stilling innen juni", steps, (approval,))  # fmt: skip


def document_case(details: dict[str, Any] = DETAILS, **overrides: Any) -> CaseFacts:
    """An employee eight weeks into a sick leave: an approved follow-up plan, meeting 1 held,
    an exception for medical reasons, a graded-return plan, a diagnosis and a referred ARR."""
    arr = InterventionFacts("i1", "ARBEIDSRETTET_REHABILITERING", InterventionStatus.REFERRED,
                            date(2026, 3, 16), date(2026, 6, 7), hours_per_week=15,
                            provider_id="org-fjellro")  # fmt: skip
    assessment = AssessmentFacts(
        "a1", "ARBEIDSEVNEVURDERING", date(2026, 2, 20), 40,
        (DiagnosisFacts("ICPC-2", "P76", "Depressiv lidelse"),),
        functional_limitations="Nedsatt utholdenhet", prognosis="God ved gradvis opptrapping",
        summary="Trenger støtte for å komme tilbake i arbeid",
    )  # fmt: skip
    fields: dict[str, Any] = dict(reference="NO-2026-000042", plans=(_plan(),),
                                  interventions=(arr,), assessments=(assessment,))  # fmt: skip
    return nav_case(START, details, **{**fields, **overrides})


def _member(actor_id: str, name: str, role: StakeholderType, *organisation: str) -> TeamMemberInfo:
    return TeamMemberInfo(ActorInfo(actor_id, name, role, False, *organisation), role, START)


TEAM = (
    _member("m1", "Siri Bakken", R.CASE_MANAGER, "NAV Sagene"),
    _member("e1", "Hanne Moen", R.EMPLOYER, "Vestfjord Logistikk AS"),
    _member("p1", "Kjersti Lund", R.PROVIDER, "Fjellro Rehabilitering AS", "923456783"),
)
EMPLOYER = ActorInfo("org-v", "Vestfjord Logistikk AS", R.EMPLOYER, True, None, "987654325")
PERSON = PersonInfo("Åse", "Grønvold-Ødegård", date(1985, 6, 15), "15068512345")


def snapshot(
    kind: str,
    fmt: DocumentFormat = DocumentFormat.PDF,
    lang: str = "nb",
    categories: tuple[DataCategory, ...] = FOR_ALL_AUDIENCES,
    case: CaseFacts | None = None,
) -> DocumentSnapshot:
    """A snapshot as the platform builds one: people named, milestones stored, and the person's
    birth date and national id only when CONTACT may be shown."""
    case = case or document_case()
    base = make_snapshot(case, kind, fmt, lang, categories)
    contact = DataCategory.CONTACT in categories
    person = PERSON if contact else replace(PERSON, birth_date=None, national_id=None)
    return replace(
        base, participant=person, team=TEAM, employer=EMPLOYER,
        milestones=tuple(NavJurisdiction().milestones(case)),
        request=replace(base.request, generated_at=GENERATED),
    )  # fmt: skip


def render(nav: NavJurisdiction, snap: DocumentSnapshot) -> bytes:
    return nav.render_document(snap).content


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def schema(nav: NavJurisdiction, kind: str) -> Any:
    return next(k for k in nav.document_kinds() if k.code == kind).json_schema


# --------------------------------------------------------------------------- the kinds


def test_the_kinds_their_audiences_and_schemas(nav: NavJurisdiction) -> None:
    kinds = {k.code: k for k in nav.document_kinds()}
    assert set(kinds) == set(KINDS)
    assert kinds["FOLLOW_UP_PLAN"].audiences == (R.EMPLOYER, R.PARTICIPANT)
    assert kinds["ARR_REFERRAL"].audiences == (R.CASE_MANAGER, R.PROVIDER, R.PARTICIPANT)
    assert kinds["FOLLOW_UP_PLAN"].names["nb"] == "Oppfølgingsplan"
    for kind in kinds.values():
        assert kind.formats == FORMATS and set(kind.names) == {"nb", "en"}
        jsonschema.Draft202012Validator.check_schema(kind.json_schema)
        assert kind.json_schema["additionalProperties"] is False  # type: ignore[index]


def test_files_are_named_by_case_kind_and_language(nav: NavJurisdiction) -> None:
    pdf = nav.render_document(snapshot("FOLLOW_UP_PLAN"))
    assert (pdf.filename, pdf.media_type) == (
        "NO-2026-000042-oppfolgingsplan-nb.pdf",
        "application/pdf",
    )
    data = nav.render_document(snapshot("ARR_REFERRAL", DocumentFormat.JSON, "en"))
    assert (data.filename, data.media_type) == (
        "NO-2026-000042-henvisning-arr-en.json",
        "application/json",
    )
    with pytest.raises(ValueError, match="does not render"):
        nav.render_document(snapshot("RTW_PLAN"))


# --------------------------------------------------------------------------- the follow-up plan


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", ["Oppfølgingsplan", "Sykmeldt fra", "5.1.2026 (uke 9)", "Godkjent (aktiv)",
                "Oppfølgingsplan (uke 4)", "2.2.2026", "Oppfylt 30.1.2026", "Dialogmøte 1 (uke 7)",
                "Dialogmøte 2 (uke 26)", "Aktivitetsplikten vurderes (uke 8)", "aml § 4-6",
                "Færre løft", "Hev-senk-bord", "Gradvis tilbake på lageret", "Innkalt",
                "tiltak på arbeidsplassen er prøvd", "Laget 2.3.2026 kl. 10:15"]),
        ("en", ["Follow-up plan (oppfølgingsplan)", "2026-01-05 (week 9)", "Approved (active)",
                "Follow-up plan (week 4)", "2026-02-02", "Met 2026-01-30",
                "Dialogue meeting 2 (week 26)", "Measures at the workplace",
                "Generated 2026-03-02 at 10:15"]),
    ],
)  # fmt: skip
def test_the_follow_up_plan_pdf(nav: NavJurisdiction, lang: str, expected: list[str]) -> None:
    text = pdf_text(render(nav, snapshot("FOLLOW_UP_PLAN", lang=lang)))
    for fragment in ["Åse Grønvold-Ødegård", "NO-2026-000042", "40 %", "60 %", "100 %", *expected]:
        assert fragment in text, fragment
    assert all(ch.isprintable() for ch in text.replace("\n", ""))  # every glyph reads back


def test_the_follow_up_plan_json(nav: NavJurisdiction) -> None:
    content = render(nav, snapshot("FOLLOW_UP_PLAN", DocumentFormat.JSON))
    data = json.loads(content)
    jsonschema.validate(data, schema(nav, "FOLLOW_UP_PLAN"))
    assert data["followUpPlan"]["status"] == "AKTIV" and data["case"]["sickLeaveWeek"] == 9
    assert [s["workPercent"] for s in data["plan"]["steps"]] == [40, 60, 100]
    measures = {"notPossibleDocumented": True, "adjustments": ["Færre løft", "Hev-senk-bord"]}
    assert data["workplaceMeasures"] == measures
    codes = ["FOLLOW_UP_PLAN", "DIALOGUE_MEETING_1", "ACTIVITY_REQUIREMENT", "DIALOGUE_MEETING_2"]
    assert [d["code"] for d in data["deadlines"]] == codes
    assert [(d["state"], d["metOn"]) for d in data["deadlines"][:2]] == [
        ("MET", "2026-01-30"), ("MET", "2026-02-16")]  # fmt: skip
    assert "Grønvold-Ødegård" in content.decode()  # UTF-8, not \u escapes


# --------------------------------------------------------------------------- the referral


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", ["Henvisning til arbeidsrettet rehabilitering",
                "Arbeidsrettet rehabilitering (ARBRRHDAG)", "Henvist (NAV har fattet vedtak)",
                "16.3.2026", "7.6.2026",
                "84 dager (12 uker), innenfor grensen på 12 uker", "Vilkåret er oppfylt",
                "Arbeidsevnevurdering", "Helseopplysninger (diagnoser", "Maksdato for sykepenger"]),
        ("en", ["Referral to work-oriented rehabilitation (ARR)", "Referred (NAV has decided)",
                "84 days (12 weeks), within the limit of 12 weeks", "The condition is met",
                "Work capacity", "Last day of sykepenger (maksdato)"]),
    ],
)  # fmt: skip
def test_the_referral_pdf(nav: NavJurisdiction, lang: str, expected: list[str]) -> None:
    text = pdf_text(render(nav, snapshot("ARR_REFERRAL", lang=lang)))
    common = ["Åse Grønvold-Ødegård", "NO-2026-000042", "Fjellro Rehabilitering AS",
              "Kjersti Lund", "Siri Bakken (NAV Sagene)", "40 %", "60 %", "100 %",
              "tiltaksforskriften kap. 12"]  # fmt: skip
    for fragment in [*common, *expected]:
        assert fragment in text, fragment


def test_the_referral_json(nav: NavJurisdiction) -> None:
    data = json.loads(render(nav, snapshot("ARR_REFERRAL", DocumentFormat.JSON, "en")))
    jsonschema.validate(data, schema(nav, "ARR_REFERRAL"))
    assert data["measure"]["plannedDays"] == 84 and data["measure"]["withinLimit"] is True
    assert data["measure"]["provider"] == {"name": "Fjellro Rehabilitering AS",
                                           "organisationNumber": "923456783",
                                           "contactPerson": "Kjersti Lund"}  # fmt: skip
    assert data["workCapacity"][0]["workCapacityPercent"] == 40
    assert data["followUpPlanRequirement"]["met"] is True
    assert data["currentSickNote"] == {
        "type": "GRADERT",
        "fom": "2026-02-02",
        "tom": "2026-07-31",
        "grade": 60,
    }


def test_a_referral_beyond_12_weeks_without_an_approved_plan_says_so(nav: NavJurisdiction) -> None:
    long = InterventionFacts("i2", "ARBEIDSRETTET_REHABILITERING", InterventionStatus.PROPOSED,
                             date(2026, 3, 16), date(2026, 6, 8))  # fmt: skip
    details = {**DETAILS, "followUpPlan": {"status": "UNDER_ARBEID", "createdOn": "2026-01-20"}}
    case = document_case(interventions=(long,), details=details)
    snap = snapshot("ARR_REFERRAL", DocumentFormat.JSON, case=case)
    data = json.loads(render(nav, snap))
    assert (data["measure"]["plannedDays"], data["measure"]["withinLimit"]) == (85, False)
    assert data["followUpPlanRequirement"]["met"] is False
    text = pdf_text(
        render(nav, replace(snap, request=replace(snap.request, format=DocumentFormat.PDF)))
    )
    assert "85 dager (12 uker og 1 dag), OVER grensen på 12 uker" in text
    assert "Vilkåret er ikke oppfylt ennå" in text


def test_a_referral_for_someone_out_of_work_needs_no_follow_up_plan(nav: NavJurisdiction) -> None:
    case = document_case(employment_status=EmploymentStatus.UNEMPLOYED, has_employer=False,
                         details={}, interventions=())  # fmt: skip
    data = json.loads(render(nav, snapshot("ARR_REFERRAL", DocumentFormat.JSON, "en", case=case)))
    jsonschema.validate(data, schema(nav, "ARR_REFERRAL"))
    assert data["followUpPlanRequirement"] == {"applies": False, "met": None, "followUpPlan": None}
    assert data["measure"] is None
    text = pdf_text(render(nav, snapshot("ARR_REFERRAL", lang="en", case=case)))
    assert "Does not apply: the participant is not an employee." in text
    assert "No work-oriented rehabilitation has been proposed in the case yet." in text


# --------------------------------------------------------------------------- every form


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_rendering_is_deterministic(
    nav: NavJurisdiction, kind: str, fmt: DocumentFormat, lang: str
) -> None:
    first = hashlib.sha256(render(nav, snapshot(kind, fmt, lang))).hexdigest()
    assert hashlib.sha256(render(nav, snapshot(kind, fmt, lang))).hexdigest() == first
    later = snapshot(kind, fmt, lang)
    moved = replace(
        later, request=replace(later.request, generated_at=datetime(2026, 3, 3, tzinfo=UTC))
    )
    assert hashlib.sha256(render(nav, moved)).hexdigest() != first  # the time is in the content


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "categories", [FOR_ALL_AUDIENCES, tuple(DataCategory)], ids=["minimised", "all"]
)
def test_the_json_follows_the_schema(
    nav: NavJurisdiction, kind: str, lang: str, categories: tuple[DataCategory, ...]
) -> None:
    data = json.loads(render(nav, snapshot(kind, DocumentFormat.JSON, lang, categories)))
    jsonschema.validate(data, schema(nav, kind))
    assert data["language"] == lang and data["documentType"] == f"no.{kind}"
    assert data["contains"] == sorted(c.value for c in categories)


# --------------------------------------------------------------------------- minimisation


DIAGNOSIS_TEXT = ("P76", "Depressiv", "ICPC", "Nedsatt utholdenhet", "opptrapping")


@pytest.mark.parametrize("lang", LANGS)
def test_the_follow_up_plan_without_medical_data_holds_no_diagnosis(
    nav: NavJurisdiction, lang: str
) -> None:
    text = pdf_text(render(nav, snapshot("FOLLOW_UP_PLAN", lang=lang)))
    content = render(nav, snapshot("FOLLOW_UP_PLAN", DocumentFormat.JSON, lang)).decode()
    for fragment in (*DIAGNOSIS_TEXT, "15068512345", "medisinske grunner", "medical reasons"):
        assert fragment not in text and fragment not in content, fragment
    data = json.loads(content)
    assert data["withheld"] == ["BENEFITS", "CONTACT", "MEDICAL"]
    assert data["activityRequirement"]["exceptionReasonWithheld"] is True
    assert "nationalId" not in data["participant"] and "birthDate" not in data["participant"]
    withheld = {"nb": ["Ikke med i dette dokumentet (helseopplysning)",
                       "Opplysninger som ikke er med", "\u2013 helseopplysninger (diagnoser"],
                "en": ["Not included in this document (health data)", "Information not included",
                       "\u2013 health data (diagnoses"]}[lang]  # fmt: skip
    for fragment in withheld:
        assert fragment in text, fragment


def test_the_follow_up_plan_prints_no_diagnosis_even_from_a_full_snapshot(
    nav: NavJurisdiction,
) -> None:
    full = tuple(DataCategory)
    text = pdf_text(render(nav, snapshot("FOLLOW_UP_PLAN", categories=full)))
    assert not any(fragment in text for fragment in DIAGNOSIS_TEXT)
    assert "tungtveiende medisinske grunner" in text.lower() and "15068512345" in text


def test_the_referral_shows_health_data_only_when_the_snapshot_holds_them(
    nav: NavJurisdiction,
) -> None:
    minimised = render(nav, snapshot("ARR_REFERRAL", DocumentFormat.JSON))
    assert json.loads(minimised)["medical"] is None
    assert not any(fragment in minimised.decode() for fragment in DIAGNOSIS_TEXT)
    text = pdf_text(render(nav, snapshot("ARR_REFERRAL")))
    assert "tiltaksarrangøren har ikke rett til å se dem" in text
    assert not any(fragment in text for fragment in DIAGNOSIS_TEXT)
    full = pdf_text(render(nav, snapshot("ARR_REFERRAL", categories=tuple(DataCategory))))
    assert "ICPC-2 P76 Depressiv lidelse" in full and "Nedsatt utholdenhet" in full

"""The Norwegian documents through GraphQL: `generateDocument` for every kind, format
and language of a Norwegian case, the download under the same token (content
type, file name, SHA-256), the minimisation the audiences impose whoever asks,
and who may have which form: the employer the follow-up plan, never the referral;
the provider the referral, never the follow-up plan."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import jsonschema
from pypdf import PdfReader
from support import Api, World, as_actor, as_participant, gid
from test_nav_documents import DETAILS, START
from test_nav_identifiers import number

from vocrehab.core import assessments, interventions, plans
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import ActorKind, InterventionStatus
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab_nav_no import NavJurisdiction

GENERATE = """mutation($input: GenerateDocumentInput!) { generateDocument(input: $input) {
  document { id format sha256 sizeBytes downloadUrl kind { code name(lang: "nb") } }
  userErrors { code field message } } }"""
FILES = {"FOLLOW_UP_PLAN": "oppfolgingsplan", "ARR_REFERRAL": "henvisning-arr"}
MEDIA = {"PDF": ("application/pdf", "pdf"), "JSON": ("application/json", "json")}
SCHEMAS = {k.code: k.json_schema for k in NavJurisdiction().document_kinds()}
MEDICAL_TEXT = ("P76", "Depressiv", "Nedsatt utholdenhet")


@dataclass
class Cast:
    case: m.Case
    person: m.Participant
    manager: m.Actor
    boss: m.Actor
    coordinator: m.Actor


async def referred_case(world: World) -> Cast:
    """Åse, eight weeks on sick leave: the follow-up plan approved, a graded-return plan, a
    diagnosis on record, and NAV's referral to work-oriented rehabilitation at Fjellro."""
    manager = await world.actor(R.CASE_MANAGER, "Siri Bakken")
    company = await world.actor(R.EMPLOYER, "Vestfjord Logistikk AS", ActorKind.ORGANISATION)
    boss = await world.actor(R.EMPLOYER, "Hanne Moen", organisation=company)
    gp = await world.actor(R.CLINICIAN, "Dr. Leila Haddad")
    fjellro = await world.actor(R.PROVIDER, "Fjellro Rehabilitering AS", ActorKind.ORGANISATION)
    coordinator = await world.actor(R.PROVIDER, "Kjersti Lund", organisation=fjellro)
    person = await world.participant("Åse", "Grønvold", jurisdiction="no",
                                     national_id=number("150685", 321))  # fmt: skip
    team = {manager: R.CASE_MANAGER, boss: R.EMPLOYER, gp: R.CLINICIAN, coordinator: R.PROVIDER}
    case = await world.case(person, team=team, employer=company, sick_leave_start=START,
                            details=DETAILS)  # fmt: skip
    nav = as_actor(manager)
    steps = [
        plans.PlanStep(
            date(2026, 3, 9), date(2026, 4, 5), 40, 15, "Lette oppgaver", ["Færre løft"]
        ),
        plans.PlanStep(date(2026, 4, 6), date(2026, 5, 31), 100),
    ]
    plan = await world.do(
        nav, lambda w: plans.create_plan(w, plans.CreatePlan(case.id, "Gradvis tilbake", steps))
    )
    await world.do(nav, lambda w: plans.activate_plan(w, plan.id))
    record = assessments.RecordAssessment(
        case.id, "ARBEIDSEVNEVURDERING", date(2026, 2, 20), 40,
        [assessments.Diagnosis("ICPC-2", "P76", "Depressiv lidelse")], "Nedsatt utholdenhet",
    )  # fmt: skip
    await world.do(as_actor(gp), lambda w: assessments.record_assessment(w, record))
    proposal = interventions.ProposeIntervention(
        case.id, "ARBEIDSRETTET_REHABILITERING", fjellro.id, date(2026, 3, 16), date(2026, 6, 7), 15
    )
    arr = await world.do(nav, lambda w: interventions.propose_intervention(w, proposal))
    referral = interventions.ChangeStatus(arr.id, InterventionStatus.REFERRED)
    await world.do(nav, lambda w: interventions.change_status(w, referral))
    return Cast(case, person, manager, boss, coordinator)


async def generate(
    api: Api, who: Any, case: m.Case, kind: str, fmt: str, **extra: str
) -> dict[str, Any]:
    result = await api.query(
        who, GENERATE, input={"caseId": gid(case), "kindCode": kind, "format": fmt, **extra}
    )
    return result.data["generateDocument"]  # type: ignore[no-any-return]


async def download(api: Api, who: Any, url: str) -> tuple[int, bytes, dict[str, str]]:
    headers = {"authorization": f"Bearer {api.token(who)}"}
    response = await api.client.get(url.removeprefix("https://vocrehab.test"), headers=headers)
    return response.status_code, response.content, dict(response.headers)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def check_content(kind: str, fmt: str, content: bytes, reference: str) -> None:
    """The participant, the reference and the plan's steps, and never a diagnosis: both kinds
    have an audience who may not see one, so the platform withholds it whoever asks."""
    if fmt == "PDF":
        text = pdf_text(content)
        for fragment in ("Åse Grønvold", reference, "40 %", "100 %", "Færre løft", "Siri Bakken"):
            assert fragment in text, fragment
    else:
        data = json.loads(content)
        jsonschema.validate(data, SCHEMAS[kind])
        assert data["contains"] == ["DOCUMENTS", "PLAN"] and "nationalId" not in data["participant"]
        text = content.decode()
    assert not any(fragment in text for fragment in MEDICAL_TEXT), (kind, fmt)


async def test_every_kind_format_and_language_generates_and_downloads(
    api: Api, world: World
) -> None:
    cast = await referred_case(world)
    nav = as_actor(cast.manager)
    hashes: dict[tuple[str, str, str], str] = {}
    for kind in FILES:
        for fmt, (media_type, extension) in MEDIA.items():
            for lang in ("nb", "en"):
                payload = await generate(api, nav, cast.case, kind, fmt, lang=lang)
                assert payload["userErrors"] == [], payload
                document = payload["document"]
                status, content, headers = await download(api, nav, document["downloadUrl"])
                assert status == 200 and headers["content-type"].startswith(media_type)
                filename = f"{cast.case.reference}-{FILES[kind]}-{lang}.{extension}"
                disposition = headers["content-disposition"]
                assert disposition.startswith(f'attachment; filename="{filename}"')
                assert hashlib.sha256(content).hexdigest() == document["sha256"]
                assert len(content) == document["sizeBytes"]
                check_content(kind, fmt, content, cast.case.reference)
                hashes[kind, fmt, lang] = document["sha256"]
    for kind, fmt, lang in (("ARR_REFERRAL", "JSON", "en"), ("FOLLOW_UP_PLAN", "PDF", "nb")):
        again = await generate(api, nav, cast.case, kind, fmt, lang=lang)
        assert again["document"]["sha256"] == hashes[kind, fmt, lang]  # same snapshot, same bytes
    default = await generate(api, nav, cast.case, "FOLLOW_UP_PLAN", "PDF")
    _, _, headers = await download(api, nav, default["document"]["downloadUrl"])
    assert '-oppfolgingsplan-nb.pdf"' in headers["content-disposition"]  # bokmål first
    assert default["document"]["kind"]["name"] == "Oppfølgingsplan"


async def test_the_employer_has_the_follow_up_plan_and_not_the_referral(
    api: Api, world: World
) -> None:
    cast = await referred_case(world)
    boss, nav = as_actor(cast.boss), as_actor(cast.manager)
    own = await generate(api, boss, cast.case, "FOLLOW_UP_PLAN", "PDF", lang="nb")
    assert own["userErrors"] == []
    status, content, _ = await download(api, boss, own["document"]["downloadUrl"])
    assert status == 200
    text = pdf_text(content)
    assert "Godkjent (aktiv)" in text and "Ikke med i dette dokumentet (helseopplysning)" in text
    assert cast.person.national_id and cast.person.national_id not in text
    assert not any(fragment in text for fragment in MEDICAL_TEXT)
    refused = await generate(api, boss, cast.case, "ARR_REFERRAL", "PDF")
    assert [e["code"] for e in refused["userErrors"]] == ["NOT_ALLOWED"]
    referral = (await generate(api, nav, cast.case, "ARR_REFERRAL", "PDF"))["document"]
    plan = (await generate(api, nav, cast.case, "FOLLOW_UP_PLAN", "JSON"))["document"]
    assert (await download(api, boss, referral["downloadUrl"]))[0] == 404
    assert (await download(api, boss, plan["downloadUrl"]))[0] == 200
    assert (await download(api, as_participant(cast.person), referral["downloadUrl"]))[0] == 200


async def test_the_provider_has_the_referral_and_not_the_follow_up_plan(
    api: Api, world: World
) -> None:
    cast = await referred_case(world)
    provider = as_actor(cast.coordinator)
    own = await generate(api, provider, cast.case, "ARR_REFERRAL", "JSON", lang="en")
    assert own["userErrors"] == []
    status, content, _ = await download(api, provider, own["document"]["downloadUrl"])
    data = json.loads(content)
    assert (
        status == 200
        and data["medical"] is None
        and data["withheld"] == ["BENEFITS", "CONTACT", "MEDICAL"]
    )
    fjellro = {"name": "Fjellro Rehabilitering AS", "organisationNumber": None,
               "contactPerson": "Kjersti Lund"}  # fmt: skip
    assert data["measure"]["provider"] == fjellro
    assert (
        data["measure"]["status"] == "REFERRED" and data["followUpPlanRequirement"]["met"] is True
    )
    refused = await generate(api, provider, cast.case, "FOLLOW_UP_PLAN", "PDF")
    assert [e["code"] for e in refused["userErrors"]] == ["NOT_ALLOWED"]
    plan = (await generate(api, as_actor(cast.manager), cast.case, "FOLLOW_UP_PLAN", "PDF"))[
        "document"
    ]
    assert (await download(api, provider, plan["downloadUrl"]))[0] == 404

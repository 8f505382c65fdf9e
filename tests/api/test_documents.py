"""Documents: generated from a frozen, minimised snapshot, stored with their hash,
downloaded under the same token and policy, and never holding what an
audience may not see."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import timedelta

import jsonschema
import pytest
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader
from support import Api, World, admin, as_actor, as_participant, gid, with_scopes

from vocrehab.core import assessments, interventions, plans
from vocrehab.hooks.vocabulary import ActorKind
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab_generic.documents import DOCUMENT_KINDS

GENERATE = """
mutation($input: GenerateDocumentInput!) {
  generateDocument(input: $input) {
    document { id format sha256 sizeBytes downloadUrl kind { code name } createdBy { name } case { reference } }
    userErrors { code field message }
  }
}"""
SCHEMAS = {kind.code: kind.json_schema for kind in DOCUMENT_KINDS}


async def _world(world: World) -> dict[str, object]:
    manager = await world.actor(R.CASE_MANAGER, name="Maria Lind")
    clinician = await world.actor(R.CLINICIAN, name="Dr. Åsa Öberg")
    officer = await world.actor(R.EMPLOYMENT_OFFICER)
    employer_org = await world.actor(
        R.EMPLOYER, name="Fjordkraft Øst AS", kind=ActorKind.ORGANISATION
    )
    boss = await world.actor(R.EMPLOYER, name="Bjørn Ærø", organisation=employer_org)
    person = await world.participant(given="Åse", family="Grønvold", national_id="ID-4242")
    team = {
        manager: R.CASE_MANAGER,
        clinician: R.CLINICIAN,
        officer: R.EMPLOYMENT_OFFICER,
        employer_org: R.EMPLOYER,
    }
    case = await world.case(
        person,
        team=team,
        employer=employer_org,
        sick_leave_start=world.clock.today() - timedelta(days=20),
    )
    today = world.clock.today()
    steps = [
        plans.PlanStep(
            today + timedelta(weeks=4 * i),
            today + timedelta(weeks=4 * i + 4, days=-1),
            p,
            20.0 if p < 100 else None,
            "Lettere oppgaver",
            ["Færre løft"],
        )
        for i, p in enumerate((25, 50, 100))
    ]
    plan = await world.do(
        as_actor(manager),
        lambda w: plans.create_plan(
            w, plans.CreatePlan(case.id, "Gradvis tilbake", steps, "Tilbake i full jobb")
        ),
    )
    await world.do(as_actor(manager), lambda w: plans.activate_plan(w, plan.id))
    record = assessments.RecordAssessment(
        case_id=case.id,
        kind="WORK_CAPACITY",
        assessed_at=today,
        work_capacity_percent=40,
        diagnoses=[assessments.Diagnosis("ICD-10", "F32.1", "Moderate depressive episode")],
    )
    await world.do(as_actor(clinician), lambda w: assessments.record_assessment(w, record))
    await world.do(
        as_actor(manager),
        lambda w: interventions.propose_intervention(
            w, interventions.ProposeIntervention(case.id, "WORK_TRIAL", start_date=today)
        ),
    )
    return {"case": case, "manager": manager, "clinician": clinician, "officer": officer, "boss": boss, "person": person}  # fmt: skip


async def _generate(
    api: Api, who: object, case: object, kind: str, fmt: str, **extra: str
) -> dict[str, object]:
    result = await api.query(
        who, GENERATE, input={"caseId": gid(case), "kindCode": kind, "format": fmt, **extra}
    )  # type: ignore[arg-type]
    return result.data["generateDocument"]  # type: ignore[no-any-return]


async def _download(api: Api, who: object, url: str) -> tuple[int, bytes, dict[str, str]]:
    path = url.removeprefix("https://vocrehab.test")
    response = await api.client.get(path, headers={"authorization": f"Bearer {api.token(who)}"})  # type: ignore[arg-type]
    return response.status_code, response.content, dict(response.headers)


@pytest.mark.parametrize(
    ("kind", "fmt"), [("RTW_PLAN", "PDF"), ("RTW_PLAN", "JSON"), ("FHIR_EXPORT", "FHIR_JSON")]
)
async def test_every_kind_in_every_format_renders_and_downloads(
    api: Api, world: World, kind: str, fmt: str
) -> None:
    w = await _world(world)
    manager = as_actor(w["manager"])  # type: ignore[arg-type]
    payload = await _generate(api, manager, w["case"], kind, fmt)
    assert payload["userErrors"] == []
    document = payload["document"]
    status, content, headers = await _download(api, manager, document["downloadUrl"])  # type: ignore[index]
    assert status == 200
    assert (
        hashlib.sha256(content).hexdigest() == document["sha256"]
        and len(content) == document["sizeBytes"]
    )  # type: ignore[index]
    expected = {
        "PDF": "application/pdf",
        "JSON": "application/json",
        "FHIR_JSON": "application/fhir+json",
    }[fmt]
    assert headers["content-type"].startswith(expected)
    assert headers["content-disposition"].startswith("attachment; filename=")
    reference = document["case"]["reference"]  # type: ignore[index]
    if fmt == "PDF":
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        for expected_text in (
            "Return-to-work plan",
            "Åse Grønvold",
            reference,
            "Gradvis tilbake",
            "Færre løft",
            "Deadlines",
            "Maria Lind",
            "Fjordkraft Øst AS",
        ):
            assert expected_text in text, expected_text
        assert "F32" not in text and "depressive" not in text
    else:
        data = json.loads(content)
        jsonschema.validate(data, SCHEMAS[kind])  # type: ignore[arg-type]
    if fmt == "FHIR_JSON":
        bundle = Bundle.model_validate(data)
        types = [entry.resource.__resource_type__ for entry in bundle.entry]
        assert {"Patient", "CareTeam", "CarePlan", "Goal", "Condition"} <= set(types)


async def test_the_employer_copy_of_the_plan_holds_no_medical_or_contact_data(
    api: Api, world: World
) -> None:
    w = await _world(world)
    for who in (as_actor(w["manager"]), as_actor(w["boss"])):  # type: ignore[arg-type]
        payload = await _generate(api, who, w["case"], "RTW_PLAN", "JSON")
        assert payload["userErrors"] == [], payload
        status, content, _ = await _download(api, who, payload["document"]["downloadUrl"])  # type: ignore[index]
        data = json.loads(content)
        assert status == 200 and set(data["contains"]) <= {"PLAN", "DOCUMENTS"}
        assert "nationalId" not in data["participant"] and "F32" not in content.decode()


async def test_fhir_conditions_follow_the_requesters_medical_access(api: Api, world: World) -> None:
    w = await _world(world)
    for who, has_conditions in ((as_actor(w["clinician"]), True), (as_actor(w["officer"]), False)):  # type: ignore[arg-type]
        payload = await _generate(api, who, w["case"], "FHIR_EXPORT", "FHIR_JSON")
        _, content, _ = await _download(api, who, payload["document"]["downloadUrl"])  # type: ignore[index]
        kinds = [entry["resource"]["resourceType"] for entry in json.loads(content)["entry"]]
        assert ("Condition" in kinds) is has_conditions


async def test_rendering_is_deterministic_for_the_same_snapshot(api: Api, world: World) -> None:
    w = await _world(world)
    manager = as_actor(w["manager"])  # type: ignore[arg-type]
    for kind, fmt in (("RTW_PLAN", "JSON"), ("RTW_PLAN", "PDF"), ("FHIR_EXPORT", "FHIR_JSON")):
        first = await _generate(api, manager, w["case"], kind, fmt)
        second = await _generate(api, manager, w["case"], kind, fmt)
        assert first["document"]["sha256"] == second["document"]["sha256"], kind  # type: ignore[index]


async def test_who_may_generate_and_download(api: Api, world: World) -> None:
    w = await _world(world)
    manager, boss = as_actor(w["manager"]), as_actor(w["boss"])  # type: ignore[arg-type]
    refused = await _generate(api, boss, w["case"], "FHIR_EXPORT", "FHIR_JSON")
    assert refused["userErrors"][0]["code"] == "NOT_ALLOWED"  # type: ignore[index]
    export = await _generate(api, manager, w["case"], "FHIR_EXPORT", "FHIR_JSON")
    url = export["document"]["downloadUrl"]  # type: ignore[index]
    assert (await _download(api, boss, url))[0] == 404  # not the employer's kind
    stranger = as_actor(await world.actor(R.CASE_MANAGER))
    assert (await _download(api, stranger, url))[0] == 404
    assert (await _download(api, with_scopes(manager, {"cases:read"}), url))[0] == 403
    assert (await _download(api, as_participant(w["person"]), url))[0] == 200  # type: ignore[arg-type]
    assert (await api.client.get(url.removeprefix("https://vocrehab.test"))).status_code == 401
    listed = await api.query(
        boss,
        "query($id: ID!) { node(id: $id) { ... on Case { documents { kind { code } } } } }",
        id=gid(w["case"]),
    )
    assert listed.data["node"]["documents"] == []  # the export is not listed to the employer either


async def test_bad_requests_are_user_errors(api: Api, world: World) -> None:
    w = await _world(world)
    manager = as_actor(w["manager"])  # type: ignore[arg-type]
    cases = (
        ("NOPE", "PDF", {}, "kindCode"),
        ("RTW_PLAN", "XML", {}, "format"),
        ("RTW_PLAN", "PDF", {"lang": "nb"}, "lang"),
    )
    for kind, fmt, extra, field in cases:
        payload = await _generate(api, manager, w["case"], kind, fmt, **extra)
        [error] = payload["userErrors"]  # type: ignore[misc]
        assert error["code"] == "INVALID_INPUT" and error["field"] == ["input", field]  # type: ignore[index]


async def test_generation_and_download_are_on_the_timeline_and_in_the_log(
    api: Api, world: World
) -> None:
    w = await _world(world)
    manager = as_actor(w["manager"])  # type: ignore[arg-type]
    payload = await _generate(api, manager, w["case"], "RTW_PLAN", "PDF")
    await _download(api, manager, payload["document"]["downloadUrl"])  # type: ignore[index]
    events = await api.query(
        admin(),
        "query($id: ID!) { node(id: $id) { ... on Case { events(first: 50) { edges { node { kind } } } } } }",
        id=gid(w["case"]),
    )
    assert events.data["node"]["events"]["edges"][-1]["node"]["kind"] == "document.generated"
    log = await api.query(
        as_participant(w["person"]),
        "query($id: ID!) { node(id: $id) { ... on Participant { accessLog(first: 5) { edges { node { operation categories } } } } } }",
        id=gid(w["person"]),
    )  # type: ignore[arg-type]
    entries = [e["node"] for e in log.data["node"]["accessLog"]["edges"]]
    download = next(e for e in entries if e["operation"].startswith("download "))
    # The log names what the document holds: the plan, shown to its audiences.
    assert download["categories"] == ["DOCUMENTS", "PLAN"]

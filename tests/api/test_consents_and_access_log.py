"""Consent (granted, honoured, revoked, expired; never beyond *never*) and the
tamper-evident access log (recorded once per request, readable by the
participant and ADMIN only, sealed and verified)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa
from support import Api, World, admin, as_actor, as_participant, gid, settings

from vocrehab.app import create_app
from vocrehab.core import assessments, audit
from vocrehab.core.audit_seal import seal, sealer_lag
from vocrehab.core.audit_verify import verify_log
from vocrehab.core.clock import Clock
from vocrehab.db import models as m
from vocrehab.db.access_log import AccessLogRow
from vocrehab.db.engine import Database
from vocrehab.hooks.vocabulary import ActorKind
from vocrehab.hooks.vocabulary import StakeholderType as R

GRANT = """
mutation($input: GrantConsentInput!) {
  grantConsent(input: $input) { consent { id categories validFrom validTo revokedAt grantee { name } } userErrors { code field message } }
}"""
REVOKE = "mutation($id: ID!) { revokeConsent(input: {id: $id}) { consent { revokedAt } userErrors { code field } } }"
DIAGNOSES = "query($id: ID!) { node(id: $id) { ... on Case { assessments { edges { node { diagnoses { code } } } } } } }"
LOG = "query($id: ID!) { node(id: $id) { ... on Participant { accessLog(first: 50) { totalCount edges { node { operation categories stakeholderType clientId actor { name } } } } } } }"


async def _world(world: World) -> dict[str, object]:
    manager = await world.actor(R.CASE_MANAGER)
    clinician = await world.actor(R.CLINICIAN)
    ips = await world.actor(R.PROVIDER, kind=ActorKind.ORGANISATION)
    specialist = await world.actor(R.PROVIDER, organisation=ips)
    employer = await world.actor(R.EMPLOYER)
    person = await world.participant(email="ada@example.org")
    team = {manager: R.CASE_MANAGER, clinician: R.CLINICIAN, ips: R.PROVIDER, employer: R.EMPLOYER}
    case = await world.case(person, team=team)
    record = assessments.RecordAssessment(
        case_id=case.id, kind="WORK_CAPACITY", assessed_at=world.clock.today(),
        diagnoses=[assessments.Diagnosis("ICD-10", "F32.1")],
    )  # fmt: skip
    await world.do(as_actor(clinician), lambda w: assessments.record_assessment(w, record))
    return {
        "person": person,
        "case": case,
        "ips": ips,
        "specialist": specialist,
        "employer": employer,
        "manager": manager,
    }


async def _sees_diagnoses(api: Api, who: object, case: object) -> bool:
    result = await api.query(who, DIAGNOSES, id=gid(case))  # type: ignore[arg-type]
    return result.data["node"]["assessments"]["edges"][0]["node"]["diagnoses"] is not None


async def test_consent_to_an_organisation_shows_medical_data_until_revoked(
    api: Api, world: World
) -> None:
    w = await _world(world)
    specialist, person = as_actor(w["specialist"]), as_participant(w["person"])  # type: ignore[arg-type]
    assert not await _sees_diagnoses(api, specialist, w["case"])
    granted = await api.query(
        person,
        GRANT,
        input={
            "participantId": gid(w["person"]),
            "granteeId": gid(w["ips"]),
            "categories": ["MEDICAL"],
        },
    )
    consent = granted.data["grantConsent"]
    assert consent["userErrors"] == [] and consent["consent"]["categories"] == ["MEDICAL"]
    assert await _sees_diagnoses(api, specialist, w["case"])  # honoured at once, for its people too
    revoked = await api.query(person, REVOKE, id=consent["consent"]["id"])
    assert revoked.data["revokeConsent"]["consent"]["revokedAt"] is not None
    assert not await _sees_diagnoses(api, specialist, w["case"])
    again = await api.query(person, REVOKE, id=consent["consent"]["id"])
    assert again.data["revokeConsent"]["userErrors"][0]["code"] == "INVALID_STATE"


async def test_consent_expires_with_its_period(api: Api, world: World, clock: Clock) -> None:
    w = await _world(world)
    until = (clock.today() + timedelta(days=3)).isoformat()
    await api.query(
        as_participant(w["person"]),
        GRANT,
        input={
            "participantId": gid(w["person"]),
            "granteeId": gid(w["ips"]),
            "categories": ["MEDICAL"],
            "validTo": until,
        },
    )  # type: ignore[arg-type]
    specialist = as_actor(w["specialist"])  # type: ignore[arg-type]
    clock.advance(timedelta(days=3))
    assert await _sees_diagnoses(api, specialist, w["case"])  # the last day counts
    clock.advance(timedelta(days=1))
    assert not await _sees_diagnoses(api, specialist, w["case"])


async def test_consent_never_gives_an_employer_diagnoses(api: Api, world: World) -> None:
    w = await _world(world)
    result = await api.query(
        as_participant(w["person"]),
        GRANT,
        input={
            "participantId": gid(w["person"]),
            "granteeId": gid(w["employer"]),
            "categories": ["MEDICAL", "BENEFITS"],
        },
    )  # type: ignore[arg-type]
    [error] = result.data["grantConsent"]["userErrors"]
    assert error["code"] == "INVALID_INPUT" and error["field"] == ["input", "categories"]
    assert "never" in error["message"]


async def test_only_the_participant_or_admin_manage_consent(api: Api, world: World) -> None:
    w = await _world(world)
    given = {
        "participantId": gid(w["person"]),
        "granteeId": gid(w["ips"]),
        "categories": ["CONTACT"],
    }
    manager = await api.query(as_actor(w["manager"]), GRANT, input=given)  # type: ignore[arg-type]
    assert manager.codes == ["FORBIDDEN"]  # a case manager's token never holds consents:write
    past = await api.query(admin(), GRANT, input={**given, "validFrom": "2020-01-01"})
    assert past.data["grantConsent"]["userErrors"][0]["field"] == ["input", "validFrom"]
    ok = await api.query(admin(), GRANT, input=given)
    assert ok.data["grantConsent"]["userErrors"] == []
    listed = await api.query(
        as_participant(w["person"]),
        "query($id: ID!) { node(id: $id) { ... on Participant { consents { categories grantee { name } } } } }",
        id=gid(w["person"]),
    )  # type: ignore[arg-type]
    assert listed.data["node"]["consents"][0]["categories"] == ["CONTACT"]


async def test_reads_and_changes_are_logged_once_per_request(
    api: Api, world: World, db: Database
) -> None:
    w = await _world(world)
    person = as_participant(w["person"])  # type: ignore[arg-type]
    manager = as_actor(w["manager"])  # type: ignore[arg-type]
    await api.query(
        manager,
        "query Caseload { cases { edges { node { reference participant { email nationalId } assessments { edges { node { diagnoses { code } } } } } } } }",
    )
    await api.query(
        admin(),
        'mutation($id: ID!) { updateParticipant(input: {id: $id, phone: "+47 999 99 999"}) { userErrors { code } } }',
        id=gid(w["person"]),
    )
    log = await api.query(person, LOG, id=gid(w["person"]))
    entries = [e["node"] for e in log.data["node"]["accessLog"]["edges"]]
    # Newest first; the read of the log itself is logged after it is answered.
    assert [e["operation"] for e in entries] == ["mutation updateParticipant", "query Caseload"]
    caseload = entries[1]
    assert caseload["stakeholderType"] == "CASE_MANAGER" and caseload["clientId"] == "test"
    assert set(caseload["categories"]) == {"CONTACT", "MEDICAL", "PLAN"}
    assert entries[0]["stakeholderType"] == "ADMIN"
    again = await api.query(person, LOG, id=gid(w["person"]))
    assert again.data["node"]["accessLog"]["edges"][0]["node"]["operation"] == "query node"
    async with db.session() as session:
        rows = (await session.scalars(sa.select(AccessLogRow).order_by(AccessLogRow.id))).all()
    per_request = [(r.request_id, r.participant_id) for r in rows]
    assert len(per_request) == len(set(per_request)), "one entry per participant per request"
    assert any(r.operation == "mutation updateParticipant" for r in rows)


REGISTER = """mutation($input: RegisterParticipantInput!) {
  registerParticipant(input: $input) { participant { givenName nationalId } userErrors { code } } }"""


async def test_a_mutation_commits_together_with_its_access_log_entry(
    api: Api, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """registerParticipant changes no case, so its one entry is what its payload shows.
    The database failing at that entry, after the change itself was written, undoes
    the change: the caller hears that it failed, and a retry registers once."""
    person = {"jurisdiction": "generic", "nationalId": "LOG-1", "givenName": "Ada",
              "familyName": "Logged"}  # fmt: skip
    written = audit.write_entries

    async def unreachable(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError(111, "Connect call failed")

    monkeypatch.setattr(audit, "write_entries", unreachable)
    failed = await api.client.post(
        "/graphql",
        json={"query": REGISTER, "variables": {"input": person}},
        headers={"authorization": f"Bearer {api.token(admin())}"},
    )
    assert failed.status_code == 503, failed.text
    assert failed.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"

    async def stored() -> tuple[int, list[str]]:
        async with db.session() as session:
            people = await session.scalar(sa.select(sa.func.count()).select_from(m.Participant))
            logged = list(await session.scalars(sa.select(AccessLogRow.operation)))
        return int(people or 0), logged

    assert await stored() == (0, []), "a change reported as failed is not applied"
    monkeypatch.setattr(audit, "write_entries", written)
    retried = await api.query(admin(), REGISTER, input=person)
    assert retried.data["registerParticipant"]["userErrors"] == []
    assert await stored() == (1, ["mutation registerParticipant"])


async def test_only_the_participant_and_admin_read_the_log(api: Api, world: World) -> None:
    w = await _world(world)
    assert (await api.query(admin(), LOG, id=gid(w["person"]))).data["node"]["accessLog"][
        "totalCount"
    ] >= 0
    manager = await api.query(as_actor(w["manager"]), LOG, id=gid(w["person"]))  # type: ignore[arg-type]
    assert manager.codes == ["FORBIDDEN"]


async def test_sealed_reads_cannot_be_edited_unseen(
    api: Api, world: World, db: Database, clock: Clock
) -> None:
    w = await _world(world)
    for _ in range(3):
        await api.query(as_actor(w["manager"]), "query { cases { edges { node { reference } } } }")  # type: ignore[arg-type]
    await seal(db, clock)
    intact = await verify_log(db, clock.now())
    assert intact.intact and intact.entries >= 3 and intact.unsealed == 0
    async with db.transaction() as session:
        first = await session.scalar(sa.select(AccessLogRow.id).order_by(AccessLogRow.id).limit(1))
        await session.execute(
            sa.update(AccessLogRow)
            .where(AccessLogRow.id == first)
            .values(operation="query nothing to see")
        )
    broken = await verify_log(db, clock.now())
    assert broken.problems == [f"entry {first}: its content does not match its hash"]


async def test_serve_seals_in_the_background_and_at_shutdown(
    db: Database, host: object, clock: Clock, world: World
) -> None:
    w = await _world(world)
    application = create_app(
        settings(audit_sealer=True, audit_seal_interval_seconds=0.05),
        host=host,  # type: ignore[arg-type]
        clock=clock,
        database=db,
    )
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="https://vocrehab.test") as http:
            served = Api(application, http, clock)
            await served.query(
                as_actor(w["manager"]), "query { cases { edges { node { reference } } } }"
            )  # type: ignore[arg-type]
            for _ in range(100):  # the sealer's next tick, within 5 s
                if (await sealer_lag(db, clock.now())).unsealed == 0:
                    break
                await asyncio.sleep(0.05)
            assert (await sealer_lag(db, clock.now())).unsealed == 0
            await served.query(
                as_actor(w["manager"]), "query { cases { edges { node { reference } } } }"
            )  # type: ignore[arg-type]
    # Stopping seals what the last tick did not reach.
    assert (await sealer_lag(db, clock.now())).unsealed == 0
    check = await verify_log(db, clock.now())
    assert check.intact and check.entries == 2 and check.batches >= 1

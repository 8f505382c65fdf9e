"""Access holds on every path, by construction: a real `vocrehab serve` with the demo
loaded, real tokens, a real WebSocket client. Each test is one way the rules were
found broken when every resolver enforced its own: over the socket, on nested
fields, in stored documents, in what plugins write, in the timeline, in the
size of a request and in the shape of a response for a narrow token."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
import uvicorn
import websockets
from graphql import (
    build_client_schema,
    get_introspection_query,
    get_named_type,
    is_non_null_type,
    is_object_type,
)
from servers import BIN, cli, empty_tables, free_port, running, server_env
from standardwebhooks import Webhook
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from test_access_matrix import every_field

from vocrehab.auth.keys import KeyStore
from vocrehab.auth.tokens import TokenRequest, issue_access_token
from vocrehab.core.clock import Clock
from vocrehab.core.policy import MAX_SCOPES
from vocrehab.db.access_log import AccessLogRow
from vocrehab.db.engine import Database
from vocrehab.demo.logins import MACHINE_CLIENT, MACHINE_SECRET
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab.ids import decode_global_id

pytestmark = pytest.mark.slow
BACKENDS = ["sqlite", *(["postgresql"] if os.environ.get("VOCREHAB_TEST_POSTGRES_URL") else [])]
PROTOCOL = "graphql-transport-ws"


def _run(coroutine: Any) -> Any:
    """Run a coroutine to its end, also from a test that runs in an event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclass
class Demo:
    base: str
    url: str
    issuer: str

    @property
    def ws(self) -> str:
        return self.base.replace("http", "ws") + "/graphql"

    def token(
        self,
        role: R,
        actor: str | None = None,
        scopes: set[str] | None = None,
        ttl: timedelta = timedelta(minutes=10),
        participant: str | None = None,
        machine: str | None = None,
    ) -> str:
        """A token for the demo actor (or participant) with this global id; `machine`:
        a machine client's of that name (client credentials, acting for the actor)."""

        async def issue() -> str:
            db = Database(self.url)
            try:
                keys = KeyStore(db)
                await keys.refresh()
                request = TokenRequest(
                    subject=machine or actor or participant or "admin",
                    client_id=machine or "access-tests",
                    stakeholder_type=role,
                    scopes=MAX_SCOPES[role] if scopes is None else scopes,
                    actor_id=decode_global_id(actor)[1] if actor else None,
                    participant_id=decode_global_id(participant)[1] if participant else None,
                    ttl=ttl,
                )
                return issue_access_token(keys, self.issuer, "vocrehab", request, Clock().now())
            finally:
                await db.dispose()

        return _run(issue())

    def post(self, token: str | None, query: str, **variables: Any) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = httpx.post(
            f"{self.base}/graphql",
            json={"query": query, "variables": variables},
            headers=headers,
            timeout=30,
        )
        return response.json()  # type: ignore[no-any-return]

    def data(self, token: str, query: str, **variables: Any) -> dict[str, Any]:
        body = self.post(token, query, **variables)
        assert not body.get("errors"), body
        return body["data"]  # type: ignore[no-any-return]

    def admin(self) -> str:
        return self.token(R.ADMIN)

    def actor(self, name: str) -> tuple[str, R]:
        found = self.data(
            self.admin(),
            "query($q: String!) { actors(first: 5, filter: {search: $q}) { edges { node { id stakeholderType } } } }",
            q=name,
        )["actors"]["edges"]
        assert found, f"no demo actor named {name}"
        node = found[0]["node"]
        return node["id"], R(node["stakeholderType"])

    def as_actor(self, name: str, scopes: set[str] | None = None, **kw: Any) -> str:
        actor, role = self.actor(name)
        return self.token(role, actor, scopes, **kw)

    def case_of(self, token: str, reference_prefix: str = "") -> str:
        edges = self.data(token, "{ cases(first: 100) { edges { node { id reference } } } }")[
            "cases"
        ]["edges"]
        for edge in edges:
            if edge["node"]["reference"].startswith(reference_prefix):
                return str(edge["node"]["id"])
        raise AssertionError(f"no case starting with {reference_prefix!r}")


def _prepare(url: str) -> None:
    async def empty() -> None:
        db = Database(url)
        await empty_tables(db)
        await db.dispose()

    if not url.startswith("sqlite"):
        asyncio.run(empty())


@pytest.fixture(scope="module", params=BACKENDS)
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Demo]:
    tmp: Path = tmp_path_factory.mktemp("access")
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp / 'access.sqlite3'}"
    else:
        url = str(request.getfixturevalue("postgres_url"))
    _prepare(url)
    port = free_port()
    env = server_env(
        url,
        port,
        ws_recheck_seconds="1",
        webhook_allow_loopback_http="true",
        dispatcher_poll_seconds="0.2",
    )
    cli(env, "db", "upgrade")
    cli(env, "demo", "seed")
    with running(env, tmp, "--no-migrate") as base:
        yield Demo(base, url, f"http://127.0.0.1:{port}")


# ---------------------------------------------------------------------- the socket


async def _socket(demo: Demo, token: str | None) -> Any:
    ws = await websockets.connect(demo.ws, subprotocols=[PROTOCOL])  # type: ignore[list-item]
    payload = {"Authorization": f"Bearer {token}"} if token else {}
    await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
    ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
    assert ack["type"] == "connection_ack", ack
    return ws


async def _ask(ws: Any, op_id: str, query: str, **variables: Any) -> dict[str, Any]:
    """One operation over the socket: its result (or {"closed": code})."""
    message = {
        "id": op_id,
        "type": "subscribe",
        "payload": {"query": query, "variables": variables},
    }
    try:
        await ws.send(json.dumps(message))
        body: dict[str, Any] = {}
        while True:
            reply = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if reply["type"] == "next":
                body = reply["payload"]
            elif reply["type"] == "error":
                return {"errors": reply["payload"]}
            elif reply["type"] == "complete":
                return body
    except websockets.ConnectionClosed as closed:
        assert closed.rcvd is not None
        return {"closed": closed.rcvd.code, "reason": closed.rcvd.reason}


def _machine_token(demo: Demo) -> str:
    response = httpx.post(
        f"{demo.base}/oauth/token",
        data={"grant_type": "client_credentials", "scope": "cases:read interventions:read"},
        auth=(MACHINE_CLIENT, MACHINE_SECRET),
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


async def test_a_revoked_token_stops_working_on_an_open_socket(demo: Demo) -> None:
    token = _machine_token(demo)
    ws = await _socket(demo, token)
    first = await _ask(ws, "1", "{ viewer { stakeholderType } }")
    assert first["data"]["viewer"]["stakeholderType"] == "PROVIDER"
    revoked = httpx.post(
        f"{demo.base}/oauth/revoke", data={"token": token}, auth=(MACHINE_CLIENT, MACHINE_SECRET)
    )
    assert revoked.status_code == 200
    after = await _ask(ws, "2", "{ viewer { stakeholderType } }")
    assert after.get("closed") == 4401, after
    assert "revoked" in after["reason"]


async def test_a_socket_closes_when_its_token_expires(demo: Demo) -> None:
    manager = demo.as_actor("Maria Lind", ttl=timedelta(seconds=2))
    ws = await _socket(demo, manager)
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await asyncio.wait_for(ws.recv(), 15)  # no message sent: the server closes it
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
    assert "expired" in closed.value.rcvd.reason


async def test_reads_over_the_socket_are_logged_per_operation(demo: Demo) -> None:
    manager = demo.as_actor("Maria Lind")
    ws = await _socket(demo, manager)
    asked = await _ask(
        ws,
        "1",
        "query OverTheSocket { cases(first: 3) { edges { node { reference participant { email } } } } }",
    )
    assert len(asked["data"]["cases"]["edges"]) == 3
    await ws.close()

    async def logged() -> list[Any]:
        db = Database(demo.url)
        try:
            async with db.session() as session:
                return list(
                    await session.scalars(
                        sa.select(AccessLogRow).where(
                            AccessLogRow.operation == "query OverTheSocket"
                        )
                    )
                )
        finally:
            await db.dispose()

    rows = _run(logged())
    assert len(rows) == 3, "one entry per participant shown"
    assert all(set(r.categories) == {"CONTACT", "PLAN"} for r in rows)
    assert all(r.stakeholder_type is R.CASE_MANAGER for r in rows)


async def test_a_member_who_leaves_the_team_stops_reading_on_an_open_socket(demo: Demo) -> None:
    admin = demo.admin()
    coordinator = demo.as_actor("Kjersti Lund")  # acts for the provider organisation
    case_id = demo.case_of(coordinator)
    team = demo.data(
        admin,
        "query($c: ID!) { node(id: $c) { ... on Case { team { role until actor { id } } } } }",
        c=case_id,
    )["node"]["team"]
    provider_id = next(
        m["actor"]["id"] for m in team if m["role"] == "PROVIDER" and m["until"] is None
    )
    ws = await _socket(demo, coordinator)
    query = "query($id: ID!) { node(id: $id) { id } }"
    assert (await _ask(ws, "1", query, id=case_id))["data"]["node"] == {"id": case_id}
    removed = demo.data(
        admin,
        "mutation($c: ID!, $a: ID!) { removeCaseTeamMember(input: {caseId: $c, actorId: $a}) { userErrors { code } } }",
        c=case_id,
        a=provider_id,
    )
    assert removed["removeCaseTeamMember"]["userErrors"] == []
    assert (await _ask(ws, "2", query, id=case_id))["data"]["node"] is None
    await ws.close()


async def _next_of(ws: Any, op_id: str, seconds: float = 10) -> dict[str, Any]:
    """The next message for one operation on a socket (others' are passed over)."""
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), seconds))
        if message.get("id") == op_id:
            return message  # type: ignore[no-any-return]


async def test_after_revocation_no_change_and_no_event_passes_an_open_socket(demo: Demo) -> None:
    """Three sockets of one machine client, open before its token is revoked: one
    following a case, one that sends a change afterwards, one idle. The change is not
    made, no event is delivered, and every one of them is closed."""
    response = httpx.post(
        f"{demo.base}/oauth/token",
        data={"grant_type": "client_credentials", "scope": "actors:read cases:read notes:write"},
        auth=(MACHINE_CLIENT, MACHINE_SECRET),
    )
    assert response.status_code == 200, response.text
    token = str(response.json()["access_token"])
    system = demo.data(token, "{ viewer { actor { id } } }")["viewer"]["actor"]["id"]
    manager = demo.as_actor("Maria Lind")
    case_id = demo.case_of(manager)
    joined = demo.data(
        demo.admin(),
        "mutation($c: ID!, $a: ID!) { addCaseTeamMember(input: {caseId: $c, actorId: $a, "
        "role: PROVIDER}) { userErrors { code } } }",
        c=case_id,
        a=system,
    )["addCaseTeamMember"]
    assert joined["userErrors"] == []
    note = (
        "mutation($c: ID!, $b: String!) { addCaseNote(input: {caseId: $c, body: $b, "
        "visibleTo: [PROVIDER, CASE_MANAGER]}) { userErrors { code } } }"
    )
    following, changing, idle = [await _socket(demo, token) for _ in range(3)]
    await following.send(json.dumps({"id": "s", "type": "subscribe", "payload": {
        "query": "subscription($c: ID!) { caseEvents(caseId: $c) { kind } }",
        "variables": {"c": case_id}}}))  # fmt: skip
    await asyncio.sleep(0.5)
    # Before: a change over the socket goes through, and its event is delivered.
    made = await _ask(changing, "1", note, c=case_id, b="Before the revocation")
    assert made["data"]["addCaseNote"]["userErrors"] == [], made
    kinds = []  # joining the team is an event too, handed on by the outbox in its time
    while "note.added" not in kinds:
        kinds.append((await _next_of(following, "s"))["payload"]["data"]["caseEvents"]["kind"])

    revoked = httpx.post(
        f"{demo.base}/oauth/revoke", data={"token": token}, auth=(MACHINE_CLIENT, MACHINE_SECRET)
    )
    assert revoked.status_code == 200
    refused = await _ask(changing, "2", note, c=case_id, b="After the revocation")
    assert refused.get("closed") == 4401, refused
    demo.data(manager, note, c=case_id, b="For the provider, after the revocation")
    for ws in (following, idle):
        with pytest.raises(websockets.ConnectionClosed) as closed:
            message = await _next_of(ws, "s")
            raise AssertionError(f"delivered after the revocation: {message}")
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
    bodies = demo.data(
        manager,
        "query($c: ID!) { node(id: $c) { ... on Case { notes(first: 100) { edges { node { body } } } } } }",
        c=case_id,
    )["node"]["notes"]["edges"]
    written = {e["node"]["body"] for e in bodies}
    assert "Before the revocation" in written and "After the revocation" not in written


# ---------------------------------------------------------------------- nested paths


def test_a_scope_holds_wherever_its_type_is_reached(demo: Demo) -> None:
    manager_id, _ = demo.actor("Maria Lind")
    full = demo.token(R.CASE_MANAGER, manager_id)
    intervention = demo.data(
        full,
        "{ cases(first: 20) { edges { node { interventions(first: 1) { edges { node { id } } } } } } }",
    )
    intervention_id = next(
        e["node"]["interventions"]["edges"][0]["node"]["id"]
        for e in intervention["cases"]["edges"]
        if e["node"]["interventions"]["edges"]
    )
    narrow = demo.token(R.CASE_MANAGER, manager_id, {"interventions:read"})
    body = demo.post(
        narrow,
        "query($id: ID!) { node(id: $id) { ... on Intervention { status case { reference participant { email phone } events(first: 5) { totalCount } } } } }",
        id=intervention_id,
    )
    assert body["data"]["node"]["status"], "the intervention itself is readable"
    assert body["data"]["node"]["case"] is None, "a Case needs cases:read wherever it is reached"
    [error] = body["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN" and error["path"] == ["node", "case"]
    middle = demo.token(R.CASE_MANAGER, manager_id, {"interventions:read", "cases:read"})
    body = demo.post(
        middle,
        "query($id: ID!) { node(id: $id) { ... on Intervention { case { reference participant { email } } } } }",
        id=intervention_id,
    )
    assert body["data"]["node"]["case"]["reference"]
    assert body["data"]["node"]["case"]["participant"] is None, "needs participants:read"
    assert [e["path"] for e in body["errors"]] == [["node", "case", "participant"]]


# ---------------------------------------------------------------------- stored documents


def test_a_document_is_read_by_what_it_holds(demo: Demo) -> None:
    coordinator = demo.as_actor("Sofia Nyberg")
    officer = demo.as_actor("Lars Dahl")
    # Daniel's case: both are on its team, and his clinician's assessment holds a diagnosis.
    listed = "{ cases(first: 50) { edges { node { id participant { givenName } } } } }"
    shared = {c["node"]["id"] for c in demo.data(coordinator, listed)["cases"]["edges"]}
    case_id = next(
        e["node"]["id"]
        for e in demo.data(officer, listed)["cases"]["edges"]
        if e["node"]["id"] in shared and e["node"]["participant"]["givenName"] == "Daniel"
    )
    made = demo.data(
        coordinator,
        'mutation($c: ID!) { generateDocument(input: {caseId: $c, kindCode: "FHIR_EXPORT", format: FHIR_JSON}) { document { id categories downloadUrl } userErrors { code message } } }',
        c=case_id,
    )["generateDocument"]
    assert made["userErrors"] == [], made
    document = made["document"]
    assert "MEDICAL" in document["categories"]
    seen = demo.data(
        officer, "query($c: ID!) { node(id: $c) { ... on Case { documents { id } } } }", c=case_id
    )["node"]["documents"]
    assert document["id"] not in {d["id"] for d in seen}, "no MEDICAL for the employment officer"
    refused = httpx.get(document["downloadUrl"], headers={"authorization": f"Bearer {officer}"})
    assert (
        refused.status_code == 404
        and refused.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    )
    allowed = httpx.get(document["downloadUrl"], headers={"authorization": f"Bearer {coordinator}"})
    assert allowed.status_code == 200 and b"Condition" in allowed.content

    async def downloads() -> list[Any]:
        db = Database(demo.url)
        try:
            async with db.session() as session:
                found = await session.scalars(
                    sa.select(AccessLogRow).where(AccessLogRow.operation.like("download %"))
                )
                return list(found)
        finally:
            await db.dispose()

    [logged] = _run(downloads())
    assert {"DOCUMENTS", "MEDICAL"} <= set(logged.categories), "the log names what it held"
    assert logged.stakeholder_type is R.REHAB_COORDINATOR


# ---------------------------------------------------------------------- what plugins write

READER_VIEW = """
query($id: ID!) { node(id: $id) { ... on Case {
  benefits { id }
  milestones { code name }
  ruleViolations { code message }
  orientation { summary nextSteps { title } blockers }
  meetings(first: 20) { edges { node { kind status minutes minutesCategory } } }
  handover {
    decisions { kind summary } meetings { kind name status minutes } benefitPeriods { benefitType }
    plans { title goal } openSteps { code name } team { lastKind lastSummary }
    openQuestions sections { title items { text } }
  }
  jurisdictionDetails {
    ... on NavCaseDetails { maksdato }
    ... on FkCaseDetails { chainExceptions continuationLevelFrom }
  }
} } }
"""


def _words(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def test_plugins_write_for_the_reader_from_what_the_reader_may_see(demo: Demo) -> None:
    # Jonas's Norwegian case: sykepenger ended, AAP running; his GP sees no BENEFITS.
    nav = demo.as_actor("Siri Bakken")
    gp = demo.as_actor("Dr. Leila Haddad")
    jonas = next(
        e["node"]["id"]
        for e in demo.data(
            nav, "{ cases(first: 50) { edges { node { id participant { givenName } } } } }"
        )["cases"]["edges"]
        if e["node"]["participant"]["givenName"] == "Jonas"
    )
    for_nav = demo.data(nav, READER_VIEW, id=jonas)["node"]
    assert "AAP" in _words(for_nav), "the case manager is told about AAP"
    for_gp = demo.data(gp, READER_VIEW, id=jonas)["node"]
    assert for_gp["benefits"] is None
    assert "AAP" not in _words(for_gp) and "arbeidsavklaringspenger" not in _words(for_gp).lower()
    assert for_gp["jurisdictionDetails"]["maksdato"] is None


def test_an_employer_is_not_told_of_a_medical_exception(demo: Demo) -> None:
    fk = demo.as_actor("Karin Ek")
    cases = demo.data(
        fk,
        "{ cases(first: 50) { edges { node { id employmentStatus team { role actor { id } } } } } }",
    )["cases"]["edges"]
    case = next(
        e["node"] for e in cases
        if e["node"]["employmentStatus"] == "EMPLOYED"
        and any(m["role"] == "EMPLOYER" for m in e["node"]["team"])
    )  # fmt: skip
    recorded = demo.data(
        fk,
        "mutation($c: ID!) { fkRecordChainException(input: {caseId: $c, exception: SERIOUS_ILLNESS}) { userErrors { code message } } }",
        c=case["id"],
    )["fkRecordChainException"]
    assert [e for e in recorded["userErrors"] if e["code"] != "RULE_VIOLATION"] == []
    # ...and talked over at a reconciliation meeting, in minutes of MEDICAL.
    called = demo.data(
        fk,
        "mutation($c: ID!, $d: Date!) { scheduleMeeting(input: {caseId: $c, "
        "kind: \"se.reconciliation_meeting\", scheduledFor: $d}) { meeting { id } "
        "userErrors { code } } }",
        c=case["id"], d=date.today().isoformat(),
    )["scheduleMeeting"]  # fmt: skip
    assert called["userErrors"] == []
    held = demo.data(
        fk,
        "mutation($m: ID!, $d: Date!) { holdMeeting(input: {meetingId: $m, heldOn: $d, "
        "minutesCategory: MEDICAL, minutes: \"Serious illness: the chain is paused.\"}) "
        "{ userErrors { code } } }",
        m=called["meeting"]["id"], d=date.today().isoformat(),
    )["holdMeeting"]  # fmt: skip
    assert held["userErrors"] == []
    for_fk = demo.data(fk, READER_VIEW, id=case["id"])["node"]
    assert "SERIOUS_ILLNESS" in for_fk["jurisdictionDetails"]["chainExceptions"]
    assert "Serious illness: the chain is paused." in _words(for_fk["meetings"])
    assert "Serious illness: the chain is paused." in _words(for_fk["handover"]["meetings"])
    employer_actor = next(m["actor"] for m in case["team"] if m["role"] == "EMPLOYER")
    employer = demo.token(R.EMPLOYER, employer_actor["id"])
    seen = demo.data(employer, READER_VIEW, id=case["id"])["node"]
    assert seen["jurisdictionDetails"]["chainExceptions"] is None
    words = _words(seen).lower()
    assert "serious" not in words and "allvarlig" not in words
    timeline = demo.data(
        employer,
        "query($c: ID!) { node(id: $c) { ... on Case { events(first: 100) { edges { node { kind summary } } } } } }",
        c=case["id"],
    )["node"]["events"]["edges"]
    assert all("chain_exception" not in e["node"]["kind"] for e in timeline)


# ---------------------------------------------------------------------- webhooks


class Receiver:
    """A subscriber's endpoint on another port: each path verifies its own secret."""

    def __init__(self) -> None:
        self.port = free_port()
        self.secrets: dict[str, str] = {}
        self.received: dict[str, list[dict[str, Any]]] = {}
        self.bodies: dict[str, list[str]] = {}

        async def hook(request: Request) -> Response:
            name = request.path_params["name"]
            body = await request.body()
            message = Webhook(self.secrets[name]).verify(body, dict(request.headers))
            self.received.setdefault(name, []).append(message)
            self.bodies.setdefault(name, []).append(body.decode())
            return Response(status_code=204)

        app = Starlette(routes=[Route("/{name}", hook, methods=["POST"])])
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error")
        )

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    thread = threading.Thread(target=receiver.server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if receiver.server.started:
            break
        time.sleep(0.05)
    yield receiver
    receiver.server.should_exit = True
    thread.join(timeout=10)


def _every_field(demo: Demo, type_name: str, depth: int = 4) -> str:
    """The widest selection a subscriber can ask for on a type (see the access matrix)."""
    schema = build_client_schema(
        demo.data(demo.admin(), get_introspection_query(descriptions=False))  # type: ignore[arg-type]
    )
    return every_field(schema, type_name, depth)


async def test_an_employers_webhooks_carry_no_medical_event_or_diagnosis(
    demo: Demo, receiver: Receiver
) -> None:
    """The webhook path: an employer's system subscribed to every event of a case, with
    the widest `fields` it can name, gets the case's events but never a MEDICAL one and
    never a diagnosis; the clinician's system, subscribed alike, gets both."""
    fk = demo.as_actor("Karin Ek")
    cases = demo.data(
        fk,
        "{ cases(first: 50) { edges { node { id employmentStatus team { role actor { id } } } } } }",
    )["cases"]["edges"]
    case = next(
        e["node"] for e in cases
        if e["node"]["employmentStatus"] == "EMPLOYED"
        and {"EMPLOYER", "CLINICIAN"} <= {m["role"] for m in e["node"]["team"]}
    )  # fmt: skip
    member = {m["role"]: m["actor"]["id"] for m in case["team"]}
    fields = _every_field(demo, "CaseEvent")
    subscribe = (
        "mutation($i: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $i) "
        "{ secret userErrors { code message } } }"
    )
    for name, role in (("employer", R.EMPLOYER), ("clinician", R.CLINICIAN)):
        system = demo.token(role, member[role.value], machine=f"{name}-system")
        made = demo.data(
            system,
            subscribe,
            i={
                "url": receiver.url(name),
                "eventTypes": ["*"],
                "caseId": case["id"],
                "fields": fields,
            },
        )["createWebhookSubscription"]
        assert made["userErrors"] == [], made
        receiver.secrets[name] = made["secret"]

    clinician = demo.token(R.CLINICIAN, member["CLINICIAN"])
    recorded = demo.data(
        clinician,
        "mutation($i: RecordAssessmentInput!) { recordAssessment(input: $i) { assessment { id } userErrors { code message } } }",
        i={
            "caseId": case["id"],
            "kind": "se.WORK_CAPACITY",
            "assessedAt": "2026-03-02",
            "workCapacityPercent": 50,
            "diagnoses": [{"system": "ICD-10", "code": "F33.1", "text": "Recurrent depression"}],
            "functionalLimitations": "Tires after four hours",
            "details": {"basis": "NORMALLY_OCCURRING_WORK"},
        },
    )["recordAssessment"]
    assert recorded["assessment"] is not None, recorded
    exception = demo.data(
        fk,
        "mutation($c: ID!) { fkRecordChainException(input: {caseId: $c, exception: SERIOUS_ILLNESS}) { userErrors { code message } } }",
        c=case["id"],
    )["fkRecordChainException"]
    assert [e for e in exception["userErrors"] if e["code"] != "RULE_VIOLATION"] == []
    note = 'mutation($c: ID!) { addCaseNote(input: {caseId: $c, body: "Last", visibleTo: [EMPLOYER, CLINICIAN]}) { userErrors { code } } }'
    assert demo.data(fk, note, c=case["id"])["addCaseNote"]["userErrors"] == []

    # The note came last: once both have it, everything before it was sent (in order).
    deadline = time.monotonic() + 60
    while not all(
        any(m["type"] == "note.added" for m in receiver.received.get(n, []))
        for n in ("employer", "clinician")
    ):
        assert time.monotonic() < deadline, receiver.received
        await asyncio.sleep(0.2)
    medical = {
        t["type"]
        for t in demo.data(demo.admin(), "{ eventTypes { type category } }")["eventTypes"]
        if t["category"] == "MEDICAL"
    }
    employer = [m["type"] for m in receiver.received["employer"]]
    clinician_got = [m["type"] for m in receiver.received["clinician"]]
    assert "assessment.recorded" in employer, "an assessment's existence reaches the team"
    assert "assessment.recorded" in clinician_got
    assert "se.chain_exception.recorded" in clinician_got, "a MEDICAL event reaches MEDICAL"
    assert "se.chain_exception.recorded" not in employer
    assert not medical & set(employer)
    employer_text = " ".join(receiver.bodies["employer"])
    for word in ("F33", "Recurrent depression", "four hours", "SERIOUS_ILLNESS"):
        assert word not in employer_text
    assert "fields" in receiver.received["employer"][0]["data"]


# ---------------------------------------------------------------------- the timeline


async def test_an_event_about_a_hidden_note_is_not_shown(demo: Demo) -> None:
    manager = demo.as_actor("Maria Lind")
    case_id = demo.case_of(manager)
    employer_id = next(
        m["actor"]["id"]
        for m in demo.data(
            manager,
            "query($c: ID!) { node(id: $c) { ... on Case { team { role actor { id } } } } }",
            c=case_id,
        )["node"]["team"]
        if m["role"] == "EMPLOYER"
    )
    employer = demo.token(R.EMPLOYER, employer_id)
    events = "query($c: ID!) { node(id: $c) { ... on Case { events(first: 100) { totalCount edges { node { kind } } } } } }"
    before = demo.data(employer, events, c=case_id)["node"]["events"]["totalCount"]
    ws = await _socket(demo, employer)
    await ws.send(json.dumps({"id": "s", "type": "subscribe", "payload": {
        "query": "subscription($c: ID!) { caseEvents(caseId: $c) { kind } }", "variables": {"c": case_id}}}))  # fmt: skip
    await asyncio.sleep(0.5)
    note = "mutation($c: ID!, $b: String!, $v: [StakeholderType!]) { addCaseNote(input: {caseId: $c, body: $b, visibleTo: $v}) { userErrors { code } } }"
    demo.data(manager, note, c=case_id, b="For the case manager only", v=[])
    demo.data(manager, note, c=case_id, b="For the employer too", v=["EMPLOYER"])
    delivered = json.loads(await asyncio.wait_for(ws.recv(), 10))
    assert delivered["payload"]["data"]["caseEvents"]["kind"] == "note.added"
    with pytest.raises(TimeoutError):  # the hidden note's event came first and was skipped
        await asyncio.wait_for(ws.recv(), 1.5)
    await ws.close()
    after = demo.data(employer, events, c=case_id)["node"]["events"]["totalCount"]
    assert after == before + 1, "the hidden note's event is neither listed nor counted"


# ---------------------------------------------------------------------- sizes


def test_a_request_is_bounded_before_it_is_parsed(demo: Demo) -> None:
    manager = demo.as_actor("Maria Lind")
    huge = "# " + "x" * (8 * 1024 * 1024) + "\n{ viewer { clientId } }"
    response = httpx.post(
        f"{demo.base}/graphql",
        json={"query": huge},
        headers={"authorization": f"Bearer {manager}"},
        timeout=60,
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert response.headers["x-request-id"]


async def test_a_socket_message_is_bounded_before_it_is_parsed(demo: Demo) -> None:
    manager = demo.as_actor("Maria Lind")
    ws = await _socket(demo, manager)
    huge = "# " + "x" * (8 * 1024 * 1024) + "\n{ viewer { clientId } }"
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": huge}}))
        await asyncio.wait_for(ws.recv(), 10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


# ---------------------------------------------------------------------- narrow tokens

LARGE_QUERY = """
query Everything {
  viewer { stakeholderType scopes actor { name } participant { givenName } }
  cases(first: 5) { totalCount edges { node {
    id reference status participant { givenName nationalId email }
    team { role actor { name } } employer { name }
    currentPlan { title steps { workPercent } approvals { role actor { name } } }
    plans(first: 2) { totalCount edges { node { title } } }
    assessments(first: 2) { edges { node { kind diagnoses { code } assessor { name } } } }
    interventions(first: 2) { edges { node { status type { code } provider { name } } } }
    benefits { degree amount } notes(first: 2) { edges { node { body author { name } } } }
    documents { id } events(first: 2) { edges { node { kind eventKind actor { name } } } }
    documentsConnection(first: 2) { totalCount } benefitsConnection(last: 2) { totalCount }
    teamConnection(first: 2) { edges { node { role actor { name } } } }
    milestones { code status optional } orientation { summary } ruleViolations { code }
  } } }
  participants(first: 2) { edges { node { givenName cases(first: 1) { totalCount }
    consentsConnection(first: 1) { totalCount } } } }
  case(id: "CAS_AAAAAAAAAAAAAAAAAAAAAA") { id }
  caseByReference(reference: "NO-2026-000001") { id }
  actors(first: 2) { edges { node { name } } }
}
"""


def _everything(demo: Demo) -> str:
    """The hand-written query above, and every field the schema has, read from it (so a
    field added later is covered): every root field without a required argument, and
    every field of a case three levels down, with each jurisdiction's details."""
    schema = build_client_schema(
        demo.data(demo.admin(), get_introspection_query(descriptions=False))  # type: ignore[arg-type]
    )
    details = schema.get_type("JurisdictionDetails")
    assert details is not None
    fragments = " ".join(
        f"... on {kind.name} {{ {every_field(schema, kind.name, 2)} }}"
        for kind in schema.get_possible_types(details)  # type: ignore[arg-type]
    )
    case = f"{every_field(schema, 'Case', 3)} jurisdictionDetails {{ {fragments} }}"
    # Aliased, so they never clash with the same root fields asked above.
    query = schema.query_type
    assert query is not None
    roots = []
    for name, field in query.fields.items():
        if any(is_non_null_type(argument.type) for argument in field.args.values()):
            continue
        arguments = "(first: 5)" if "first" in field.args else ""
        target = get_named_type(field.type)
        inner = f" {{ {every_field(schema, target.name, 3)} }}" if is_object_type(target) else ""
        roots.append(f"every_{name}: {name}{arguments}{inner}")
    generated = f"{' '.join(roots)} every: cases(first: 3) {{ edges {{ node {{ {case} }} }} }}"
    return LARGE_QUERY.rstrip().removesuffix("}") + generated + " }"


def _narrowest_tokens(demo: Demo) -> Iterator[tuple[R, str, str]]:
    """For every role of the demo, a token per scope it may hold, each with that scope alone."""
    for label in ("Maria Lind", "Dr. Amina Yusuf", "Sofia Nyberg", "Lars Dahl", "Nora Aas",
                  "Peter Sand"):  # fmt: skip
        actor, role = demo.actor(label)
        for scope in sorted(MAX_SCOPES[role]):
            yield role, scope, demo.token(role, actor, {scope})
    person = demo.data(demo.admin(), "{ participants(first: 1) { edges { node { id } } } }")
    participant = person["participants"]["edges"][0]["node"]["id"]
    for scope in sorted(MAX_SCOPES[R.PARTICIPANT]):
        yield (
            R.PARTICIPANT,
            scope,
            demo.token(R.PARTICIPANT, None, {scope}, participant=participant),
        )
    for scope in sorted(MAX_SCOPES[R.ADMIN]):
        yield R.ADMIN, scope, demo.token(R.ADMIN, None, {scope})


def test_the_same_query_answers_every_narrow_token_without_blanking(demo: Demo) -> None:
    query = _everything(demo)
    roles = set()
    for role, scope, token in _narrowest_tokens(demo):
        roles.add(role)
        body = demo.post(token, query)
        assert body.get("data") is not None, (role, scope, body.get("errors"))
        assert body["data"]["viewer"]["scopes"] == [scope]
        codes = {e["extensions"]["code"] for e in body.get("errors", [])}
        assert codes <= {"FORBIDDEN"}, (role, scope, body["errors"])
        if scope == "cases:read" and role is not R.PARTICIPANT:
            assert body["data"]["cases"]["edges"], "the cases themselves stand"
            assert all(e["node"]["currentPlan"] is None for e in body["data"]["cases"]["edges"])
    assert roles == set(R), "every role's narrowest tokens"


# ---------------------------------------------------------------------- consent


def test_revoking_a_consent_answers_one_way_for_what_is_not_yours(demo: Demo) -> None:
    manager = demo.as_actor("Maria Lind")
    refused = demo.post(
        manager,
        'mutation { revokeConsent(input: {id: "CON_AAAAAAAAAAAAAAAAAAAAAA"}) { userErrors { code message } } }',
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN", "the scope comes first"
    # With the scope: another participant's consent and one that does not exist get
    # the same answer, so trying ids tells nothing about which consents exist.
    people = demo.data(demo.admin(), "{ participants(first: 2) { edges { node { id } } } }")
    owner, other = (demo.token(R.PARTICIPANT, participant=e["node"]["id"])
                    for e in people["participants"]["edges"])  # fmt: skip
    granted = demo.data(
        owner,
        "mutation($p: ID!, $g: ID!) { grantConsent(input: {participantId: $p, granteeId: $g, "
        "categories: [CONTACT]}) { consent { id } userErrors { code } } }",
        p=people["participants"]["edges"][0]["node"]["id"],
        g=demo.actor("Lars Dahl")[0],
    )["grantConsent"]
    assert granted["userErrors"] == [], granted
    revoke = "mutation($id: ID!) { revokeConsent(input: {id: $id}) { consent { id } userErrors { code message field } } }"
    answers = [
        demo.data(other, revoke, id=consent)["revokeConsent"]
        for consent in (granted["consent"]["id"], "CON_AAAAAAAAAAAAAAAAAAAAAA")
    ]
    assert answers[0] == answers[1], answers
    assert answers[0]["consent"] is None and answers[0]["userErrors"][0]["code"] == "NOT_FOUND"
    mine = demo.data(owner, revoke, id=granted["consent"]["id"])["revokeConsent"]
    assert mine["userErrors"] == [] and mine["consent"] == granted["consent"]


# ---------------------------------------------------------------------- the log


async def test_the_access_log_verifies_after_traffic_over_both_transports(demo: Demo) -> None:
    """Reads and a change over HTTP and over a socket, each in the log, which the
    sealer has sealed and `vocrehab audit verify` finds intact."""
    manager = demo.as_actor("Maria Lind")
    case_id = demo.case_of(manager)
    page = "query Mixed%s { cases(first: 2) { edges { node { participant { givenName } } } } }"
    demo.data(manager, page % "Http")
    following = await _socket(demo, manager)
    await following.send(json.dumps({"id": "s", "type": "subscribe", "payload": {
        "query": "subscription MixedEvents($c: ID!) { caseEvents(caseId: $c) { kind summary } }",
        "variables": {"c": case_id}}}))  # fmt: skip
    await asyncio.sleep(0.5)
    ws = await _socket(demo, manager)
    assert "data" in await _ask(ws, "1", page % "Socket")
    note = """mutation MixedNote($c: ID!) {
      addCaseNote(input: {caseId: $c, body: "Over the socket"}) { userErrors { code } } }"""
    assert (await _ask(ws, "2", note, c=case_id))["data"]["addCaseNote"]["userErrors"] == []
    kinds = []  # (an earlier test's change may still be on its way to subscribers)
    while "note.added" not in kinds:
        kinds.append((await _next_of(following, "s"))["payload"]["data"]["caseEvents"]["kind"])
    await ws.close()
    await following.close()

    async def operations() -> set[str]:
        db = Database(demo.url)
        try:
            async with db.session() as session:
                logged = await session.scalars(
                    sa.select(AccessLogRow.operation).where(AccessLogRow.operation.like("%Mixed%"))
                )
                return set(logged)
        finally:
            await db.dispose()

    assert _run(operations()) == {
        "query MixedHttp",
        "query MixedSocket",
        "mutation MixedNote",
        "subscription MixedEvents",  # the event delivered: a read of its own
    }
    env = server_env(demo.url, free_port())
    verify = [str(BIN / "vocrehab"), "audit", "verify", "--max-unsealed-age", "0"]
    for _ in range(30):  # the server's sealer takes the new entries within a second or two
        # Exit 1 until then: entries not sealed within 0 s count as a finding.
        done = subprocess.run(verify, env=env, capture_output=True, text=True)
        verified = done.stdout + done.stderr
        if done.returncode == 0:
            break
        await asyncio.sleep(0.5)
    assert "access log intact" in verified and " 0 not sealed yet" in verified, verified

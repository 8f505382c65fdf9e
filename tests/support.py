"""Test helpers: building a small world through the core services, and calling
the API over HTTP (in-process ASGI) as any principal."""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, TypeVar

import httpx
from starlette.applications import Starlette

from vocrehab.auth.tokens import TokenRequest, issue_access_token
from vocrehab.config import Settings
from vocrehab.core import actors, cases, participants
from vocrehab.core.clock import Clock
from vocrehab.core.policy import MAX_SCOPES
from vocrehab.core.principal import Principal
from vocrehab.core.work import Work
from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import ActorKind, EmploymentStatus
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab.ids import decode_global_id, encode_global_id

T = TypeVar("T")

TEST_SETTINGS = dict(
    issuer="https://vocrehab.test",
    audience="vocrehab-test",
    public_url="https://vocrehab.test",
    # Tests seal when they mean to: a background sealer would add statements to
    # the statement counts and rows to the table comparisons at random moments.
    audit_sealer=False,
    # Likewise the outbox dispatcher: tests hand events on with `dispatcher.drain()`.
    dispatcher=False,
)


def settings(**overrides: Any) -> Settings:
    return Settings(**{**TEST_SETTINGS, **overrides})


def admin() -> Principal:
    return Principal("admin", "test", R.ADMIN, MAX_SCOPES[R.ADMIN])


def as_actor(actor: m.Actor, scopes: frozenset[str] | None = None) -> Principal:
    return Principal(
        encode_global_id("Actor", actor.id),
        "test",
        actor.stakeholder_type,
        MAX_SCOPES[actor.stakeholder_type] if scopes is None else scopes,
        actor_id=actor.id,
        organisation_id=actor.organisation_id,
    )


def as_participant(person: m.Participant, scopes: frozenset[str] | None = None) -> Principal:
    return Principal(
        encode_global_id("Participant", person.id),
        "test",
        R.PARTICIPANT,
        MAX_SCOPES[R.PARTICIPANT] if scopes is None else scopes,
        actor_id=person.actor_id,
        participant_id=person.id,
    )


def gid(row: Any) -> str:
    return encode_global_id(
        type(row).__name__ if type(row).__name__ != "CaseNote" else "CaseNote", row.id
    )


def uid(global_id: str) -> uuid.UUID:
    """The row id a global ID names (core services take row ids)."""
    return decode_global_id(global_id)[1]


class World:
    """Creates actors, participants and cases through the core services."""

    def __init__(self, db: Database, host: PluginHost, clock: Clock) -> None:
        self.db = db
        self.host = host
        self.clock = clock

    async def do(self, who: Principal, service: Callable[[Work], Awaitable[T]]) -> T:
        async with self.db.transaction() as session:
            return await service(Work(session, who, self.host, self.clock))

    async def actor(
        self,
        role: R,
        name: str | None = None,
        kind: ActorKind = ActorKind.PERSON,
        organisation: m.Actor | None = None,
    ) -> m.Actor:
        cmd = actors.CreateActor(
            kind=kind,
            stakeholder_type=role,
            name=name or f"{role.value.title()} {kind.value.lower()}",
            organisation_id=organisation.id if organisation else None,
        )
        return await self.do(admin(), lambda w: actors.create_actor(w, cmd))

    async def participant(
        self, given: str = "Ada", family: str = "Berg", **extra: Any
    ) -> m.Participant:
        cmd = participants.RegisterParticipant(
            jurisdiction=extra.pop("jurisdiction", "generic"),
            given_name=given,
            family_name=family,
            **extra,
        )
        return await self.do(admin(), lambda w: participants.register_participant(w, cmd))

    async def case(
        self,
        participant: m.Participant,
        team: Mapping[m.Actor, R] | None = None,
        employer: m.Actor | None = None,
        sick_leave_start: date | None = None,
        employment: EmploymentStatus = EmploymentStatus.EMPLOYED,
        details: dict[str, Any] | None = None,
    ) -> m.Case:
        cmd = cases.OpenCase(
            participant_id=participant.id,
            employment_status=employment,
            employer_id=employer.id if employer else None,
            sick_leave_start=sick_leave_start,
            details=details,
        )
        case = await self.do(admin(), lambda w: cases.open_case(w, cmd))
        for member, role in (team or {}).items():
            change = cases.TeamChange(case_id=case.id, actor_id=member.id, role=role)
            await self.do(admin(), lambda w, c=change: cases.add_team_member(w, c))
        return case


@dataclass
class Result:
    status: int
    body: dict[str, Any]

    @property
    def data(self) -> dict[str, Any]:
        assert not self.body.get("errors"), json.dumps(self.body["errors"], indent=1)
        return self.body["data"]

    @property
    def errors(self) -> list[dict[str, Any]]:
        return self.body.get("errors") or []

    @property
    def codes(self) -> list[str]:
        return [e.get("extensions", {}).get("code") for e in self.errors]

    @property
    def bad_input(self) -> list[str] | None:
        """The input field of the one top-level BAD_USER_INPUT error (a malformed ID, say)."""
        assert self.codes == ["BAD_USER_INPUT"], json.dumps(self.body, indent=1)
        field: list[str] | None = self.errors[0]["extensions"].get("field")
        return field


class Api:
    """Calls POST /graphql of an in-process app as a given principal."""

    def __init__(self, app: Starlette, client: httpx.AsyncClient, clock: Clock) -> None:
        self.app = app
        self.client = client
        self.clock = clock

    def token(self, principal: Principal, ttl: timedelta = timedelta(minutes=15)) -> str:
        services = self.app.state.services
        request = TokenRequest(
            subject=principal.subject,
            client_id=principal.client_id,
            stakeholder_type=principal.stakeholder_type,
            scopes=principal.scopes,
            actor_id=principal.actor_id,
            participant_id=principal.participant_id,
            ttl=ttl,
        )
        return issue_access_token(
            services.keys,
            services.settings.token_issuer,
            services.settings.audience,
            request,
            self.clock.now(),
        )

    async def query(self, principal: Principal | None, query: str, **variables: Any) -> Result:
        headers = {"authorization": f"Bearer {self.token(principal)}"} if principal else {}
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        return Result(response.status_code, response.json())

    async def query_escaped(
        self, principal: Principal, query: str, variables: dict[str, Any]
    ) -> Result:
        """As `query`, with every non-ASCII character sent as a JSON escape: the only
        way a lone surrogate (half of a UTF-16 pair) can travel in valid UTF-8."""
        body = json.dumps({"query": query, "variables": variables}, ensure_ascii=True)
        headers = {
            "authorization": f"Bearer {self.token(principal)}",
            "content-type": "application/json",
        }
        response = await self.client.post("/graphql", content=body, headers=headers)
        return Result(response.status_code, response.json())


def with_scopes(principal: Principal, scopes: set[str]) -> Principal:
    return replace(principal, scopes=frozenset(scopes))


class SocketApi:
    """Sends each operation over graphql-transport-ws, on a socket of its own, to an
    app served by uvicorn in this process (the same app the HTTP `Api` calls)."""

    PROTOCOL = "graphql-transport-ws"

    def __init__(self, api: Api, url: str) -> None:
        self.api = api
        self.url = url
        self.app = api.app
        self.clock = api.clock

    def token(self, principal: Principal, ttl: timedelta = timedelta(minutes=15)) -> str:
        return self.api.token(principal, ttl)

    async def query(self, principal: Principal | None, query: str, **variables: Any) -> Result:
        import websockets

        async with websockets.connect(self.url, subprotocols=[self.PROTOCOL]) as ws:  # type: ignore[list-item]
            payload = {"Authorization": f"Bearer {self.token(principal)}"} if principal else {}
            await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
            ack = json.loads(await ws.recv())
            assert ack["type"] == "connection_ack", ack
            message = {"query": query, "variables": variables}
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": message}))
            body: dict[str, Any] = {}
            while True:
                reply = json.loads(await ws.recv())
                if reply["type"] == "next":
                    body = reply["payload"]
                elif reply["type"] == "error":
                    body = {"errors": reply["payload"], "data": None}
                    break
                elif reply["type"] == "complete":
                    break
        return Result(200, body)


async def serve_in_process(app: Starlette) -> tuple[str, Callable[[], Awaitable[None]]]:
    """Serve `app` (its lifespan already running) with uvicorn on a free port; returns
    the base URL and a coroutine function that stops it."""
    import asyncio
    import socket

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)

    async def stop() -> None:
        server.should_exit = True
        await task

    return f"127.0.0.1:{port}", stop


def take_down(db: Database, monkeypatch: Any) -> None:
    """Every new session of `db` fails to connect from now on, as when its server is down."""
    nowhere = Database("postgresql+asyncpg://nobody@127.0.0.1:9/nowhere")
    monkeypatch.setattr(db, "sessionmaker", nowhere.sessionmaker)
    monkeypatch.setattr(db, "_writer", nowhere._writer)
    monkeypatch.setattr(db, "engine", nowhere.engine)  # an operation's own connection

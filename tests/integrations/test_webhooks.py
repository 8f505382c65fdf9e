"""Webhooks end to end, to a real receiver (a Starlette app on another port) that
verifies every signature with the standardwebhooks library."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import httpx
import orjson
import pytest
import uvicorn
from servers import free_port
from standardwebhooks import Webhook
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from support import Api, World, as_actor, gid, settings

from vocrehab.app import create_app
from vocrehab.core import notes
from vocrehab.core.clock import Clock
from vocrehab.core.principal import Principal
from vocrehab.core.webhook_urls import UrlPolicy
from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import StakeholderType as R


class Receiver:
    """Answers with the statuses queued in `replies` (then 204), keeps what it got."""

    def __init__(self) -> None:
        self.port = free_port()
        self.secret = ""
        self.received: list[dict[str, Any]] = []
        self.replies: list[tuple[int, dict[str, str]]] = []
        self.seen = 0

        async def hook(request: Request) -> Response:
            body = await request.body()
            self.seen += 1
            if self.replies:
                status, headers = self.replies.pop(0)
                return Response(status_code=status, headers=headers)
            message = Webhook(self.secret).verify(body, dict(request.headers))
            self.received.append({"id": request.headers["webhook-id"], **message})
            return Response(status_code=204)

        app = Starlette(routes=[Route("/hook", hook, methods=["POST"])])
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error")
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    thread = threading.Thread(target=receiver.server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if receiver.server.started:
            break
        threading.Event().wait(0.05)
    yield receiver
    receiver.server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
async def wired(
    db: Database, host: PluginHost, clock: Clock, receiver: Receiver
) -> AsyncIterator[tuple[Api, World, Any]]:
    receiver.received.clear()
    receiver.replies.clear()
    application = create_app(
        settings(webhook_allow_loopback_http=True), host=host, clock=clock, database=db
    )
    services = application.state.services
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="https://vocrehab.test") as c:
            yield Api(application, c, clock), World(db, host, clock), services


def machine(actor: m.Actor) -> Principal:
    """A provider system's token: client credentials, bound to its organisation."""
    principal = as_actor(actor)
    return replace(principal, subject="system-1", client_id="system-1")


SUBSCRIBE = """mutation($url: String!, $types: [String!]!, $fields: String) {
  createWebhookSubscription(input: {url: $url, eventTypes: $types, fields: $fields}) {
    subscription { id status eventTypes } secret userErrors { code field message } } }"""


async def _subscribe(
    api: Api, who: Principal, url: str, types: list[str], fields: str | None = None
) -> dict[str, Any]:
    result = await api.query(who, SUBSCRIBE, url=url, types=types, fields=fields)
    return result.data["createWebhookSubscription"]  # type: ignore[no-any-return]


async def _drain(services: Any) -> None:
    await services.dispatcher.drain()


async def test_signed_in_order_and_never_medical_to_the_employer(
    wired: tuple[Api, World, Any], receiver: Receiver
) -> None:
    api, world, services = wired
    manager = await world.actor(R.CASE_MANAGER)
    clinician = await world.actor(R.CLINICIAN)
    employer = await world.actor(R.EMPLOYER)
    case = await world.case(
        await world.participant(),
        team={manager: R.CASE_MANAGER, clinician: R.CLINICIAN, employer: R.EMPLOYER},
    )
    await _drain(services)  # the case's own opening
    created = await _subscribe(api, machine(employer), receiver.url, ["*"], "actor { name }")
    assert created["userErrors"] == [], created
    receiver.secret = created["secret"]
    for i in range(3):
        cmd = notes.AddNote(case_id=case.id, body=f"n{i}", visible_to=[R.EMPLOYER, R.CASE_MANAGER])
        await world.do(as_actor(manager), lambda w, cmd=cmd: notes.add_note(w, cmd))
    # A note only clinicians read: an event the employer may not see is not sent.
    private = notes.AddNote(case_id=case.id, body="F32", visible_to=[R.CLINICIAN])
    await world.do(as_actor(clinician), lambda w: notes.add_note(w, private))
    await _drain(services)
    kinds = [r["type"] for r in receiver.received]
    assert kinds == ["note.added"] * 3
    assert [r["data"]["caseId"] for r in receiver.received] == [gid(case)] * 3
    assert all(r["data"]["fields"]["actor"]["name"] == manager.name for r in receiver.received)
    assert "F32" not in orjson.dumps(receiver.received).decode()


async def test_retries_after_500_and_429_then_dead_letter_and_redelivery(
    wired: tuple[Api, World, Any], receiver: Receiver, clock: Clock
) -> None:
    api, world, services = wired
    manager = await world.actor(R.CASE_MANAGER)
    provider = await world.actor(R.PROVIDER)
    case = await world.case(
        await world.participant(), team={manager: R.CASE_MANAGER, provider: R.PROVIDER}
    )
    await _drain(services)
    created = await _subscribe(api, machine(provider), receiver.url, ["note.added"])
    receiver.secret = created["secret"]
    receiver.replies = [(500, {}), (429, {"retry-after": "120"})]
    cmd = notes.AddNote(case_id=case.id, body="x", visible_to=[R.PROVIDER])
    await world.do(as_actor(manager), lambda w: notes.add_note(w, cmd))
    await _drain(services)
    assert receiver.seen >= 1 and receiver.received == []
    clock.advance(timedelta(hours=1))
    await _drain(services)  # the 429
    clock.advance(timedelta(seconds=121))
    await _drain(services)
    assert [r["type"] for r in receiver.received] == ["note.added"]
    log = await api.query(
        machine(provider),
        "{ webhookSubscriptions { edges { node { deliveries { edges { node { id attempts status responseStatus } } } } } } }",
    )
    [delivery] = log.data["webhookSubscriptions"]["edges"][0]["node"]["deliveries"]["edges"]
    assert delivery["node"]["attempts"] == 3 and delivery["node"]["status"] == "SUCCEEDED"

    # Every reply a failure for a whole day: dead-lettered; redelivery sends it again.
    receiver.received.clear()
    receiver.replies = [(500, {})] * 50
    cmd = notes.AddNote(case_id=case.id, body="y", visible_to=[R.PROVIDER])
    await world.do(as_actor(manager), lambda w: notes.add_note(w, cmd))
    for _ in range(40):
        await _drain(services)
        clock.advance(timedelta(hours=1))
    log = await api.query(
        machine(provider),
        "{ webhookSubscriptions { edges { node { deliveries { edges { node { id status } } } } } } }",
    )
    newest = log.data["webhookSubscriptions"]["edges"][0]["node"]["deliveries"]["edges"][0]["node"]
    assert newest["status"] == "DEAD"
    receiver.replies = []
    again = await api.query(
        machine(provider),
        "mutation($id: ID!) { redeliverWebhook(input: {deliveryId: $id}) { delivery { status } userErrors { code } } }",
        id=newest["id"],
    )
    assert again.data["redeliverWebhook"]["userErrors"] == []
    await _drain(services)
    assert [r["type"] for r in receiver.received] == ["note.added"]


@pytest.mark.parametrize(
    ("url", "resolves"),
    [
        ("http://127.0.0.1:9/hook", None),
        ("https://10.0.0.5/hook", None),
        ("https://169.254.169.254/latest/meta-data", None),
        ("https://[::1]/hook", None),
        ("https://internal.example/hook", ["192.168.1.20"]),
        ("https://metadata.example/hook", ["169.254.169.254"]),
        ("https://localhost/hook", ["127.0.0.1"]),
    ],
)
async def test_private_addresses_are_refused(url: str, resolves: list[str] | None) -> None:
    async def resolver(host: str, port: int) -> list[str]:
        assert resolves is not None
        return resolves

    policy = UrlPolicy(allow_loopback_http=False, resolve=resolver)
    from vocrehab.core.webhook_urls import UnsafeUrl

    with pytest.raises(UnsafeUrl) as refused:
        await policy.check(url)
    assert refused.value.problems[0].code == "UNSAFE_URL"


async def test_the_subscription_api_refuses_unsafe_urls_and_people(
    wired: tuple[Api, World, Any],
) -> None:
    api, world, _ = wired
    provider = await world.actor(R.PROVIDER)
    refused = await _subscribe(api, machine(provider), "https://10.1.2.3/x", ["*"])
    assert refused["userErrors"][0]["code"] == "UNSAFE_URL"
    assert refused["userErrors"][0]["field"] == ["input", "url"]
    person = await _subscribe(api, as_actor(provider), "https://example.org/x", ["*"])
    assert person["userErrors"][0]["code"] == "NOT_ALLOWED"


async def test_a_subscription_names_a_plugins_kinds_or_all_of_them(
    wired: tuple[Api, World, Any],
) -> None:
    api, world, _ = wired
    provider = await world.actor(R.PROVIDER)
    url = "https://93.184.216.34/hook"
    named = await _subscribe(api, machine(provider), url, ["generic.first_contact.recorded"])
    assert named["userErrors"] == [] and named["subscription"]["eventTypes"] == [
        "generic.first_contact.recorded"
    ]
    every = await _subscribe(api, machine(provider), url, ["generic.*"])
    assert every["userErrors"] == []
    unknown = await _subscribe(api, machine(provider), url, ["generic.no_such.thing"])
    assert unknown["userErrors"][0]["code"] == "INVALID_INPUT"

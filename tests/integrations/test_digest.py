"""The daily digest: issued once a day from its hour, however many workers try;
sent as a `digest.daily` webhook to the subscriptions that name it, read as the
subscriber; pushed to `dailyDigest` subscribers; and the same numbers as
`Query.dailyDigest`, counted from the reader's moves and unseen events."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import websockets
from support import Api, World, admin, as_actor, gid, serve_in_process
from test_webhooks import Receiver, _subscribe, machine, receiver, wired  # noqa: F401

from vocrehab.core import notes, seen
from vocrehab.db.engine import Database
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab.integrations.digest import DigestStage

DIGEST = """{ dailyDigest { day moveCount overdueMoves dueSoonMoves casesWithNews unseenEvents
  moves(first: 20) { totalCount edges { node { code dueDate status case { id } } } }
  news(first: 20) { totalCount edges { node { id unseenCount } } } } }"""


async def _caseload(world: World) -> dict[str, Any]:
    """Three cases of one case manager; the clinician writes on two of them after both
    looked, one note the manager reads, one they do not."""
    manager = await world.actor(R.CASE_MANAGER, "Case manager")
    gp = await world.actor(R.CLINICIAN, "GP")
    team = {manager: R.CASE_MANAGER, gp: R.CLINICIAN}
    cases = [await world.case(await world.participant(f"P{i}"), team=team) for i in range(3)]
    for case in cases:
        for who in (manager, gp):
            await world.do(as_actor(who), lambda w, c=case.id: seen.mark_case_seen(w, c))
    shared = notes.AddNote(cases[0].id, "Seen the patient", [R.CASE_MANAGER])
    await world.do(as_actor(gp), lambda w: notes.add_note(w, shared))
    private = notes.AddNote(cases[1].id, "Between clinicians", [R.CLINICIAN])
    await world.do(as_actor(gp), lambda w: notes.add_note(w, private))
    return {"manager": manager, "gp": gp, "cases": cases}


async def test_the_digest_counts_moves_and_news_as_the_reader_sees_them(
    api: Api, world: World
) -> None:
    load = await _caseload(world)
    digest = (await api.query(as_actor(load["manager"]), DIGEST)).data["dailyDigest"]
    moves = (await api.query(as_actor(load["manager"]),
                             "{ moves(first: 100) { edges { node { status } } } }")).data  # fmt: skip
    statuses = [e["node"]["status"] for e in moves["moves"]["edges"]]
    assert digest["day"] == str(api.clock.today())
    assert digest["moveCount"] == len(statuses) == digest["moves"]["totalCount"] > 0
    assert digest["overdueMoves"] == statuses.count("OVERDUE")
    assert digest["dueSoonMoves"] == statuses.count("DUE")
    # Only the note the manager may read is news; the clinicians' own is not counted.
    assert (digest["casesWithNews"], digest["unseenEvents"]) == (1, 1)
    assert [n["node"]["id"] for n in digest["news"]["edges"]] == [gid(load["cases"][0])]
    # The clinician wrote both notes: nothing is news to them; their steps are the
    # assessments of the three cases.
    theirs = (await api.query(as_actor(load["gp"]), DIGEST)).data["dailyDigest"]
    assert (theirs["moveCount"], theirs["casesWithNews"], theirs["unseenEvents"]) == (3, 0, 0)
    assert {e["node"]["code"] for e in theirs["moves"]["edges"]} == {"WORK_CAPACITY_ASSESSMENT"}
    refused = await api.query(
        as_actor(load["manager"], frozenset({"actors:read"})), "{ dailyDigest { day } }"
    )
    assert refused.codes == ["FORBIDDEN"]


async def test_issued_once_a_day_and_sent_to_whoever_names_it(
    wired: tuple[Api, World, Any],  # noqa: F811
    receiver: Receiver,  # noqa: F811
    db: Database,
) -> None:
    api, world, services = wired
    load = await _caseload(world)
    system = machine(load["manager"])
    named = await _subscribe(api, system, receiver.url, ["digest.daily"])
    assert named["subscription"]["status"] == "ACTIVE", named
    receiver.secret = named["secret"]
    everything = await _subscribe(api, system, receiver.url, ["*"])
    assert everything["userErrors"] == []
    stage = services.dispatcher.digests
    assert isinstance(stage, DigestStage)

    assert await DigestStage(services, hour=23).issue_due() == 0, "not before its hour"
    assert await stage.issue_due() == 1, "one delivery: the subscription that names it"
    assert await stage.issue_due() == 0
    other_worker = DigestStage(services, stage.hour)
    assert await other_worker.issue_due() == 0, "another worker finds the day issued"
    await services.dispatcher.drain()

    digests = [r for r in receiver.received if r["type"] == "digest.daily"]
    assert len(digests) == 1
    data = digests[0]["data"]
    expected = (await api.query(as_actor(load["manager"]), DIGEST)).data["dailyDigest"]
    for key in ("day", "moveCount", "overdueMoves", "dueSoonMoves", "casesWithNews",
                "unseenEvents"):  # fmt: skip
        assert data[key] == expected[key], key
    assert len(data["moves"]["edges"]) == min(20, expected["moveCount"])
    assert data["moves"]["edges"][0]["node"]["case"]["id"] in {gid(c) for c in load["cases"]}

    # The next day, again once.
    services.clock.advance(timedelta(days=1))
    assert await stage.issue_due() == 1


async def test_subscribers_hear_their_digest_when_it_is_issued(api: Api, world: World) -> None:
    load = await _caseload(world)
    host, stop = await serve_in_process(api.app)
    try:
        url, protocols = f"ws://{host}/graphql", ["graphql-transport-ws"]
        async with websockets.connect(url, subprotocols=protocols) as ws:  # type: ignore[arg-type]
            token = api.token(as_actor(load["manager"]))
            await ws.send(json.dumps({"type": "connection_init",
                                      "payload": {"Authorization": f"Bearer {token}"}}))  # fmt: skip
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            query = (
                "subscription { dailyDigest { day moveCount casesWithNews news(first: 5) "
                "{ edges { node { id } } } } }"
            )
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
            await asyncio.sleep(0.3)
            stage = api.app.state.services.dispatcher.digests  # type: ignore[attr-defined]
            assert await stage.issue_due() == 0  # no webhook wants it; subscribers are told
            reply = json.loads(await asyncio.wait_for(ws.recv(), 5))
            assert reply["type"] == "next", reply
            digest = reply["payload"]["data"]["dailyDigest"]
            assert digest["day"] == str(api.clock.today())
            assert digest["casesWithNews"] == 1
            assert digest["news"]["edges"] == [{"node": {"id": gid(load["cases"][0])}}]
    finally:
        await stop()


async def test_an_admin_digest_needs_no_actor(api: Api) -> None:
    result = await api.query(admin(), "{ dailyDigest { moveCount casesWithNews } }")
    assert result.data["dailyDigest"] == {"moveCount": 0, "casesWithNews": 0}


async def test_a_subscriber_without_cases_read_is_refused(api: Api, world: World) -> None:
    load = await _caseload(world)
    host, stop = await serve_in_process(api.app)
    try:
        url, protocols = f"ws://{host}/graphql", ["graphql-transport-ws"]
        async with websockets.connect(url, subprotocols=protocols) as ws:  # type: ignore[arg-type]
            token = api.token(as_actor(load["manager"], frozenset({"actors:read"})))
            await ws.send(json.dumps({"type": "connection_init",
                                      "payload": {"Authorization": f"Bearer {token}"}}))  # fmt: skip
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            query = "subscription { dailyDigest { day } }"
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
            reply = json.loads(await asyncio.wait_for(ws.recv(), 5))
            assert reply["type"] in {"error", "next"}, reply
            errors = reply["payload"] if reply["type"] == "error" else reply["payload"]["errors"]
            assert [e["extensions"]["code"] for e in errors] == ["FORBIDDEN"], reply
    finally:
        await stop()

"""The outbox dispatcher: every committed event handed on at least once, in order
per case, by one dispatcher or several sharing the work."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from support import World, as_actor, gid, settings

from vocrehab.app import create_app
from vocrehab.core import notes
from vocrehab.core.clock import Clock
from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.hooks import hookimpl
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.types import CaseEventInfo, PluginInfo
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab.integrations.dispatcher import Dispatcher


@pytest.fixture
async def wired(
    db: Database, clock: Clock
) -> AsyncIterator[tuple[Any, World, list[CaseEventInfo]]]:
    heard: list[CaseEventInfo] = []
    listener = SimpleNamespace(vocrehab_on_case_event=hookimpl(lambda event: heard.append(event)))
    host = PluginHost.load(
        allow=["generic", "listener"],
        extra=[("listener", listener, PluginInfo("vocrehab-listener", "0"))],
    )
    application = create_app(settings(), host=host, clock=clock, database=db)
    yield application.state.services, World(db, host, clock), heard


async def _notes(world: World, manager: m.Actor, case: m.Case, count: int) -> None:
    for i in range(count):
        cmd = notes.AddNote(case_id=case.id, body=f"note {i}", visible_to=None)
        await world.do(as_actor(manager), lambda w, cmd=cmd: notes.add_note(w, cmd))


async def _events(db: Database) -> list[Any]:
    async with db.session() as session:
        return list(
            (await session.execute(sa.select(m.CaseEvent).order_by(m.CaseEvent.at))).scalars()
        )


async def test_every_event_is_handed_on_once_in_order_per_case(wired: Any) -> None:
    services, world, heard = wired
    manager = await world.actor(R.CASE_MANAGER)
    cases = [
        await world.case(await world.participant(f"P{i}"), team={manager: R.CASE_MANAGER})
        for i in range(3)
    ]
    for case in cases:
        await _notes(world, manager, case, 4)
    assert heard == []  # committed: waiting in the outbox

    await services.dispatcher.drain()

    events = await _events(services.db)
    assert sorted(e.id for e in heard) == sorted(gid(e) for e in events)
    for case in cases:
        mine = [e.id for e in heard if e.case_id == gid(case)]
        expected = [gid(e) for e in sorted(events, key=lambda e: e.id) if e.case_id == case.id]
        assert mine == expected
    async with services.db.session() as session:
        waiting = await session.scalar(
            sa.select(sa.func.count()).where(m.OutboxMessage.dispatched_at.is_(None))
        )
    assert waiting == 0
    await services.dispatcher.drain()
    assert len(heard) == len(events)  # nothing handed on twice


async def test_a_dispatcher_that_stops_midway_is_taken_over(wired: Any, clock: Clock) -> None:
    services, world, heard = wired
    manager = await world.actor(R.CASE_MANAGER)
    case = await world.case(await world.participant(), team={manager: R.CASE_MANAGER})
    await _notes(world, manager, case, 2)

    class Dies(Exception):
        pass

    dying = Dispatcher(services, services.dispatcher.settings)

    async def die(row: Any) -> None:
        raise Dies

    dying._hand_on = die  # type: ignore[method-assign]
    # It claims the head of the case and stops before handing it on (its error is kept).
    assert await dying.fan_out() == 1
    assert heard == []
    # The lease holds the case back: the next message of the case waits behind it.
    assert await services.dispatcher.fan_out() == 0
    clock.advance(timedelta(seconds=services.dispatcher.settings.lease_seconds + 1))
    await services.dispatcher.drain()
    events = await _events(services.db)
    assert [e.id for e in heard] == [gid(e) for e in sorted(events, key=lambda e: e.id)]
    async with services.db.session() as session:
        first = await session.scalar(sa.select(m.OutboxMessage).order_by(m.OutboxMessage.id))
    assert first is not None and first.attempts == 2 and first.dispatched_at is not None


async def test_dispatchers_share_the_outbox_without_handing_on_twice(wired: Any) -> None:
    services, world, heard = wired
    if services.db.is_sqlite:
        pytest.skip("several dispatchers share the work on PostgreSQL (SKIP LOCKED)")
    manager = await world.actor(R.CASE_MANAGER)
    cases = [
        await world.case(await world.participant(f"P{i}"), team={manager: R.CASE_MANAGER})
        for i in range(6)
    ]
    for case in cases:
        await _notes(world, manager, case, 5)
    team = [Dispatcher(services, replace(services.dispatcher.settings, batch=3)) for _ in range(3)]
    await asyncio.gather(*(d.drain() for d in team))
    events = await _events(services.db)
    assert sorted(e.id for e in heard) == sorted(gid(e) for e in events)
    for case in cases:
        mine = [e.id for e in heard if e.case_id == gid(case)]
        assert mine == [gid(e) for e in sorted(events, key=lambda e: e.id) if e.case_id == case.id]

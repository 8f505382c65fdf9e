"""The benchmark's tools measure the same work: a seeded caseload reads back
through the API, and the floor app (bench/floor.py) answers the caseload page
W1 with exactly the data vocrehab gives the same case manager."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from support import Api, as_actor

from vocrehab.core.clock import Clock
from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, ModuleType]]:
    """bench/ is a folder of scripts importing each other by name, as `python bench/run.py`."""
    monkeypatch.syspath_prepend(str(BENCH))
    import floor
    import scenarios
    import seed

    yield {"floor": floor, "scenarios": scenarios, "seed": seed}
    for name in ("floor", "scenarios", "seed", "casebook", "details", "population", "settle"):
        sys.modules.pop(name, None)


async def test_floor_answers_w1_with_the_data_vocrehab_gives(
    db: Database, host: PluginHost, clock: Clock, api: Api, bench: dict[str, ModuleType]
) -> None:
    made = await bench["seed"].seed(db, 30, host=host, today=clock.today(), zone=clock.zone)
    assert made.rows["cases"] == 30
    manager_id, _, caseload = made.managers[0]
    assert caseload == 30
    async with db.session() as session:
        manager = await session.get(m.Actor, manager_id)
    assert manager is not None
    ours = (await api.query(as_actor(manager), bench["scenarios"].W1)).data

    floor = bench["floor"].create_app(db.url.render_as_string(False), manager_id, clock.today)
    async with (
        floor.router.lifespan_context(floor),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=floor), base_url="http://f") as client,
    ):
        response = await client.post("/graphql", json={"query": bench["scenarios"].W1})
    theirs = response.json()["data"]

    assert len(ours["cases"]["edges"]) == 30
    assert [e["node"]["reference"] for e in theirs["cases"]["edges"]] == [
        e["node"]["reference"] for e in ours["cases"]["edges"]
    ]
    assert theirs == ours

"""The demo as its stakeholders start the day: each has moves waiting, and one
case changed administrator twice, with a handover brief at each change."""

from __future__ import annotations

from typing import Any

import pytest
from support import Api

from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database
from vocrehab.demo import demo_principals, seed_demo
from vocrehab.hooks.host import PluginHost


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost.load(allow=["generic", "no", "se"])


MOVES = "{ moves(first: 5) { totalCount edges { node { code responsible } } } }"
HANDED_OVER = """query($id: ID!) { node(id: $id) { ... on Case {
  team { role since until actor { name } }
  events(first: 100) { edges { node { kind summary } } }
  documents { kind { code } format }
  meetings(first: 10) { edges { node { kind status minutes } } }
  handover { meetings { kind status } openSteps { code assignee { name } } }
} } }"""


async def test_every_demo_stakeholder_has_moves_waiting(
    db: Database, host: PluginHost, clock: Clock, api: Api
) -> None:
    made = await seed_demo(db, host, clock.today())
    assert made.created
    without = []
    for label, who in await demo_principals(db, host, clock.today()):
        if label == "Admin":
            continue
        moves = (await api.query(who, MOVES)).data["moves"]
        if moves["totalCount"] == 0:
            without.append(label)
        assert all(e["node"]["responsible"] in {who.stakeholder_type.value}
                   for e in moves["edges"]), label  # fmt: skip
    assert without == [], without


async def test_a_case_changed_administrator_twice_with_a_brief_each_time(
    db: Database, host: PluginHost, clock: Clock, api: Api
) -> None:
    await seed_demo(db, host, clock.today())
    principals = dict(await demo_principals(db, host, clock.today()))
    manager = next(who for label, who in principals.items() if label.startswith("Case manager"))
    cases = await api.query(manager, "{ cases(first: 100) { edges { node { id reference } } } }")
    found: dict[str, Any] | None = None
    for edge in cases.data["cases"]["edges"]:
        node = (await api.query(manager, HANDED_OVER, id=edge["node"]["id"])).data["node"]
        if sum(e["node"]["kind"] == "team.member_replaced" for e in node["events"]["edges"]) == 2:
            found = node
    assert found is not None, "no demo case changed administrator twice"
    managers = [(m["actor"]["name"], m["until"] is None) for m in found["team"]
                if m["role"] == "CASE_MANAGER"]  # fmt: skip
    assert [current for _, current in managers].count(True) == 1
    assert len(managers) == 3
    briefs = [d for d in found["documents"] if d["kind"]["code"] == "HANDOVER"]
    assert len(briefs) == 2
    assert any(mt["node"]["status"] == "HELD" for mt in found["meetings"]["edges"])
    assert found["handover"]["meetings"]

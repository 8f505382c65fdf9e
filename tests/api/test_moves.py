"""`Query.moves`: on a caseload of several hundred cases across the three
jurisdictions, each viewer gets exactly the steps that are theirs to take, in
due order, for a fixed number of SQL statements per page."""

from __future__ import annotations

import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa
from support import Api, as_actor, as_participant

from vocrehab.core.clock import Clock
from vocrehab.core.policy import categories_for, reachable_categories
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.db.engine import Database, StatementCounter
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab.ids import encode_global_id

BENCH = Path(__file__).resolve().parents[2] / "bench"
CASES = {"generic": 150, "no": 100, "se": 100}

MOVES = """
query Moves($first: Int, $after: String, $filter: MoveFilter) {
  moves(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      code dueDate status responsible legalReference title completedBy
      assignee { name }
      case { id reference jurisdiction { code } participant { givenName } }
    } }
  }
}
"""


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost.load(allow=["generic", "no", "se"])


@pytest.fixture
def seed(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    monkeypatch.syspath_prepend(str(BENCH))
    import seed

    yield seed
    for name in ("seed", "casebook", "details", "population", "settle"):
        sys.modules.pop(name, None)


async def _caseload(db: Database, host: PluginHost, clock: Clock, seed: ModuleType) -> None:
    """Several hundred cases, each jurisdiction's seeded in bulk as bench/ seeds them."""
    for code, count in CASES.items():
        only = PluginHost.load(allow=[code])
        made = await seed.seed(
            db, count, host=only, today=clock.today(), zone=clock.zone, force=True
        )
        assert made.rows["cases"] == count


async def _expected(db: Database, who: Principal, today: date) -> list[tuple[str, str]]:
    """The viewer's moves worked out row by row in Python, from the policy's tables."""
    acting = set(who.acting_ids)
    async with db.session() as session:
        team = (await session.execute(sa.select(m.CaseTeamMember))).scalars().all()
        steps = (
            (await session.execute(sa.select(m.Milestone).where(m.Milestone.pending.is_(True))))
            .scalars()
            .all()
        )
    roles: dict[uuid.UUID, set[R]] = {}
    for member in team:
        if (
            member.actor_id in acting
            and member.since <= today
            and (member.until is None or member.until >= today)
        ):
            roles.setdefault(member.case_id, set()).add(member.role)
    mine = []
    for step in steps:
        held = roles.get(step.case_id, set())
        if step.responsible not in held:
            continue
        if step.assignee_id is not None and step.assignee_id not in acting:
            continue
        seen = reachable_categories(who, categories_for({step.responsible}, who.stakeholder_type))
        if step.category in seen:
            mine.append((step.due_date, step.id, step.code, step.case_id))
    mine.sort()
    return [(code, encode_global_id("Case", case_id)) for _, _, code, case_id in mine]


async def _busiest(db: Database, role: R) -> m.Actor:
    """The actor holding `role` on the most cases with a pending step of that role."""
    async with db.session() as session:
        rows = await session.execute(
            sa.select(m.CaseTeamMember.actor_id, sa.func.count())
            .join(m.Milestone, m.Milestone.case_id == m.CaseTeamMember.case_id)
            .where(
                m.CaseTeamMember.role == role,
                m.Milestone.responsible == role,
                m.Milestone.pending.is_(True),
            )
            .group_by(m.CaseTeamMember.actor_id)
            .order_by(sa.func.count().desc())
            .limit(1)
        )
        actor_id, _ = rows.one()
        actor = await session.get(m.Actor, actor_id)
    assert actor is not None
    return actor


async def _all_pages(api: Api, who: Principal, first: int, **flt: Any) -> list[dict[str, Any]]:
    nodes, after = [], None
    while True:
        result = await api.query(who, MOVES, first=first, after=after, filter=flt or None)
        page = result.data["moves"]
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


async def test_each_viewer_gets_exactly_their_moves_in_due_order(
    db: Database, host: PluginHost, clock: Clock, api: Api, seed: ModuleType
) -> None:
    await _caseload(db, host, clock, seed)
    today = clock.today()
    for role in (R.CASE_MANAGER, R.CLINICIAN, R.EMPLOYER):
        actor = await _busiest(db, role)
        who = as_actor(actor)
        expected = await _expected(db, who, today)
        assert len(expected) > 5, f"the seeded caseload gives the {role.value} little to do"
        nodes = await _all_pages(api, who, 25)
        assert [(n["code"], n["case"]["id"]) for n in nodes] == expected, role
        assert all(n["responsible"] == role.value for n in nodes)
        dues = [n["dueDate"] for n in nodes]
        assert dues == sorted(dues)
        overdue = [n for n in nodes if n["status"] == "OVERDUE"]
        assert nodes[: len(overdue)] == overdue, "overdue steps come first"
        first = (await api.query(who, MOVES, first=5)).data["moves"]
        assert first["totalCount"] == len(expected)
        late = await _all_pages(api, who, 50, overdue=True)
        assert late == overdue
        soon = await _all_pages(api, who, 50, dueBefore=str(dues[len(dues) // 2]))
        assert [n["dueDate"] for n in soon] == [d for d in dues if d < dues[len(dues) // 2]]


async def test_a_page_of_moves_costs_a_fixed_number_of_statements(
    db: Database, host: PluginHost, clock: Clock, api: Api, seed: ModuleType
) -> None:
    await _caseload(db, host, clock, seed)
    who = as_actor(await _busiest(db, R.CASE_MANAGER))
    counts = {}
    for first in (5, 50):
        with StatementCounter(db.engine) as counter:
            result = await api.query(who, MOVES, first=first)
        assert len(result.data["moves"]["edges"]) == first
        counts[first] = counter.count
    assert counts[5] == counts[50], counts
    # the page, its count, participants, jurisdictions (none), assignees, the access log
    assert counts[50] <= 8, counts


async def test_filters_narrow_the_moves_and_refuse_what_is_not_a_case(
    db: Database, host: PluginHost, clock: Clock, api: Api, seed: ModuleType
) -> None:
    await _caseload(db, host, clock, seed)
    who = as_actor(await _busiest(db, R.CASE_MANAGER))
    everything = await _all_pages(api, who, 100)
    jurisdictions = Counter(n["case"]["jurisdiction"]["code"] for n in everything)
    for code, count in jurisdictions.items():
        assert len(await _all_pages(api, who, 100, jurisdiction=code)) == count
    one = everything[0]["case"]["id"]
    of_case = await _all_pages(api, who, 100, caseId=one)
    assert of_case == [n for n in everything if n["case"]["id"] == one]
    assert await _all_pages(api, who, 100, responsible=["EMPLOYER"]) == []
    bad = await api.query(who, MOVES, first=5, filter={"caseId": "nonsense"})
    assert bad.codes == ["BAD_USER_INPUT"]


async def test_a_participant_sees_their_own_moves_in_their_language(
    db: Database, host: PluginHost, clock: Clock, api: Api, seed: ModuleType
) -> None:
    await _caseload(db, host, clock, seed)
    # No bundled jurisdiction puts a step on the participant yet: make one theirs.
    async with db.transaction() as session:
        person, step = (
            await session.execute(
                sa.select(m.Participant, m.Milestone)
                .join(m.Case, m.Case.participant_id == m.Participant.id)
                .join(m.Milestone, m.Milestone.case_id == m.Case.id)
                .where(m.Milestone.pending.is_(True), m.Participant.preferred_language == "nb")
                .limit(1)
            )
        ).one()
        step.responsible = R.PARTICIPANT
        code, names = step.code, dict(step.names)
    assert names.get("nb") and names["nb"] != names["en"]
    nodes = await _all_pages(api, as_participant(person), 50)
    assert [(n["code"], n["title"], n["responsible"]) for n in nodes] == [
        (code, names["nb"], "PARTICIPANT")
    ]
    english = await api.query(as_participant(person), MOVES.replace("title", 'title(lang: "en")'))
    assert english.data["moves"]["edges"][0]["node"]["title"] == names["en"]
    # Nobody else acts on it: not the case manager, not another participant.
    manager = await _busiest(db, R.CASE_MANAGER)
    assert code not in {n["code"] for n in await _all_pages(api, as_actor(manager), 100)
                        if n["responsible"] == "PARTICIPANT"}  # fmt: skip

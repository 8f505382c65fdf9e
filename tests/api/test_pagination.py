"""Keyset pagination through the GraphQL API: walking a list page by page gives
every item exactly once, in order; pageInfo and totalCount tell the truth; the
orders and filters of `cases` return exactly what they promise."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from support import Api, World, admin, as_actor, gid

from vocrehab.core import cases as core_cases
from vocrehab.core import notes, plans
from vocrehab.core.clock import Clock
from vocrehab.core.pagination import count_rows
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.hooks.vocabulary import ActorKind, CaseStatus, EmploymentStatus, ReturnToWorkPhase
from vocrehab.hooks.vocabulary import StakeholderType as R
from vocrehab.ids import decode_global_id

PAGE_INFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
CASES = f"""query($first: Int, $after: String, $last: Int, $before: String, $filter: CaseFilter,
    $order: CaseOrder) {{
  cases(first: $first, after: $after, last: $last, before: $before, filter: $filter,
    orderBy: $order) {{
    totalCount {PAGE_INFO}
    edges {{ cursor node {{ id reference openedAt sickLeaveStart status phase
      milestones {{ dueDate status }} }} }} }} }}"""
PARTICIPANTS = f"""query($first: Int, $after: String, $last: Int, $before: String,
    $filter: ParticipantFilter) {{
  participants(first: $first, after: $after, last: $last, before: $before, filter: $filter) {{
    totalCount {PAGE_INFO} edges {{ cursor node {{ id givenName familyName }} }} }} }}"""
ACTORS = f"""query($first: Int, $after: String, $last: Int, $before: String,
    $filter: ActorFilter) {{
  actors(first: $first, after: $after, last: $last, before: $before, filter: $filter) {{
    totalCount {PAGE_INFO} edges {{ cursor node {{ id name }} }} }} }}"""
NESTED = """query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  node(id: $id) { ... on Case {
  events(ARGS) { totalCount PAGE_INFO edges { cursor node { id kind } } }
  notes(ARGS) { totalCount PAGE_INFO edges { cursor node { id body } } }
  plans(ARGS) { totalCount PAGE_INFO edges { cursor node { id version } } }
} } }""".replace("PAGE_INFO", PAGE_INFO).replace(
    "ARGS", "first: $first, after: $after, last: $last, before: $before"
)

FAR_FUTURE = date(9999, 12, 31)
OSLO = ZoneInfo("Europe/Oslo")


Connection = dict[str, Any]
Fetch = Callable[[int, str | None], Any]


async def walk(fetch: Fetch, size: int) -> list[dict[str, Any]]:
    """Every node of a connection, page by page, checking each page as it comes."""
    nodes: list[dict[str, Any]] = []
    after: str | None = None
    total: int | None = None
    while True:
        page: Connection = await fetch(size, after)
        info, edges = page["pageInfo"], page["edges"]
        total = page["totalCount"] if total is None else total
        # The total is the whole list's, whichever page asked.
        assert page["totalCount"] == total
        assert info["hasPreviousPage"] is (after is not None)
        if edges:
            assert info["startCursor"] == edges[0]["cursor"]
            assert info["endCursor"] == edges[-1]["cursor"]
        else:
            assert info["startCursor"] is None and info["endCursor"] is None
        nodes.extend(edge["node"] for edge in edges)
        assert len(edges) == (size if info["hasNextPage"] else len(edges))
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    ids = [identity(node) for node in nodes]
    assert len(ids) == len(set(ids)), "an item came twice"
    assert len(ids) == total
    return nodes


def identity(node: dict[str, Any]) -> str:
    """A node's id, or for an object without one (a team member), all it shows."""
    return node["id"] if "id" in node else json.dumps(node, sort_keys=True)


async def walk_back(fetch: Fetch, size: int) -> list[dict[str, Any]]:
    """Every node of a connection from its end, page by page backward (`last`,
    `before`), checking each page; returned in the list's own order."""
    pages: list[list[dict[str, Any]]] = []
    before: str | None = None
    total: int | None = None
    while True:
        page: Connection = await fetch(size, before)
        info, edges = page["pageInfo"], page["edges"]
        total = page["totalCount"] if total is None else total
        assert page["totalCount"] == total
        assert info["hasNextPage"] is (before is not None)
        if edges:
            assert info["startCursor"] == edges[0]["cursor"]
            assert info["endCursor"] == edges[-1]["cursor"]
        assert len(edges) == (size if info["hasPreviousPage"] else len(edges))
        pages.append([edge["node"] for edge in edges])
        if not info["hasPreviousPage"]:
            break
        before = info["startCursor"]
    nodes = [node for page_nodes in reversed(pages) for node in page_nodes]
    assert len({identity(n) for n in nodes}) == len(nodes) == total
    return nodes


def backward(fetch: Callable[..., Any]) -> Fetch:
    """The same connection, paged with last/before."""

    async def fetch_back(last: int, before: str | None) -> Connection:
        return await fetch(None, None, last=last, before=before)

    return fetch_back


def cases_fetch(api: Api, who: Principal | None = None, **variables: Any) -> Fetch:
    async def fetch(first: int | None, after: str | None, **more: Any) -> Connection:
        result = await api.query(
            who or admin(), CASES, first=first, after=after, **variables, **more
        )
        return result.data["cases"]

    return fetch


def row_id(global_id: str) -> uuid.UUID:
    return decode_global_id(global_id)[1]


def next_due(node: dict[str, Any]) -> date:
    pending = [
        date.fromisoformat(ms["dueDate"])
        for ms in node["milestones"]
        if ms["status"] not in {"MET", "NOT_APPLICABLE"}
    ]
    return min(pending, default=FAR_FUTURE)


def ascending_ids(nodes: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any]) -> list[str]:
    """Ids in ascending order of `key`, ties broken by the row id as the API does."""
    return [n["id"] for n in sorted(nodes, key=lambda n: (key(n), row_id(n["id"])))]


SORT_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "OPENED_AT": lambda n: datetime.fromisoformat(n["openedAt"]),
    "REFERENCE": lambda n: n["reference"],
    # Cases without the date sort last ascending, first descending.
    "SICK_LEAVE_START": lambda n: date.fromisoformat(n["sickLeaveStart"] or FAR_FUTURE.isoformat()),
    "NEXT_DUE_DATE": next_due,
}


# ---------------------------------------------------------------------- a caseload


@dataclass
class Caseload:
    cases: list[m.Case] = field(default_factory=list)
    participants: list[m.Participant] = field(default_factory=list)
    employers: list[m.Actor] = field(default_factory=list)
    managers: list[m.Actor] = field(default_factory=list)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per case id: what the test decided about it, to compute expected filter results."""


async def caseload(world: World, clock: Clock, count: int = 25) -> Caseload:
    """Cases opened 13 hours apart, with every attribute the filters and orders look at
    varied, repeated (ties) and sometimes missing."""
    load = Caseload()
    load.participants = [await world.participant("P", f"Person{i}") for i in range(5)]
    load.employers = [
        await world.actor(R.EMPLOYER, f"Employer {i}", kind=ActorKind.ORGANISATION)
        for i in range(2)
    ]
    load.managers = [await world.actor(R.CASE_MANAGER, f"Manager {i}") for i in range(2)]
    for i in range(count):
        if i:
            clock.advance(timedelta(hours=13))
        employed = i % 3 != 2
        employer = load.employers[i % 2] if employed and i % 4 != 3 else None
        team = {}
        if i % 2 == 0:
            team[load.managers[0]] = R.CASE_MANAGER
        if i % 3 == 0:
            team[load.managers[1]] = R.CASE_MANAGER
        sick_leave = None if i % 4 == 0 else date(2026, 2, 1) + timedelta(days=i * 3 % 17)
        case = await world.case(
            load.participants[i % 5],
            team=team,
            employer=employer,
            sick_leave_start=sick_leave,
            employment=EmploymentStatus.EMPLOYED if employed else EmploymentStatus.UNEMPLOYED,
        )
        status, phase = CaseStatus.OPEN, ReturnToWorkPhase.OFF_WORK
        if i % 5 == 1:
            phase = ReturnToWorkPhase.RE_ENTRY
            await update(world, case, {"phase": phase})
        if i % 7 == 3:
            status = CaseStatus.ON_HOLD
            await update(world, case, {"status": status})
        if i % 6 == 5:
            status = CaseStatus.CLOSED
            cmd = core_cases.CloseCase(id=case.id, reason="Done")
            await world.do(admin(), lambda w, c=cmd: core_cases.close_case(w, c))
        load.cases.append(case)
        load.facts[gid(case)] = {
            "participant": gid(load.participants[i % 5]),
            "employer": gid(employer) if employer else None,
            "managers": {gid(a) for a in team},
            "status": status.value,
            "phase": phase.value,
            "opened": case.opened_at.astimezone(OSLO).date(),
        }
    return load


async def update(world: World, case: m.Case, changes: dict[str, Any]) -> None:
    cmd = core_cases.UpdateCase(id=case.id, changes=changes)
    await world.do(admin(), lambda w: core_cases.update_case(w, cmd))


# ---------------------------------------------------------------------- walking


async def test_walking_the_cases_in_every_order(api: Api, world: World, clock: Clock) -> None:
    load = await caseload(world, clock)
    nodes = await walk(cases_fetch(api), 7)
    expected = sorted(load.cases, key=lambda c: (c.opened_at, c.id), reverse=True)
    assert [n["id"] for n in nodes] == [gid(c) for c in expected]

    # One page with all of them, and the default page size.
    page = await cases_fetch(api)(100, None)
    assert len(page["edges"]) == 25 and page["pageInfo"]["hasNextPage"] is False
    first_page = (await api.query(admin(), "{ cases { totalCount edges { node { id } } } }")).data
    assert len(first_page["cases"]["edges"]) == 20
    assert first_page["cases"]["totalCount"] == 25

    # Zero items is a page too: it says whether there is more.
    empty = await cases_fetch(api)(0, None)
    assert empty["edges"] == [] and empty["pageInfo"]["hasNextPage"] is True
    assert empty["totalCount"] == 25

    # After the last item there is nothing, and no cursor.
    last = await cases_fetch(api)(5, page["edges"][-1]["cursor"])
    assert last["edges"] == []
    assert last["pageInfo"]["hasNextPage"] is False
    assert last["pageInfo"]["startCursor"] is None and last["pageInfo"]["endCursor"] is None

    # Every order, both ways. The key values come from the API itself (the
    # milestones give the next due date).
    everything = [edge["node"] for edge in page["edges"]]
    for field_name, key in SORT_KEYS.items():
        ascending = ascending_ids(everything, key)
        values = [key(n) for n in everything]
        # Ties and missing values are part of the test, not an accident of the data.
        if field_name in {"SICK_LEAVE_START", "NEXT_DUE_DATE"}:
            assert len(set(values)) < len(values) and FAR_FUTURE in values
        for direction, expected in (("ASC", ascending), ("DESC", ascending[::-1])):
            fetch = cases_fetch(api, order={"field": field_name, "direction": direction})
            walked = [n["id"] for n in await walk(fetch, 9)]
            assert walked == expected, (field_name, direction)
            walked_back = [n["id"] for n in await walk_back(backward(fetch), 4)]
            assert walked_back == expected, (field_name, direction)


async def test_a_walk_is_not_disturbed_by_new_cases(api: Api, world: World, clock: Clock) -> None:
    person = await world.participant()
    for _ in range(6):
        await world.case(person)
        clock.advance(timedelta(minutes=1))
    fetch = cases_fetch(api, order={"field": "OPENED_AT", "direction": "ASC"})
    first = await fetch(3, None)
    # Cases opened meanwhile land after the walk's position: seen once, at the end.
    late = [await world.case(person) for _ in range(2)]
    rest = await fetch(10, first["pageInfo"]["endCursor"])
    ids = [e["node"]["id"] for e in first["edges"] + rest["edges"]]
    assert len(ids) == len(set(ids)) == 8
    assert ids[-2:] == [gid(c) for c in late]


async def test_participants_and_actors_are_walked_by_name(api: Api, world: World) -> None:
    # Families repeat and so do given names: the id breaks the remaining ties.
    names = [(g, f) for f in ("Dahl", "Berg", "Aas", "Berg") for g in ("Kari", "Ola", "Kari")]
    people = [await world.participant(g, f) for g, f in names]
    fetch_people = _fetch(api, PARTICIPANTS, "participants")
    walked = await walk(fetch_people, 5)
    expected = sorted(people, key=lambda p: (p.family_name, p.given_name, p.id))
    assert [n["id"] for n in walked] == [gid(p) for p in expected]
    assert await walk_back(backward(fetch_people), 5) == walked

    actors = [await world.actor(R.CLINICIAN, f"Clinic {i % 4}") for i in range(11)]
    clinicians = _fetch(api, ACTORS, "actors", filter={"stakeholderType": "CLINICIAN"})
    walked = await walk(clinicians, 3)
    expected_actors = sorted(actors, key=lambda a: (a.name, a.id))
    assert [n["id"] for n in walked] == [gid(a) for a in expected_actors]
    assert await walk_back(backward(clinicians), 4) == walked
    # A filter narrows the list and its count alike.
    berg = await walk(_fetch(api, PARTICIPANTS, "participants", filter={"search": "berg"}), 4)
    assert len(berg) == 6
    clinic = await walk(_fetch(api, ACTORS, "actors", filter={"search": "Clinic 1"}), 2)
    assert len(clinic) == 3


def _fetch(api: Api, query: str, name: str, **variables: Any) -> Fetch:
    async def fetch(first: int | None, after: str | None, **more: Any) -> Connection:
        result = await api.query(admin(), query, first=first, after=after, **variables, **more)
        return result.data[name]

    return fetch


async def test_nested_connections_are_walked_too(api: Api, world: World) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    case = await world.case(await world.participant(), team={manager: R.CASE_MANAGER})
    for i in range(11):
        note = notes.AddNote(case_id=case.id, body=f"Note {i}", visible_to=None)
        await world.do(as_actor(manager), lambda w, n=note: notes.add_note(w, n))
    for i in range(7):
        plan = plans.CreatePlan(case_id=case.id, title=f"Plan {i}", steps=[])
        await world.do(admin(), lambda w, p=plan: plans.create_plan(w, p))

    def nested(name: str) -> Fetch:
        async def fetch(first: int | None, after: str | None, **more: Any) -> Connection:
            result = await api.query(
                as_actor(manager), NESTED, id=gid(case), first=first, after=after, **more
            )
            return result.data["node"][name]

        return fetch

    events = await walk(nested("events"), 7)
    # Oldest first: the timeline reads like a story.
    assert [e["kind"] for e in events] == [
        "case.opened", "team.member_added", *["note.added"] * 11, *["plan.created"] * 7,
    ]  # fmt: skip
    assert [n["body"] for n in await walk(nested("notes"), 3)] == [f"Note {i}" for i in range(11)]
    assert [p["version"] for p in await walk(nested("plans"), 2)] == list(range(1, 8))
    for name in ("events", "notes", "plans"):
        assert await walk_back(backward(nested(name)), 3) == await walk(nested(name), 4), name


async def test_nested_pages_of_many_parents_in_one_request(api: Api, world: World) -> None:
    person = await world.participant()
    busy = await world.case(person)
    quiet = await world.case(person)
    for i in range(5):
        plan = plans.CreatePlan(case_id=busy.id, title=f"Plan {i}", steps=[])
        await world.do(admin(), lambda w, p=plan: plans.create_plan(w, p))
    result = await api.query(
        admin(),
        """{ cases(orderBy: {field: REFERENCE, direction: ASC}) { edges { node { id
             plans(first: 2) { totalCount pageInfo { hasNextPage } edges { node { version } } }
        } } } }""",
    )
    by_case = {e["node"]["id"]: e["node"]["plans"] for e in result.data["cases"]["edges"]}
    assert by_case[gid(busy)]["totalCount"] == 5
    assert by_case[gid(busy)]["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["version"] for e in by_case[gid(busy)]["edges"]] == [1, 2]
    assert by_case[gid(quiet)] == {"totalCount": 0, "pageInfo": {"hasNextPage": False}, "edges": []}


# ---------------------------------------------------------------------- bad page requests


def _cursor(values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


async def test_page_sizes_and_cursors_that_cannot_be_right_are_bad_user_input(
    api: Api, world: World
) -> None:
    person = await world.participant()
    case = await world.case(person)
    await world.case(person)
    good = (await cases_fetch(api)(1, None))["pageInfo"]["endCursor"]
    by_reference = (
        await cases_fetch(api, order={"field": "REFERENCE", "direction": "ASC"})(1, None)
    )["pageInfo"]["endCursor"]
    some_id = row_id(gid(case)).hex

    async def refused(query: str, **variables: Any) -> None:
        result = await api.query(admin(), query, **variables)
        assert result.codes == ["BAD_USER_INPUT"], (variables, result.body)

    for first in (101, -1, 1000):
        await refused(CASES, first=first)
        await refused(PARTICIPANTS, first=first)
        await refused(ACTORS, first=first)
        await refused(NESTED, id=gid(case), first=first)
    for after in (
        "garbage",
        "!!!",
        "",  # an empty cursor is no cursor: accepted below
        _cursor(["not a date", some_id]),
        _cursor([1, 2]),
        _cursor({"a": 1}),
        _cursor(["2026-03-02T09:00:00+00:00"]),
        _cursor(["2026-03-02T09:00:00+00:00", 7]),
        _cursor([True, some_id]),
        # A date and time without a time zone cannot be placed in the order.
        _cursor(["2026-03-02T09:00:00", some_id]),
        by_reference,  # another order's cursor
    ):
        if after == "":
            assert (await api.query(admin(), CASES, first=1, after=after)).errors == []
            continue
        await refused(CASES, first=1, after=after)
    await refused(NESTED, id=gid(case), first=1, after=good)
    # Forward and backward arguments do not mix; a backward page checks its cursor too.
    for variables in (
        {"first": 1, "last": 1},
        {"after": good, "before": good},
        {"first": 1, "before": good},
        {"last": 1, "after": good},
        {"last": 101},
        {"last": 1, "before": by_reference},
    ):
        await refused(CASES, **variables)
        await refused(NESTED, id=gid(case), **variables)
    descending = (
        await cases_fetch(api, order={"field": "REFERENCE", "direction": "DESC"})(1, None)
    )["pageInfo"]["endCursor"]
    await refused(  # the same field in the other direction is another order
        CASES, first=1, after=descending, order={"field": "REFERENCE", "direction": "ASC"}
    )
    await refused(PARTICIPANTS, first=1, after=good)
    await refused(ACTORS, first=1, after=_cursor(["Name"]))
    # And a filter on an id that is no id; an ID of another type names nothing.
    await refused(CASES, filter={"participantId": "PAR_nope"})
    other_type = await api.query(admin(), CASES, filter={"teamMemberId": gid(case)})
    assert (other_type.errors, other_type.data["cases"]["totalCount"]) == ([], 0)


# ---------------------------------------------------------------------- filters


async def test_case_filters_return_exactly_the_matching_cases(
    api: Api, world: World, clock: Clock
) -> None:
    load = await caseload(world, clock)
    facts = load.facts

    async def check(flt: dict[str, Any], matches: Callable[[dict[str, Any]], bool]) -> None:
        walked = await walk(cases_fetch(api, filter=flt), 8)
        expected = {case_id for case_id, f in facts.items() if matches(f)}
        assert expected, f"the filter {flt} should match something"
        assert expected != set(facts), f"the filter {flt} should leave something out"
        assert {n["id"] for n in walked} == expected, flt

    await check({"status": ["OPEN"]}, lambda f: f["status"] == "OPEN")
    await check({"status": ["ON_HOLD", "CLOSED"]}, lambda f: f["status"] != "OPEN")
    await check({"phase": ["RE_ENTRY"]}, lambda f: f["phase"] == "RE_ENTRY")
    person = gid(load.participants[2])
    await check({"participantId": person}, lambda f: f["participant"] == person)
    employer = gid(load.employers[1])
    await check({"employerId": employer}, lambda f: f["employer"] == employer)
    manager = gid(load.managers[1])
    await check({"teamMemberId": manager}, lambda f: manager in f["managers"])
    middle = date(2026, 3, 8)
    await check({"openedAfter": middle.isoformat()}, lambda f: f["opened"] >= middle)
    await check({"openedBefore": middle.isoformat()}, lambda f: f["opened"] < middle)
    await check(
        {"openedAfter": "2026-03-05", "openedBefore": "2026-03-10", "status": ["OPEN"]},
        lambda f: date(2026, 3, 5) <= f["opened"] < date(2026, 3, 10) and f["status"] == "OPEN",
    )
    await check(
        {"jurisdiction": "generic", "phase": ["OFF_WORK"]}, lambda f: f["phase"] == "OFF_WORK"
    )
    nothing = await cases_fetch(api, filter={"jurisdiction": "atlantis"})(10, None)
    assert nothing["totalCount"] == 0 and nothing["edges"] == []

    # Overdue: at least one milestone past its due date, as the milestones themselves say.
    for days in (0, 20):
        clock.advance(timedelta(days=days))
        everything = [e["node"] for e in (await cases_fetch(api)(100, None))["edges"]]
        late = {
            n["id"] for n in everything if any(ms["status"] == "OVERDUE" for ms in n["milestones"])
        }
        assert late and late != set(facts)
        overdue = await walk(cases_fetch(api, filter={"overdue": True}), 8)
        assert {n["id"] for n in overdue} == late
        on_time = await walk(cases_fetch(api, filter={"overdue": False}), 8)
        assert {n["id"] for n in on_time} == set(facts) - late


MOVES = f"""query($first: Int, $after: String, $last: Int, $before: String) {{
  moves(first: $first, after: $after, last: $last, before: $before) {{
    totalCount {PAGE_INFO} edges {{ cursor node {{ code dueDate case {{ id }} }} }} }} }}"""
UNSEEN = f"""query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {{
  node(id: $id) {{ ... on Case {{
    unseenEvents(first: $first, after: $after, last: $last, before: $before) {{
      totalCount {PAGE_INFO} edges {{ cursor node {{ id kind }} }} }} }} }} }}"""


async def test_moves_and_unseen_events_page_both_ways(api: Api, world: World) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    other = await world.actor(R.CASE_MANAGER)
    cases = [
        await world.case(
            await world.participant(), team={manager: R.CASE_MANAGER, other: R.CASE_MANAGER}
        )
        for _ in range(3)
    ]
    for i in range(9):
        note = notes.AddNote(case_id=cases[0].id, body=f"Note {i}", visible_to=None)
        await world.do(as_actor(other), lambda w, n=note: notes.add_note(w, n))

    def top(query: str, name: str, who: Principal, **variables: Any) -> Callable[..., Any]:
        async def fetch(first: int | None, after: str | None, **more: Any) -> Connection:
            result = await api.query(who, query, first=first, after=after, **variables, **more)
            assert result.errors == [], result.body
            data = result.data
            return data["node"][name] if "node" in data else data[name]

        return fetch

    moves = top(MOVES, "moves", as_actor(manager))
    forward = await walk(moves, 2)
    assert len({m["case"]["id"] for m in forward}) == 3, "every case has a step of the manager's"
    assert await walk_back(backward(moves), 2) == forward
    unseen = top(UNSEEN, "unseenEvents", as_actor(manager), id=gid(cases[0]))
    events = await walk(unseen, 4)
    assert [e["kind"] for e in events].count("note.added") == 9
    assert await walk_back(backward(unseen), 4) == events


async def test_a_root_list_counts_up_to_the_servers_bound(
    api: Api, world: World, clock: Clock
) -> None:
    """totalCount of a root list is exact up to VOCREHAB_MAX_TOTAL_COUNT; past it, the
    bound with AT_LEAST, counted over at most bound + 1 rows. Lists under an object are
    counted exactly."""
    load = await caseload(world, clock)
    query = """{ cases(first: 3) { totalCount totalCountPrecision edges { node {
        notes { totalCount totalCountPrecision } } } } }"""
    settings = api.app.state.services.settings
    expected = len(load.cases)
    for bound, count, precision in (
        (expected + 1, expected, "EXACT"),
        (expected, expected, "EXACT"),
        (expected - 1, expected - 1, "AT_LEAST"),
        (1, 1, "AT_LEAST"),
    ):
        settings.max_total_count = bound
        try:
            cases = (await api.query(admin(), query)).data["cases"]
        finally:
            settings.max_total_count = 10_000
        assert (cases["totalCount"], cases["totalCountPrecision"]) == (count, precision), bound
        assert len(cases["edges"]) == 3
        assert {e["node"]["notes"]["totalCountPrecision"] for e in cases["edges"]} == {"EXACT"}


async def test_a_bounded_count_reads_at_most_one_row_past_the_bound(
    db: Database, world: World, clock: Clock
) -> None:
    load = await caseload(world, clock)
    stmt = sa.select(m.Case.id)
    async with db.engine.connect() as conn:
        assert await count_rows(conn, stmt) == len(load.cases)
        assert await count_rows(conn, stmt, 4) == 5
        assert await count_rows(conn, stmt, len(load.cases) + 10) == len(load.cases)

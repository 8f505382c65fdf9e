"""Relationship and scope gates (AUTHZ.md): who sees a case at all, and what a
token without the scope gets. Invisible cases are not found, never refused:
lists, counts, node and nodes all agree."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from support import Api, World, admin, as_actor, gid, with_scopes
from test_access_matrix import (
    DOCUMENTS_SEEN,
    NOTE_READERS,
    ROLES,
    SEES,
    TODAY,
    AccessWorld,
    build_world,
    event_ids,
    signing_once,
)

from vocrehab.core import actors
from vocrehab.core.clock import Clock
from vocrehab.core.policy import MAX_SCOPES
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import ActorKind
from vocrehab.hooks.vocabulary import DataCategory as C
from vocrehab.hooks.vocabulary import StakeholderType as R


@pytest.fixture
def api(api: Api, monkeypatch: pytest.MonkeyPatch) -> Api:
    return signing_once(api, monkeypatch)


NON_ADMIN = [role for role in ROLES if role is not R.ADMIN]

SEEN_QUERY = """
query Seen($ids: [ID!]!) {
  cases(first: 10) { totalCount edges { node { id } } }
  participants(first: 10) { totalCount edges { node { id } } }
  nodes(ids: $ids) { id }
}
"""


REMOVE = """
mutation Remove($input: RemoveCaseTeamMemberInput!) {
  removeCaseTeamMember(input: $input) {
    case { team { role since until actor { id } } }
    userErrors { code message }
  }
}
"""


async def a_ids(world: World, w: AccessWorld) -> list[str]:
    """Everything of case a that can be fetched by ID."""
    rows = [
        w.a.case, w.a.participant, w.assessment, w.benefit, w.active_plan, w.draft_plan,
        w.proposed, w.referred, w.active, w.foreign, *w.notes.values(), *w.documents.values(),
    ]  # fmt: skip
    return [gid(row) for row in rows] + await event_ids(world, w.a.case, "case.opened")


def hidden_from(w: AccessWorld, role: R) -> set[str]:
    """Those of `a_ids` that a member of case a in `role` may not fetch."""
    hidden = {gid(w.notes[name]) for name, roles in NOTE_READERS.items() if role not in roles}
    hidden |= {gid(row) for name, row in w.documents.items() if name not in DOCUMENTS_SEEN[role]}
    if C.BENEFITS not in SEES[role]:
        hidden.add(gid(w.benefit))
    return hidden


async def seen(api: Api, who: Principal, ids: list[str]) -> tuple[list[str], list[str], list[bool]]:
    """(cases listed, participants listed, which of `ids` node resolves), totals checked."""
    data = (await api.query(who, SEEN_QUERY, ids=ids)).data
    found = []
    for name in ("cases", "participants"):
        edges = [edge["node"]["id"] for edge in data[name]["edges"]]
        assert data[name]["totalCount"] == len(edges), name
        found.append(edges)
    return found[0], found[1], [node is not None for node in data["nodes"]]


@pytest.mark.parametrize("role", NON_ADMIN, ids=str)
async def test_a_case_is_seen_only_by_its_participant_and_team(
    api: Api, world: World, role: R
) -> None:
    w = await build_world(world)
    ids = await a_ids(world, w)
    # b's participant and b's team in every role: they see b, and nothing of a.
    listed, people, resolved = await seen(api, w.b.who[role], [*ids, gid(w.b.case)])
    assert listed == [gid(w.b.case)]
    assert people == [gid(w.b.participant)]
    assert resolved == [False] * len(ids) + [True]
    # a's own member in the same role sees a's case and participant, not b's.
    listed, people, resolved = await seen(api, w.a.who[role], [gid(w.a.case), gid(w.b.case)])
    assert (listed, people, resolved) == ([gid(w.a.case)], [gid(w.a.participant)], [True, False])
    # Nor does a national id find b's participant.
    query = "query($n: String!) { participants(filter: {nationalId: $n}) { totalCount } }"
    mine = await api.query(w.a.who[role], query, n="A-19800517")
    theirs = await api.query(w.a.who[role], query, n="B-19800517")
    if C.CONTACT in SEES[role]:
        assert mine.data["participants"]["totalCount"] == 1
        assert theirs.data["participants"]["totalCount"] == 0
    else:
        # Matching would reveal the national id to a caller who may not read it.
        assert mine.codes == theirs.codes == ["FORBIDDEN"]


async def test_admin_sees_every_case_and_participant(api: Api, world: World) -> None:
    w = await build_world(world)
    ids = await a_ids(world, w)
    listed, people, resolved = await seen(api, w.a.who[R.ADMIN], ids)
    assert set(listed) == {gid(w.a.case), gid(w.b.case)}
    assert set(people) == {gid(w.a.participant), gid(w.b.participant)}
    assert all(resolved)


async def test_membership_through_the_organisation_counts(api: Api, world: World) -> None:
    w = await build_world(world)
    employer_org = w.a.team[R.EMPLOYER]
    newcomer = await world.do(
        admin(),
        lambda work: actors.create_actor(
            work,
            actors.CreateActor(
                ActorKind.PERSON, R.EMPLOYER, "New HR", organisation_id=employer_org.id
            ),
        ),
    )
    elsewhere = await world.do(
        admin(),
        lambda work: actors.create_actor(
            work, actors.CreateActor(ActorKind.PERSON, R.EMPLOYER, "HR elsewhere")
        ),
    )
    ids = [gid(w.a.case), gid(w.assessment)]
    for who in (as_actor(newcomer), as_actor(employer_org)):
        assert await seen(api, who, ids) == ([gid(w.a.case)], [gid(w.a.participant)], [True, True])
    assert await seen(api, as_actor(elsewhere), ids) == ([], [], [False, False])
    # Taken off the team, the organisation takes its people with it.
    removal = await api.query(
        w.a.who[R.CASE_MANAGER],
        REMOVE,
        input={"caseId": gid(w.a.case), "actorId": gid(employer_org)},
    )
    assert removal.data["removeCaseTeamMember"]["userErrors"] == []
    for who in (as_actor(newcomer), w.a.who[R.EMPLOYER]):
        assert await seen(api, who, ids) == ([], [], [False, False])


@pytest.mark.parametrize("later", [False, True], ids=["same_day", "a_day_later"])
async def test_a_member_taken_off_the_team_loses_access(
    api: Api, world: World, clock: Clock, later: bool
) -> None:
    w = await build_world(world)
    ids = await a_ids(world, w)
    clinician = w.a.who[R.CLINICIAN]
    assert await seen(api, clinician, ids[:1]) == ([gid(w.a.case)], [gid(w.a.participant)], [True])
    if later:  # the membership was effective, so it stays as history, ending yesterday
        clock.advance(timedelta(days=1))
    result = await api.query(
        w.a.who[R.CASE_MANAGER],
        REMOVE,
        input={"caseId": gid(w.a.case), "actorId": gid(w.a.team[R.CLINICIAN])},
    )
    payload = result.data["removeCaseTeamMember"]
    assert payload["userErrors"] == []
    history = [
        member
        for member in payload["case"]["team"]
        if member["actor"]["id"] == gid(w.a.team[R.CLINICIAN])
    ]
    # Removed on the day it began, the membership never took effect: no history.
    expected = [("2026-03-02", "2026-03-02")] if later else []
    assert [(member["since"], member["until"]) for member in history] == expected
    assert await seen(api, clinician, ids) == ([], [], [False] * len(ids))


async def set_membership(world: World, actor: m.Actor, case: m.Case, **values: object) -> None:
    async with world.db.transaction() as session:
        await session.execute(
            sa.update(m.CaseTeamMember)
            .where(m.CaseTeamMember.actor_id == actor.id, m.CaseTeamMember.case_id == case.id)
            .values(**values)
        )


async def test_membership_ends_after_its_until_day(api: Api, world: World, clock: Clock) -> None:
    w = await build_world(world)
    ids = await a_ids(world, w)
    await set_membership(world, w.a.team[R.REHAB_COORDINATOR], w.a.case, until=TODAY)
    coordinator = w.a.who[R.REHAB_COORDINATOR]
    listed, _, resolved = await seen(api, coordinator, ids)
    hidden = hidden_from(w, R.REHAB_COORDINATOR)
    assert listed == [gid(w.a.case)]  # `until` is the last day of access
    assert resolved == [i not in hidden for i in ids]
    clock.advance(timedelta(days=1))
    assert await seen(api, coordinator, ids) == ([], [], [False] * len(ids))


async def test_membership_from_tomorrow_gives_no_access_yet(
    api: Api, world: World, clock: Clock
) -> None:
    w = await build_world(world)
    ids = await a_ids(world, w)
    async with world.db.transaction() as session:
        session.add(
            m.CaseTeamMember(
                case_id=w.a.case.id,
                actor_id=w.spare.id,
                role=R.EMPLOYMENT_OFFICER,
                since=TODAY + timedelta(days=1),
            )
        )
    officer = as_actor(w.spare)
    assert await seen(api, officer, ids) == ([], [], [False] * len(ids))
    clock.advance(timedelta(days=1))
    listed, people, resolved = await seen(api, officer, ids)
    assert (listed, people) == ([gid(w.a.case)], [gid(w.a.participant)])
    hidden = hidden_from(w, R.EMPLOYMENT_OFFICER)
    assert resolved == [i not in hidden for i in ids]


# ---------------------------------------------------------------------- scopes

CASE_FIELD = "query($id: ID!) {{ node(id: $id) {{ ... on Case {{ {field} }} }} }}"
NODE = "query($id: ID!) { node(id: $id) { id } }"
PARTICIPANT_CASES = (
    "query($id: ID!) { node(id: $id) { ... on Participant { cases { totalCount } } } }"
)

# (scope, query, which object of the world $id names, path of the refused field)
SCOPED = [
    ("cases:read", "query { cases { totalCount } }", None, ["cases"]),
    ("cases:read", NODE, "case", ["node"]),
    ("participants:read", "query { participants { totalCount } }", None, ["participants"]),
    ("participants:read", NODE, "participant", ["node"]),
    ("cases:read", PARTICIPANT_CASES, "participant", ["node", "cases"]),
    ("plans:read", CASE_FIELD.format(field="plans { totalCount }"), "case", ["node", "plans"]),
    ("plans:read", CASE_FIELD.format(field="currentPlan { id }"), "case", ["node", "currentPlan"]),
    ("plans:read", NODE, "plan", ["node"]),
    ("assessments:read", CASE_FIELD.format(field="assessments { totalCount }"), "case",
     ["node", "assessments"]),
    ("assessments:read", NODE, "assessment", ["node"]),
    ("interventions:read", CASE_FIELD.format(field="interventions { totalCount }"), "case",
     ["node", "interventions"]),
    ("interventions:read", NODE, "intervention", ["node"]),
    ("benefits:read", CASE_FIELD.format(field="benefits { degree }"), "case", ["node", "benefits"]),
    ("benefits:read", NODE, "benefit", ["node"]),
    ("notes:read", CASE_FIELD.format(field="notes { totalCount }"), "case", ["node", "notes"]),
    ("notes:read", NODE, "note", ["node"]),
    ("documents:read", CASE_FIELD.format(field="documents { id }"), "case", ["node", "documents"]),
    ("documents:read", NODE, "document", ["node"]),
    ("actors:read", "query { actors { totalCount } }", None, ["actors"]),
]  # fmt: skip


def _target(w: AccessWorld, name: str) -> str:
    rows = {
        "case": w.a.case,
        "participant": w.a.participant,
        "plan": w.active_plan,
        "assessment": w.assessment,
        "intervention": w.referred,
        "benefit": w.benefit,
        "note": w.notes["team_wide"],
        "document": w.documents["by_manager"],
    }
    return gid(rows[name])


@pytest.mark.parametrize("role", [R.CASE_MANAGER, R.ADMIN], ids=str)
async def test_a_token_without_the_scope_is_forbidden(api: Api, world: World, role: R) -> None:
    w = await build_world(world)
    who = w.a.who[role]
    wrong = []
    for scope, query, target, path in SCOPED:
        variables = {"id": _target(w, target)} if target else {}
        # ADMIN's `admin` scope stands for every other scope: both must go.
        without = with_scopes(who, set(MAX_SCOPES[role]) - {scope, "admin"})
        allowed = await api.query(who, query, **variables)
        refused = await api.query(without, query, **variables)
        paths = [error.get("path") for error in refused.errors]
        if allowed.errors or refused.codes != ["FORBIDDEN"] or paths != [path]:
            wrong.append(f"{scope} at {path}: {allowed.codes} with it, {refused.codes} {paths}")
    assert wrong == []


async def test_medical_needs_medical_read_besides_the_category(api: Api, world: World) -> None:
    w = await build_world(world)
    query = """query($id: ID!) { node(id: $id) { ... on Assessment {
      summary diagnoses { code } prognosis icfCodes } } }"""
    manager = w.a.who[R.CASE_MANAGER]
    full = await api.query(manager, query, id=gid(w.assessment))
    assert full.data["node"]["diagnoses"] == [{"code": "F32.1"}]
    without = with_scopes(manager, set(MAX_SCOPES[R.CASE_MANAGER]) - {"medical:read"})
    hidden = await api.query(without, query, id=gid(w.assessment))
    # Hidden, not refused: the same query works for every token.
    assert hidden.data["node"] == {
        "summary": "Can work half days",
        "diagnoses": None,
        "prognosis": None,
        "icfCodes": None,
    }


async def test_a_participants_cases_are_listed_as_far_as_the_viewer_sees_them(
    api: Api, world: World
) -> None:
    w = await build_world(world)
    other = await world.case(w.a.participant, team={w.b.team[R.CLINICIAN]: R.CLINICIAN})
    query = """query($id: ID!) { node(id: $id) { ... on Participant {
      cases { totalCount edges { node { id } } } } } }"""
    expected = {
        w.a.who[R.CLINICIAN]: {gid(w.a.case)},
        w.b.who[R.CLINICIAN]: {gid(other)},
        w.a.who[R.PARTICIPANT]: {gid(w.a.case), gid(other)},
        w.a.who[R.ADMIN]: {gid(w.a.case), gid(other)},
    }
    for who, cases in expected.items():
        listed = (await api.query(who, query, id=gid(w.a.participant))).data["node"]["cases"]
        assert {edge["node"]["id"] for edge in listed["edges"]} == cases, who.subject
        assert listed["totalCount"] == len(cases)


async def test_a_member_who_leaves_the_team_gets_no_case_back(api: Api, world: World) -> None:
    w = await build_world(world)
    coordinator = w.a.team[R.REHAB_COORDINATOR]
    query = """mutation($input: RemoveCaseTeamMemberInput!) { removeCaseTeamMember(input: $input) {
      case { id notes { totalCount } } userErrors { code } } }"""
    result = await api.query(
        w.a.who[R.REHAB_COORDINATOR],
        query,
        input={"caseId": gid(w.a.case), "actorId": gid(coordinator)},
    )
    assert result.errors == []
    assert result.data["removeCaseTeamMember"] == {"case": None, "userErrors": []}

"""A prepared document keeps how its selections are planned and walked for its next
runs, unless a directive takes a variable: then what is selected changes from run to
run, and each run plans its own."""

from __future__ import annotations

from typing import Any

from support import Api, World, admin, gid
from test_interventions import PROPOSE

from vocrehab.hooks.vocabulary import StakeholderType as R

FIXED = """query Fixed { cases(first: 5) { edges { node { reference ...People
  again: participant { n: givenName } team @include(if: false) { role } } } } }
fragment People on Case { participant { givenName } team { role actor { name } } }"""

VARYING = """query Varying($team: Boolean!) { cases(first: 5) { edges { node { reference
  team @include(if: $team) { role actor { name } } } } } }"""


def _prepared(api: Api, text: str) -> Any:
    return api.app.state.services.pipeline.documents.prepare(text, None)


async def _world(world: World) -> None:
    for given in ("Ada", "Bo"):
        doctor = await world.actor(R.CLINICIAN, f"Dr {given}")
        await world.case(await world.participant(given=given), team={doctor: R.CLINICIAN})


async def test_a_kept_document_answers_its_next_runs_alike(api: Api, world: World) -> None:
    await _world(world)
    first = await api.query(admin(), FIXED)
    kept = _prepared(api, FIXED).plans
    assert kept, "the first run's plans are kept with the document"
    planned = dict(kept)
    second = await api.query(admin(), FIXED)
    assert first.body == second.body and "errors" not in first.body
    assert dict(kept) == planned  # the second run planned nothing new
    nodes = [edge["node"] for edge in first.data["cases"]["edges"]]
    assert sorted(n["participant"]["givenName"] for n in nodes) == ["Ada", "Bo"]
    assert all(n["again"]["n"] == n["participant"]["givenName"] for n in nodes)
    assert all(n["team"][0]["actor"]["name"].startswith("Dr ") for n in nodes)


async def test_a_directive_on_a_variable_is_planned_run_by_run(api: Api, world: World) -> None:
    await _world(world)
    answers = [
        (await api.query(admin(), VARYING, team=team)).data["cases"]["edges"]
        for team in (True, False, True)
    ]
    assert _prepared(api, VARYING).plans is None
    with_team, without, again = ([edge["node"] for edge in edges] for edges in answers)
    assert all(len(node["team"]) == 1 for node in with_team)
    assert all("team" not in node for node in without)
    assert again == with_team


PAGED = """query Paged($n: Int) { cases(first: 5) { edges { node { reference
  literal: interventions(first: 1) { edges { node { status } } }
  given: interventions(first: $n) { edges { node { status } } } } } } }"""


async def test_literal_arguments_are_kept_and_variables_read_each_run(
    api: Api, world: World
) -> None:
    case = await world.case(await world.participant())
    for _ in range(3):
        propose = {"caseId": gid(case), "typeCode": "WORK_TRIAL"}
        await api.query(admin(), PROPOSE, input=propose)
    sizes = []
    for n in (1, 3, 2):
        [edge] = (await api.query(admin(), PAGED, n=n)).data["cases"]["edges"]
        node = edge["node"]
        sizes.append((len(node["literal"]["edges"]), len(node["given"]["edges"])))
    assert sizes == [(1, 1), (1, 3), (1, 2)]
    assert _prepared(api, PAGED).plans, "the document is kept: its variables are no directive's"

"""A list level loads only the columns its selected fields read (`api.columns`), and
every field still shows what it shows when everything is selected."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from graphql import GraphQLObjectType, get_named_type, is_leaf_type
from support import Api, World, admin

from vocrehab.api import base, columns
from vocrehab.api.columns import READ_BY
from vocrehab.core import interventions, plans
from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.hooks.vocabulary import ActorKind
from vocrehab.hooks.vocabulary import StakeholderType as R

PATHS = {
    "Actor": "team { actor { %s } }",
    "CaseTeamMember": "team { %s }",
    "Participant": "participant { %s }",
    "Plan": "currentPlan { %s }",
    "PlanStep": "currentPlan { steps { %s } }",
    "Intervention": "interventions(first: 5) { edges { node { %s } } }",
    "Milestone": "milestones { %s }",
}


async def _rich_cases(world: World, db: Database) -> None:
    """Cases where every trimmable column holds a value."""
    clinic = await world.actor(R.CLINICIAN, "Clinic", kind=ActorKind.ORGANISATION)
    doctor = await world.actor(R.CLINICIAN, "Dr Lund", organisation=clinic)
    manager = await world.actor(R.CASE_MANAGER, "Kari")
    provider = await world.actor(R.PROVIDER, "Provider AS", kind=ActorKind.ORGANISATION)
    for i in range(3):
        person = await world.participant(
            given=f"P{i}",
            national_id=f"ID-{i:04d}",
            birth_date=date(1980, 1, 1 + i),
            preferred_language="en",
            email=f"p{i}@example.org",
            phone=f"+47 4000000{i}",
        )
        case = await world.case(
            person,
            team={manager: R.CASE_MANAGER, doctor: R.CLINICIAN, provider: R.PROVIDER},
            sick_leave_start=date(2026, 2, 1),
        )
        step = plans.PlanStep(
            date(2026, 3, 2), date(2026, 3, 29), 50, 18.5, "Mornings", ["Quiet room"]
        )
        plan = await world.do(
            admin(),
            lambda w, c=case, s=step: plans.create_plan(
                w, plans.CreatePlan(c.id, "Return", [s], goal="Back by summer")
            ),
        )
        await world.do(admin(), lambda w, p=plan: plans.activate_plan(w, p.id))
        await world.do(
            admin(),
            lambda w, c=case: interventions.propose_intervention(
                w,
                interventions.ProposeIntervention(
                    c.id,
                    "WORK_TRIAL",
                    provider_id=provider.id,
                    start_date=date(2026, 3, 2),
                    planned_end_date=date(2026, 4, 2),
                    hours_per_week=10,
                ),
            ),
        )
    async with db.transaction() as session:  # what only a later status change sets
        await session.execute(
            sa.update(m.Intervention).values(end_date=date(2026, 4, 1), outcome="Went well")
        )
        await session.execute(
            sa.update(m.Actor).values(email="someone@example.org", organisation_number="9")
        )


def _selection(api: Api, type_name: str) -> dict[str, str]:
    """Every field of the type, as it is selected alone (objects by their __typename)."""
    schema = api.app.state.services.planner.schema
    graphql_type = schema.type_map[type_name]
    assert isinstance(graphql_type, GraphQLObjectType)
    out = {}
    for name, field in graphql_type.fields.items():
        if any(arg.type.__class__.__name__ == "GraphQLNonNull" for arg in field.args.values()):
            continue
        leaf = is_leaf_type(get_named_type(field.type))
        out[name] = name if leaf else f"{name} {{ __typename }}"
    return out


def _values(data: dict, type_name: str, field: str) -> list:
    """The field's values on every object of the type, in page order."""
    found = []
    for edge in data["cases"]["edges"]:
        node = edge["node"]
        if type_name == "Actor":
            found += [member["actor"][field] for member in node["team"]]
        elif type_name == "CaseTeamMember":
            found += [member[field] for member in node["team"]]
        elif type_name == "Participant":
            found.append(node["participant"][field])
        elif type_name == "Plan":
            found.append(node["currentPlan"][field])
        elif type_name == "PlanStep":
            found += [s[field] for s in node["currentPlan"]["steps"]]
        elif type_name == "Milestone":
            found += [s[field] for s in node["milestones"]]
        else:
            found += [e["node"][field] for e in node["interventions"]["edges"]]
    return found


@pytest.mark.parametrize("type_name", sorted(READ_BY))
async def test_each_field_alone_shows_what_it_shows_with_every_column_loaded(
    api: Api, world: World, db: Database, type_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rich_cases(world, db)
    fields = _selection(api, type_name)
    page = "query { cases(first: 10) { edges { node { id %s } } } }"
    with monkeypatch.context() as untrimmed:  # the reference: nothing left out
        untrimmed.setattr(columns, "READ_BY", {})
        everything = await api.query(admin(), page % (PATHS[type_name] % " ".join(fields.values())))
    assert not everything.errors, everything.errors
    for column, readers in READ_BY[type_name].items():
        for reader in readers:
            owner, _, name = reader.rpartition(".")
            schema = api.app.state.services.planner.schema
            assert name in schema.type_map[owner or type_name].fields, (  # type: ignore[union-attr]
                f"{type_name}: {reader} (reads {column}) is not a field"
            )
    checked = 0
    for name, selection in fields.items():
        alone = await api.query(admin(), page % (PATHS[type_name] % selection))
        assert not alone.errors, (name, alone.errors)
        expected = _values(everything.data, type_name, name)
        assert _values(alone.data, type_name, name) == expected, f"{type_name}.{name}"
        checked += any(v is not None for v in expected)
    # The data is rich enough to mean something: most fields hold a value.
    assert checked >= len(fields) * 2 // 3, (type_name, checked, len(fields))


async def test_rows_shared_with_another_field_keep_what_that_field_reads(
    api: Api, world: World, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case's milestones feed its orientation and handover too: selected beside them,
    the milestones keep the columns those read, though `milestones { code }` does not."""
    await _rich_cases(world, db)
    page = """query { cases(first: 10) { edges { node {
      milestones { code }
      orientation { summary nextSteps { title responsible dueDate } blockers }
      handover { sections { title } }
    } } } }"""
    trimmed = await api.query(admin(), page)
    with monkeypatch.context() as untrimmed:
        untrimmed.setattr(columns, "READ_BY", {})
        everything = await api.query(admin(), page)
    assert not trimmed.errors and trimmed.data == everything.data
    steps = [
        step
        for e in trimmed.data["cases"]["edges"]
        for step in e["node"]["orientation"]["nextSteps"]
    ]
    assert steps and all(step["title"] for step in steps)


async def test_an_id_is_made_only_where_the_operation_selects_it(
    api: Api, world: World, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Objects are presented without their global ID when no selection of their type
    asks for it (`api.base.object_id`); asked for in any way, through the Node
    interface or a fragment, it is there."""
    await _rich_cases(world, db)
    made: list[str] = []
    encode = base.encode_global_id
    monkeypatch.setattr(
        base,
        "encode_global_id",
        lambda type_name, row_id: made.append(type_name) or encode(type_name, row_id),
    )
    page = "query { cases(first: 10) { edges { node { id SELECTION } } } }"
    plain = await api.query(admin(), page.replace("SELECTION", "team { actor { name } }"))
    assert not plain.errors
    assert set(made) == {"Case"}, made  # the actors' ids were not asked for
    ways = {
        "direct": "team { actor { id name } }",
        "node": "team { actor { ... on Node { id } name } }",
        "fragment": "team { actor { ...A name } }",
    }
    found = {}
    for way, selection in ways.items():
        query = page.replace("SELECTION", selection)
        if way == "fragment":
            query += " fragment A on Actor { id }"
        result = await api.query(admin(), query)
        assert not result.errors, (way, result.errors)
        found[way] = _values(result.data, "Actor", "id")
        assert found[way] and all(found[way]), way
    assert found["direct"] == found["node"] == found["fragment"]
    assert _values(plain.data, "Actor", "name") == _values(result.data, "Actor", "name")

"""Consent (AUTHZ.md): a participant can show a category to a named member of
the team, for a period, until revoked; never what is marked *never*: the
employer does not see the diagnosis, whatever it is given."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from support import Api, World, admin, as_actor, gid, with_scopes
from test_access_matrix import TODAY, AccessWorld, build_world, signing_once

from vocrehab.core import actors
from vocrehab.core.clock import Clock
from vocrehab.core.masks import category_mask
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import ActorKind
from vocrehab.hooks.vocabulary import DataCategory as C
from vocrehab.hooks.vocabulary import StakeholderType as R


@pytest.fixture
def api(api: Api, monkeypatch: pytest.MonkeyPatch) -> Api:
    return signing_once(api, monkeypatch)


SHOWN_QUERY = """
query Shown($case: ID!, $assessment: ID!) {
  case: node(id: $case) {
    ... on Case {
      participant { nationalId }
      benefits { degree }
      assessments(first: 5) { edges { node { ...Medical } } }
    }
  }
  assessment: node(id: $assessment) { ...Medical }
  nodes(ids: [$assessment]) { ...Medical }
}
fragment Medical on Assessment {
  diagnoses { code } functionalLimitations activityLimitations prognosis icfCodes
}
"""
HIDDEN_MEDICAL = {
    "diagnoses": None,
    "functionalLimitations": None,
    "activityLimitations": None,
    "prognosis": None,
    "icfCodes": None,
}


async def shown(api: Api, who: Principal, w: AccessWorld) -> set[C]:
    """The categories of case a that `who` is shown (MEDICAL the same on every path)."""
    data = (
        await api.query(who, SHOWN_QUERY, case=gid(w.a.case), assessment=gid(w.assessment))
    ).data
    case = data["case"]
    paths = [case["assessments"]["edges"][0]["node"], data["assessment"], data["nodes"][0]]
    medical = [path != HIDDEN_MEDICAL for path in paths]
    assert len(set(medical)) == 1, f"MEDICAL shown on some paths only: {paths}"
    found = {C.MEDICAL} if medical[0] else set()
    if case["participant"]["nationalId"] is not None:
        found.add(C.CONTACT)
    if case["benefits"]:
        found.add(C.BENEFITS)
    return found


async def consent(
    world: World, w: AccessWorld, grantee: m.Actor, categories: set[C], **values: Any
) -> m.Consent:
    """A consent of a's participant, stored as the consent service would store it."""
    row = m.Consent(
        participant_id=w.a.participant.id,
        grantee_id=grantee.id,
        categories=sorted(c.value for c in categories),
        categories_mask=category_mask(categories),
        valid_from=values.pop("valid_from", TODAY),
        created_at=world.clock.now(),
        **values,
    )
    async with world.db.transaction() as session:
        session.add(row)
    return row


def plus_medical_read(who: Principal) -> Principal:
    # Beyond the employer's maximum on purpose: the category must hide it anyway.
    return with_scopes(who, set(who.scopes) | {"medical:read"})


async def test_an_employer_never_sees_the_diagnosis(api: Api, world: World) -> None:
    w = await build_world(world)
    employer_org, hr = w.a.team[R.EMPLOYER], w.a.hr
    # Someone typed as a case manager, acting for the employer: on this case
    # they are the employer, and the consent must not reach them either.
    hr_manager = await world.do(
        admin(),
        lambda work: actors.create_actor(
            work,
            actors.CreateActor(
                ActorKind.PERSON, R.CASE_MANAGER, "HR manager", organisation_id=employer_org.id
            ),
        ),
    )
    askers = [
        w.a.who[R.EMPLOYER],
        plus_medical_read(w.a.who[R.EMPLOYER]),
        plus_medical_read(as_actor(employer_org)),
        as_actor(hr_manager),
    ]
    for who in askers:
        assert await shown(api, who, w) == set()
    everything = {C.CONTACT, C.MEDICAL, C.BENEFITS}
    for grantee in (hr, employer_org, hr_manager):
        await consent(world, w, grantee, everything)
    # Consent shows the employer what is not *never*: the national id, the benefits.
    for who in askers:
        assert await shown(api, who, w) == {C.CONTACT, C.BENEFITS}, who.subject


# What a consent adds for a team member, in each role: hidden by default.
WIDENED: dict[R, set[C]] = {
    R.PROVIDER: {C.MEDICAL, C.CONTACT},
    R.EMPLOYMENT_OFFICER: {C.MEDICAL},
    R.CLINICIAN: {C.BENEFITS},
    R.EMPLOYER: {C.BENEFITS},
}


async def test_consent_shows_a_team_member_more_categories(api: Api, world: World) -> None:
    w = await build_world(world)
    before = {role: await shown(api, w.a.who[role], w) for role in WIDENED}
    for role, categories in WIDENED.items():
        assert not before[role] & categories, role
        grantee = w.a.hr if role is R.EMPLOYER else w.a.team[role]
        await consent(world, w, grantee, categories)
    for role, categories in WIDENED.items():
        assert await shown(api, w.a.who[role], w) == before[role] | categories, role


@pytest.mark.parametrize("end", ["revoked", "valid_to"])
async def test_consent_stops_when_revoked_or_over(
    api: Api, world: World, clock: Clock, end: str
) -> None:
    w = await build_world(world)
    provider = w.a.who[R.PROVIDER]
    row = await consent(world, w, w.a.team[R.PROVIDER], {C.MEDICAL}, valid_to=TODAY)
    assert await shown(api, provider, w) == {C.MEDICAL}  # `valid_to` is its last day
    if end == "revoked":
        async with world.db.transaction() as session:
            await session.execute(
                sa.update(m.Consent).where(m.Consent.id == row.id).values(revoked_at=clock.now())
            )
    else:
        clock.advance(timedelta(days=1))
    assert await shown(api, provider, w) == set()


async def test_consent_from_tomorrow_shows_nothing_yet(
    api: Api, world: World, clock: Clock
) -> None:
    w = await build_world(world)
    provider = w.a.who[R.PROVIDER]
    await consent(world, w, w.a.team[R.PROVIDER], {C.MEDICAL}, valid_from=TODAY + timedelta(1))
    assert await shown(api, provider, w) == set()
    clock.advance(timedelta(days=1))
    assert await shown(api, provider, w) == {C.MEDICAL}


async def test_consent_puts_no_one_on_the_team(api: Api, world: World) -> None:
    w = await build_world(world)
    outsider = w.b.team[R.CLINICIAN]
    await consent(world, w, outsider, {C.CONTACT, C.MEDICAL, C.BENEFITS})
    query = "query($ids: [ID!]!) { cases { totalCount } nodes(ids: $ids) { id } }"
    ids = [gid(w.a.case), gid(w.a.participant), gid(w.assessment)]
    data = (await api.query(as_actor(outsider), query, ids=ids)).data
    assert data == {"cases": {"totalCount": 1}, "nodes": [None, None, None]}

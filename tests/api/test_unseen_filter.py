"""`cases(filter: {unseen: true})`: the cases with events the reader has not seen,
counting only events the reader may see, filtered in SQL (a page costs the same
whatever its size)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from support import Api, World, admin, as_actor, as_participant, gid

from vocrehab.core import benefits, consents, notes, seen
from vocrehab.core.principal import Principal
from vocrehab.db.engine import Database, StatementCounter
from vocrehab.hooks.vocabulary import DataCategory as C
from vocrehab.hooks.vocabulary import StakeholderType as R

CASES = """query($first: Int, $after: String, $unseen: Boolean) {
  cases(first: $first, after: $after, filter: {unseen: $unseen}) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id unseenCount } } } }"""


async def _listed(api: Api, who: Principal, unseen: bool | None, first: int = 3) -> list[Any]:
    nodes, after = [], None
    while True:
        page = (await api.query(who, CASES, first=first, after=after, unseen=unseen)).data["cases"]
        nodes += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


async def test_unseen_cases_count_only_what_each_reader_may_see(
    api: Api, world: World, db: Database
) -> None:
    manager = await world.actor(R.CASE_MANAGER, "Case manager")
    gp = await world.actor(R.CLINICIAN, "GP")
    employer = await world.actor(R.EMPLOYER, "Employer")
    team = {manager: R.CASE_MANAGER, gp: R.CLINICIAN, employer: R.EMPLOYER}
    people = [await world.participant(f"P{i}", "Berg") for i in range(6)]
    cases = [await world.case(p, team=team) for p in people]
    readers = {"manager": as_actor(manager), "gp": as_actor(gp), "employer": as_actor(employer),
               "participant 0": as_participant(people[0])}  # fmt: skip
    for who in readers.values():
        for case in cases:
            if who.participant_id in (None, case.participant_id):
                await world.do(who, lambda w, c=case.id: seen.mark_case_seen(w, c))
    for who in readers.values():
        assert await _listed(api, who, True) == [], "everything seen"

    today = world.clock.today()
    # 0: a note only clinicians read; 1: a benefit (BENEFITS); 2: the employer's note for
    # everyone;
    # 3: a benefit, but its participant lets the GP see BENEFITS; 4: the manager's own
    # note; 5: nothing new.
    gp_only = notes.AddNote(cases[0].id, "Between clinicians", [R.CLINICIAN])
    await world.do(readers["gp"], lambda w: notes.add_note(w, gp_only))
    for index in (1, 3):
        grant = benefits.GrantBenefit(cases[index].id, "SICKNESS_BENEFIT", 100, today)
        await world.do(admin(), lambda w, g=grant: benefits.grant_benefit(w, g))
    everyone = notes.AddNote(cases[2].id, "Meeting moved", [r for r in R if r is not R.ADMIN])
    await world.do(readers["employer"], lambda w: notes.add_note(w, everyone))
    consent = consents.GrantConsent(people[3].id, gp.id, [C.BENEFITS], today,
                                    today + timedelta(days=30))  # fmt: skip
    await world.do(as_participant(people[3]), lambda w: consents.grant_consent(w, consent))
    own = notes.AddNote(cases[4].id, "Called the employer", [R.CASE_MANAGER])
    await world.do(readers["manager"], lambda w: notes.add_note(w, own))

    expected = {
        "manager": {1, 2, 3},  # the GP's private note is not theirs; their own note is not news
        "gp": {2, 3},  # BENEFITS (and the consent) only where consented
        "employer": {3},  # the note for everyone is their own; the consent was news
        "participant 0": set(),  # a note among clinicians is not the participant's either
    }
    for name, who in readers.items():
        listed = await _listed(api, who, True)
        index = {gid(c): i for i, c in enumerate(cases)}
        assert {index[n["id"]] for n in listed} == expected[name], name
        # The filter agrees with each case's own count, in both directions.
        assert all(n["unseenCount"] > 0 for n in listed), name
        rest = await _listed(api, who, False)
        assert all(n["unseenCount"] == 0 for n in rest), name
        assert len(listed) + len(rest) == len(await _listed(api, who, None)), name
    # ADMIN has no read markers: every case has news for it.
    assert len(await _listed(api, admin(), True)) == len(cases)

    counts = {}
    for first in (1, 3):
        with StatementCounter(db.engine) as counter:
            result = await api.query(readers["manager"], CASES, first=first, unseen=True)
        assert len(result.data["cases"]["edges"]) == first
        counts[first] = len(counter.statements)
    assert counts[1] == counts[3], counts

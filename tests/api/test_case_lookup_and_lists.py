"""A case by its id or its reference, and the lists of a case (documents, benefits,
team) and of a participant (consents) as connections, both ways, under the same
access as the plain lists."""

from __future__ import annotations

from typing import Any

from support import Api, World, admin, as_actor, as_participant, gid
from test_pagination import backward, walk, walk_back

from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import StakeholderType as R

LOOKUP = """query($id: ID!, $reference: String!) {
  case(id: $id) { id reference }
  caseByReference(reference: $reference) { id reference }
}"""

PAGE = "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
ARGS = "first: $first, after: $after, last: $last, before: $before"
CASE_LISTS = f"""query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {{
  case(id: $id) {{
    team {{ role actor {{ id }} }}
    benefits {{ id }}
    documents {{ id }}
    teamConnection({ARGS}) {{ {PAGE} edges {{ cursor node {{ role actor {{ id }} }} }} }}
    benefitsConnection({ARGS}) {{ {PAGE} edges {{ cursor node {{ id }} }} }}
    documentsConnection({ARGS}) {{ {PAGE} edges {{ cursor node {{ id }} }} }}
  }}
}}"""
CONSENTS = f"""query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {{
  node(id: $id) {{ ... on Participant {{
    consents {{ id }}
    consentsConnection({ARGS}) {{ {PAGE} edges {{ cursor node {{ id categories }} }} }}
  }} }}
}}"""


async def test_a_case_by_id_and_by_reference(api: Api, world: World) -> None:
    manager, stranger = await world.actor(R.CASE_MANAGER), await world.actor(R.CASE_MANAGER)
    person = await world.participant()
    case = await world.case(person, team={manager: R.CASE_MANAGER})
    await world.case(person)
    expected = {"id": gid(case), "reference": case.reference}

    found = await api.query(as_actor(manager), LOOKUP, id=gid(case), reference=case.reference)
    assert found.data == {"case": expected, "caseByReference": expected}
    # Someone not on the team learns nothing, not even that the case exists.
    hidden = await api.query(as_actor(stranger), LOOKUP, id=gid(case), reference=case.reference)
    assert hidden.errors == [] and hidden.data == {"case": None, "caseByReference": None}
    # Nothing by that reference, or an id of another type: null, like node().
    nothing = await api.query(admin(), LOOKUP, id=gid(person), reference="XX-2026-999999")
    assert nothing.errors == [] and nothing.data == {"case": None, "caseByReference": None}
    # A string that is no id at all is the client's bug.
    malformed = await api.query(admin(), LOOKUP, id="not an id", reference=case.reference)
    assert malformed.codes == ["BAD_USER_INPUT"]
    # Without cases:read, neither answers.
    scopeless = as_actor(manager, frozenset({"actors:read"}))
    refused = await api.query(scopeless, LOOKUP, id=gid(case), reference=case.reference)
    assert refused.codes == ["FORBIDDEN", "FORBIDDEN"]


async def _busy_case(api: Api, world: World) -> tuple[m.Case, dict[R, m.Actor]]:
    team = {role: await world.actor(role) for role in (R.CASE_MANAGER, R.EMPLOYER, R.CLINICIAN)}
    case = await world.case(await world.participant(), team={a: r for r, a in team.items()})
    for start, end in (
        ("2026-01-05", "2026-02-20"),
        ("2026-03-02", "2026-04-20"),
        ("2026-05-04", "2026-06-20"),
        ("2026-07-06", "2026-08-20"),
        ("2026-09-07", "2026-10-20"),
    ):
        granted = await api.query(
            admin(),
            """mutation($input: GrantBenefitInput!) { grantBenefit(input: $input) {
              userErrors { code message } } }""",
            input={
                "caseId": gid(case),
                "benefitTypeCode": "SICKNESS_BENEFIT",
                "degree": 50,
                "startDate": start,
                "endDate": end,
            },
        )
        assert granted.data["grantBenefit"]["userErrors"] == [], granted.body
    for _ in range(3):
        generated = await api.query(
            admin(),
            """mutation($input: GenerateDocumentInput!) { generateDocument(input: $input) {
              userErrors { code message } } }""",
            input={"caseId": gid(case), "kindCode": "RTW_PLAN", "format": "JSON"},
        )
        assert generated.data["generateDocument"]["userErrors"] == [], generated.body
    return case, team


def fetcher(api: Api, who: Any, query: str, id: str, path: tuple[str, str]) -> Any:
    async def fetch(first: int | None, after: str | None, **more: Any) -> Any:
        result = await api.query(who, query, id=id, first=first, after=after, **more)
        assert result.errors == [], result.body
        return result.data[path[0]][path[1]]

    return fetch


async def test_the_lists_of_a_case_page_both_ways(api: Api, world: World) -> None:
    case, team = await _busy_case(api, world)
    manager = as_actor(team[R.CASE_MANAGER])
    whole = (await api.query(manager, CASE_LISTS, id=gid(case), first=100)).data["case"]
    for plain, paged, size in (
        ("team", "teamConnection", 2),
        ("benefits", "benefitsConnection", 2),
        ("documents", "documentsConnection", 2),
    ):
        fetch = fetcher(api, manager, CASE_LISTS, gid(case), ("case", paged))
        forward = await walk(fetch, size)
        assert await walk_back(backward(fetch), size) == forward
        if plain == "team":  # the list by the day they joined, the pages as they were added
            key = lambda member: member["actor"]["id"]  # noqa: E731
            assert sorted(forward, key=key) == sorted(whole["team"], key=key)
        else:
            assert forward == whole[plain], plain
    assert len(whole["benefits"]) == 5 and len(whole["documents"]) == 3

    # Access is the plain lists': the employer sees no benefits, and neither way shows them.
    employer = as_actor(team[R.EMPLOYER])
    theirs = (await api.query(employer, CASE_LISTS, id=gid(case), first=10)).data["case"]
    assert theirs["benefits"] is None and theirs["benefitsConnection"] is None
    assert theirs["teamConnection"]["totalCount"] == 3
    assert len(theirs["documentsConnection"]["edges"]) == len(theirs["documents"])


async def test_consents_page_both_ways_for_the_participant_only(api: Api, world: World) -> None:
    person = await world.participant()
    manager = await world.actor(R.CASE_MANAGER)
    await world.case(person, team={manager: R.CASE_MANAGER})
    for _ in range(5):
        grantee = await world.actor(R.PROVIDER)
        granted = await api.query(
            as_participant(person),
            """mutation($input: GrantConsentInput!) { grantConsent(input: $input) {
              userErrors { code } } }""",
            input={"participantId": gid(person), "granteeId": gid(grantee), "categories": ["PLAN"]},
        )
        assert granted.data["grantConsent"]["userErrors"] == []
    own = as_participant(person)
    fetch = fetcher(api, own, CONSENTS, gid(person), ("node", "consentsConnection"))
    forward = await walk(fetch, 2)
    assert await walk_back(backward(fetch), 3) == forward
    plain = (await api.query(own, CONSENTS, id=gid(person), first=1)).data["node"]["consents"]
    assert [n["id"] for n in forward] == [c["id"] for c in plain] and len(plain) == 5
    # Without consents:read neither way answers.
    scopeless = await api.query(as_actor(manager), CONSENTS, id=gid(person), first=10)
    assert scopeless.codes == ["FORBIDDEN", "FORBIDDEN"]
    # With it, consents are still the participant's own (and ADMIN's): others get nothing.
    reader = as_actor(manager, frozenset({"participants:read", "consents:read"}))
    other = (await api.query(reader, CONSENTS, id=gid(person), first=10)).data
    assert other["node"]["consents"] == []
    assert other["node"]["consentsConnection"]["edges"] == []
    assert other["node"]["consentsConnection"]["totalCount"] == 0

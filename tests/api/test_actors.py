"""createActor through the GraphQL API."""

from __future__ import annotations

from typing import Any

from support import Api, World, admin, gid

from vocrehab.hooks.vocabulary import ActorKind
from vocrehab.hooks.vocabulary import StakeholderType as R

ACTOR = """id kind stakeholderType name organisationNumber email
  organisation { id name } jurisdiction { code }"""
CREATE = f"""mutation($input: CreateActorInput!) {{
  createActor(input: $input) {{ actor {{ {ACTOR} }} userErrors {{ field code message }} }} }}"""
READ = f"query($id: ID!) {{ node(id: $id) {{ ... on Actor {{ {ACTOR} }} }} }}"


async def create(api: Api, **fields: Any) -> dict[str, Any]:
    given = {"kind": "PERSON", "stakeholderType": "CLINICIAN", "name": "Dr Lund", **fields}
    return (await api.query(admin(), CREATE, input=given)).data["createActor"]


def problems(payload: dict[str, Any]) -> set[tuple[tuple[str, ...], str]]:
    assert payload["actor"] is None
    return {(tuple(e["field"]), e["code"]) for e in payload["userErrors"]}


async def test_create_an_organisation_and_a_person_acting_for_it(api: Api) -> None:
    made = await create(
        api,
        kind="ORGANISATION",
        stakeholderType="EMPLOYER",
        name=" Acme AS ",
        organisationNumber="912 345 678",
        jurisdiction="generic",
        email="hr@acme.example",
    )
    assert made["userErrors"] == []
    organisation = made["actor"]
    assert organisation == {
        "id": organisation["id"],
        "kind": "ORGANISATION",
        "stakeholderType": "EMPLOYER",
        "name": "Acme AS",
        # Normalized by the jurisdiction: the same number is stored one way.
        "organisationNumber": "912345678",
        "email": "hr@acme.example",
        "organisation": None,
        "jurisdiction": {"code": "generic"},
    }
    person = await create(
        api, stakeholderType="EMPLOYER", name="Kari HR", organisationId=organisation["id"]
    )
    assert person["userErrors"] == []
    assert person["actor"]["organisation"] == {"id": organisation["id"], "name": "Acme AS"}
    assert person["actor"]["jurisdiction"] is None

    assert (await api.query(admin(), READ, id=organisation["id"])).data["node"] == organisation
    listed = await api.query(
        admin(), '{ actors(filter: {search: "acme"}) { totalCount edges { node { id } } } }'
    )
    assert listed.data["actors"]["totalCount"] == 1
    assert listed.data["actors"]["edges"][0]["node"]["id"] == organisation["id"]


async def test_create_actor_refuses_bad_input(api: Api, world: World) -> None:
    person = await world.actor(R.CLINICIAN)
    organisation = await world.actor(R.EMPLOYER, "Acme", kind=ActorKind.ORGANISATION)

    assert problems(await create(api, name=" ", email="no-at-sign")) == {
        (("input", "name"), "INVALID_INPUT"),
        (("input", "email"), "INVALID_INPUT"),
    }
    assert problems(await create(api, stakeholderType="PARTICIPANT")) == {
        (("input", "stakeholderType"), "INVALID_INPUT")
    }
    assert problems(await create(api, jurisdiction="atlantis")) == {
        (("input", "jurisdiction"), "UNKNOWN_JURISDICTION")
    }
    # A number can only be checked against the rules of a jurisdiction.
    assert problems(await create(api, organisationNumber="912345678")) == {
        (("input", "jurisdiction"), "INVALID_INPUT")
    }
    assert problems(await create(api, organisationNumber="no!", jurisdiction="generic")) == {
        (("input", "organisationNumber"), "INVALID_ORGANISATION_NUMBER")
    }
    garbage = {"kind": "PERSON", "stakeholderType": "CLINICIAN", "name": "Dr Lund",
               "organisationId": "ACT_garbage"}  # fmt: skip
    assert (await api.query(admin(), CREATE, input=garbage)).bad_input == [
        "input",
        "organisationId",
    ]
    assert problems(await create(api, organisationId="ACT_" + "A" * 22)) == {
        (("input", "organisationId"), "NOT_FOUND")
    }
    # One acts for an organisation, not for a person; organisations act for no one.
    assert problems(await create(api, organisationId=gid(person))) == {
        (("input", "organisationId"), "INVALID_INPUT")
    }
    assert problems(await create(api, kind="ORGANISATION", organisationId=gid(organisation))) == {
        (("input", "organisationId"), "INVALID_INPUT")
    }

    count = await api.query(admin(), "{ actors { totalCount } }")
    assert count.data["actors"]["totalCount"] == 2

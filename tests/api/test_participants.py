"""registerParticipant and updateParticipant through the GraphQL API."""

from __future__ import annotations

from typing import Any

from support import Api, World, admin, gid

from vocrehab.hooks.vocabulary import EmploymentStatus

ERRORS = "userErrors { field code message rule { code } }"
PERSON = "id givenName familyName nationalId birthDate preferredLanguage email phone jurisdiction { code }"
REGISTER = f"""mutation($input: RegisterParticipantInput!) {{
  registerParticipant(input: $input) {{ participant {{ {PERSON} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($input: UpdateParticipantInput!) {{
  updateParticipant(input: $input) {{ participant {{ {PERSON} }} {ERRORS} }} }}"""
READ = f"query($id: ID!) {{ node(id: $id) {{ ... on Participant {{ {PERSON} }} }} }}"
EVENTS = """query($id: ID!) { node(id: $id) { ... on Case {
  events(first: 100) { edges { node { kind summary } } } } } }"""


async def register(api: Api, **fields: Any) -> dict[str, Any]:
    given = {"jurisdiction": "generic", "givenName": "Ada", "familyName": "Berg", **fields}
    return (await api.query(admin(), REGISTER, input=given)).data["registerParticipant"]


async def update(api: Api, **fields: Any) -> dict[str, Any]:
    return (await api.query(admin(), UPDATE, input=fields)).data["updateParticipant"]


def problems(payload: dict[str, Any]) -> set[tuple[tuple[str, ...], str]]:
    assert payload["participant"] is None
    return {(tuple(e["field"] or ()), e["code"]) for e in payload["userErrors"]}


async def event_kinds(api: Api, case_id: str) -> list[str]:
    node = (await api.query(admin(), EVENTS, id=case_id)).data["node"]
    return [edge["node"]["kind"] for edge in node["events"]["edges"]]


async def test_register_participant_returns_the_normalized_participant(api: Api) -> None:
    payload = await register(
        api,
        nationalId=" ab 1234-x ",
        givenName=" Ada ",
        birthDate="1990-05-17",
        preferredLanguage="nb",
        email="ada@example.org",
        phone="+47 22 33 44 55",
    )
    assert payload["userErrors"] == []
    person = payload["participant"]
    assert person == {
        "id": person["id"],
        "givenName": "Ada",
        "familyName": "Berg",
        "nationalId": "AB1234-X",
        "birthDate": "1990-05-17",
        "preferredLanguage": "nb",
        "email": "ada@example.org",
        "phone": "+47 22 33 44 55",
        "jurisdiction": {"code": "generic"},
    }
    assert person["id"].startswith("PAR_")
    assert (await api.query(admin(), READ, id=person["id"])).data["node"] == person
    listed = await api.query(
        admin(),
        '{ participants(filter: {nationalId: "AB1234-X"}) { totalCount edges { node { id } } } }',
    )
    assert listed.data["participants"]["totalCount"] == 1
    assert listed.data["participants"]["edges"][0]["node"]["id"] == person["id"]


async def test_register_participant_refuses_an_unknown_jurisdiction(api: Api) -> None:
    payload = await register(api, jurisdiction="atlantis")
    assert problems(payload) == {(("input", "jurisdiction"), "UNKNOWN_JURISDICTION")}


async def test_register_participant_checks_the_national_id(api: Api) -> None:
    payload = await register(api, nationalId="not a number!")
    assert problems(payload) == {(("input", "nationalId"), "INVALID_NATIONAL_ID")}
    assert payload["userErrors"][0]["message"]


async def test_a_national_id_is_registered_once(api: Api) -> None:
    first = await register(api, nationalId="AB1234")
    assert first["userErrors"] == []
    # The same number typed differently is the same number.
    again = await register(api, nationalId="ab 12 34", givenName="Other")
    assert problems(again) == {(("input", "nationalId"), "ALREADY_EXISTS")}
    count = await api.query(admin(), "{ participants { totalCount } }")
    assert count.data["participants"]["totalCount"] == 1


async def test_register_participant_reports_every_bad_field_at_once(api: Api) -> None:
    payload = await register(
        api,
        givenName="  ",
        familyName="x" * 101,
        birthDate="2026-03-03",
        preferredLanguage="Norwegian",
        email="ada.example.org",
        phone="call me",
    )
    assert problems(payload) == {
        (("input", "givenName"), "INVALID_INPUT"),
        (("input", "familyName"), "INVALID_INPUT"),
        (("input", "birthDate"), "INVALID_INPUT"),
        (("input", "preferredLanguage"), "INVALID_INPUT"),
        (("input", "email"), "INVALID_INPUT"),
        (("input", "phone"), "INVALID_INPUT"),
    }


async def test_update_participant_changes_what_was_sent(api: Api, world: World) -> None:
    person = await world.participant(email="old@example.org", phone="+4712345678")
    payload = await update(
        api, id=gid(person), givenName="Adaline", email="new@example.org", phone=None
    )
    assert payload["userErrors"] == []
    updated = payload["participant"]
    assert updated["givenName"] == "Adaline"
    assert updated["familyName"] == "Berg"
    assert updated["email"] == "new@example.org"
    # null clears a field; a field not sent stays.
    assert updated["phone"] is None
    assert (await api.query(admin(), READ, id=gid(person))).data["node"] == updated


async def test_an_update_shows_on_the_open_cases_only(api: Api, world: World) -> None:
    person = await world.participant()
    open_case = await world.case(person, employment=EmploymentStatus.OTHER)
    closed_case = await world.case(person, employment=EmploymentStatus.OTHER)
    closed = await api.query(
        admin(),
        'mutation($id: ID!) { closeCase(input: {id: $id, reason: "Done"}) { userErrors { code } } }',
        id=gid(closed_case),
    )
    assert closed.data["closeCase"]["userErrors"] == []

    assert (await update(api, id=gid(person), email="ada@example.org"))["userErrors"] == []
    assert await event_kinds(api, gid(open_case)) == ["case.opened", "participant.updated"]
    assert await event_kinds(api, gid(closed_case)) == ["case.opened", "case.closed"]

    # Sending the values it already has changes nothing, and records nothing.
    assert (await update(api, id=gid(person), email="ada@example.org"))["userErrors"] == []
    assert await event_kinds(api, gid(open_case)) == ["case.opened", "participant.updated"]


async def test_update_participant_refuses_bad_input(api: Api, world: World) -> None:
    person = await world.participant()
    assert problems(await update(api, id=gid(person), givenName=None, email="nope")) == {
        (("input", "givenName"), "INVALID_INPUT"),
        (("input", "email"), "INVALID_INPUT"),
    }
    malformed = {"id": "PAR_missing", "givenName": "X"}
    assert (await api.query(admin(), UPDATE, input=malformed)).bad_input == ["input", "id"]
    # A well-formed id of another type, or of no one, is not found either.
    case = await world.case(person)
    assert problems(await update(api, id=gid(case), givenName="X")) == {
        (("input", "id"), "NOT_FOUND")
    }
    unknown = "PAR_" + "A" * 22
    assert problems(await update(api, id=unknown, givenName="X")) == {
        (("input", "id"), "NOT_FOUND")
    }
    stored = (await api.query(admin(), READ, id=gid(person))).data["node"]
    assert stored["givenName"] == "Ada"

"""R27 through GraphQL: a 10-digit personnummer is read as of the platform's day, stored with
12 digits, found again in either form, and `checkNationalId` says which form was read."""

from __future__ import annotations

from typing import Any

import pytest
from fk_cases import personnummer
from fk_world import swedish_host
from support import Api, admin

from vocrehab.hooks.host import PluginHost


@pytest.fixture(scope="session")
def host() -> PluginHost:
    return swedish_host()


REGISTER = """mutation($input: RegisterParticipantInput!) { registerParticipant(input: $input) {
  participant { id nationalId birthDate } userErrors { field code message } } }"""
FIND = """query($id: String!) { participants(filter: {jurisdiction: "se", nationalId: $id}) {
  totalCount } }"""
CHECK = """query($value: String!) { jurisdiction(code: "se") {
  checkNationalId(value: $value) { valid normalized message } } }"""


async def register(api: Api, national_id: str) -> dict[str, Any]:
    given = {
        "jurisdiction": "se",
        "givenName": "Elsa",
        "familyName": "Ek",
        "nationalId": national_id,
    }
    return (await api.query(admin(), REGISTER, input=given)).data["registerParticipant"]


async def test_a_10_digit_personnummer_is_stored_in_its_12_digit_form(api: Api) -> None:
    """The test clock stands on 2026-03-02."""
    payload = await register(api, "811218-9876")
    assert payload["userErrors"] == []
    assert payload["participant"]["nationalId"] == "198112189876"
    assert payload["participant"]["birthDate"] == "1981-12-18"
    for written in ("811218-9876", "19811218-9876"):
        found = await api.query(admin(), FIND, id=written)
        assert found.data["participants"]["totalCount"] == 1
    again = await register(api, "19811218-9876")
    assert [e["code"] for e in again["userErrors"]] == ["ALREADY_EXISTS"]


async def test_plus_is_read_as_100_years_earlier_on_the_day_before_the_100th_birthday(
    api: Api,
) -> None:
    payload = await register(api, personnummer("19260303", separator="+")[2:])
    assert payload["userErrors"] == []
    assert payload["participant"]["birthDate"] == "1926-03-03"
    assert payload["participant"]["nationalId"].startswith("19260303")


async def test_an_invalid_10_digit_number_is_a_user_error_on_the_field(api: Api) -> None:
    payload = await register(api, "811218-9875")
    assert payload["participant"] is None
    [error] = payload["userErrors"]
    assert error["field"] == ["input", "nationalId"]
    assert error["code"] == "INVALID_NATIONAL_ID"
    assert "check digit" in error["message"]


async def test_check_national_id_shows_which_form_was_normalised(api: Api) -> None:
    result = await api.query(admin(), CHECK, value="811218-9876")
    check = result.data["jurisdiction"]["checkNationalId"]
    assert check == {
        "valid": True,
        "normalized": "198112189876",
        "message": "A 10-digit personnummer (YYMMDD-NNNC) normalised to the 12-digit form "
        "19811218-9876: '-' (or none) means under 100 in 2026, so born 1981-12-18",
    }
    refused = await api.query(admin(), CHECK, value=personnummer("19261224")[2:])
    check = refused.data["jurisdiction"]["checkNationalId"]
    assert check["valid"] is False and check["normalized"] is None
    assert "'+'" in check["message"]

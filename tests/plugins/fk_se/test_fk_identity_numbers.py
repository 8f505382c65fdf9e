"""Personnummer, samordningsnummer (R27) and organisation numbers.

Valid numbers are built here with their Luhn digit computed in the test, so
no real person's number appears.
"""

from __future__ import annotations

from datetime import date

import pytest
from fk_cases import SE, luhn, personnummer

from vocrehab_fk_se.luhn import check_digit, has_valid_check_digit
from vocrehab_fk_se.personnummer import InvalidPersonnummer, parse_personnummer


def test_the_luhn_digit_matches_skatteverkets_method() -> None:
    # Skatteverket's worked example: 811218-987 gives the check digit 6.
    assert check_digit("811218987") == 6
    assert luhn("811218987") == "6"
    assert has_valid_check_digit("8112189876")
    assert not has_valid_check_digit("8112189875")


@pytest.mark.parametrize("separator", ["-", ""])
def test_a_12_digit_personnummer_is_valid_with_or_without_the_separator(separator: str) -> None:
    number = personnummer("19850615", "239", separator)
    check = SE.validate_national_id(number)
    assert check.valid, check.message
    assert check.normalized == number.replace("-", "")
    assert len(check.normalized or "") == 12
    assert check.birth_date == date(1985, 6, 15)


def test_spaces_are_ignored() -> None:
    assert SE.validate_national_id(" " + personnummer("19850615") + " ").valid


def test_a_wrong_check_digit_is_refused() -> None:
    valid = personnummer("19850615")
    wrong = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    check = SE.validate_national_id(wrong)
    assert not check.valid and "check digit" in (check.message or "")


def test_the_10_digit_form_asks_for_the_12_digit_form() -> None:
    ten = personnummer("19850615")[2:]
    check = SE.validate_national_id(ten)
    assert not check.valid
    assert "12-digit" in (check.message or "")


def test_plus_is_only_allowed_in_the_10_digit_form() -> None:
    twelve = personnummer("19200101", "239", "+")
    assert not SE.validate_national_id(twelve).valid
    with pytest.raises(InvalidPersonnummer, match="only used in the 10-digit form"):
        parse_personnummer(twelve)


def test_the_separator_decides_the_century_of_a_10_digit_number() -> None:
    """'-' under 100 in the year read, '+' from the year the person turns 100."""
    read_on = date(2026, 3, 2)
    minus = parse_personnummer(personnummer("19260101")[2:], read_on)
    assert minus.birth_date == date(2026, 1, 1)  # '-': under 100, so born in 2026
    plus = parse_personnummer(personnummer("19260101", separator="+")[2:], read_on)
    assert plus.birth_date == date(1926, 1, 1)  # turns 100 in 2026: '+'
    younger = parse_personnummer(personnummer("19270101")[2:], read_on)
    assert younger.birth_date == date(1927, 1, 1)  # 99 in 2026: '-'
    assert plus.normalized.startswith("1926") and younger.normalized.startswith("1927")


def test_a_10_digit_number_born_later_this_year_with_a_minus_is_in_the_future() -> None:
    with pytest.raises(InvalidPersonnummer, match="future"):
        parse_personnummer(personnummer("20261224")[2:], date(2026, 3, 2))


def test_a_samordningsnummer_adds_60_to_the_day() -> None:
    number = personnummer("19850675")  # born on the 15th: 15 + 60
    check = SE.validate_national_id(number)
    assert check.valid, check.message
    assert check.birth_date == date(1985, 6, 15)
    assert check.normalized == number.replace("-", "")
    assert parse_personnummer(number).coordination


@pytest.mark.parametrize(
    ("birth", "valid"),
    [
        ("19850631", False),  # June has 30 days
        ("19850630", True),
        ("19850690", True),  # samordningsnummer for the 30th
        ("19850691", False),  # 31 + 60: June has no 31st
        ("20000229", True),  # 2000 is a leap year
        ("19000229", False),  # 1900 is not
        ("19851301", False),
        ("17991231", False),  # centuries 18, 19 and 20 only
        ("18991231", True),
    ],
)
def test_the_date_of_birth_must_exist(birth: str, valid: bool) -> None:
    assert SE.validate_national_id(personnummer(birth)).valid is valid


def test_the_birth_number_000_does_not_exist() -> None:
    check = SE.validate_national_id(personnummer("19850615", "000"))
    assert not check.valid and "001-999" in (check.message or "")


@pytest.mark.parametrize("junk", ["", "abc", "19850615-23", "1985-06-15-2391", "198506152391x"])
def test_malformed_numbers_are_refused(junk: str) -> None:
    assert not SE.validate_national_id(junk).valid


# --------------------------------------------------------------------------- organisation numbers


def organisation_number(nine: str) -> str:
    return f"{nine[:6]}-{nine[6:]}{luhn(nine)}"


@pytest.mark.parametrize("form", ["{n}", "{d}", "16{d}", "16{n}"])
def test_an_organisation_number_is_valid_in_its_forms(form: str) -> None:
    number = organisation_number("556036079")  # a limited company's group (5)
    digits = number.replace("-", "")
    check = SE.validate_organisation_number(form.format(n=number, d=digits))
    assert check.valid, check.message
    assert check.normalized == number


def test_an_organisation_numbers_check_digit_is_luhn() -> None:
    number = organisation_number("212000014")
    assert SE.validate_organisation_number(number).valid
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not SE.validate_organisation_number(wrong).valid


def test_the_third_digit_is_at_least_2_for_organisations() -> None:
    """Just inside: third digit 2. Just outside: 1, which reads as a month of a personnummer."""
    assert SE.validate_organisation_number(organisation_number("552000014")).valid
    looks_like_month_13 = organisation_number("551300014")
    check = SE.validate_organisation_number(looks_like_month_13)
    assert not check.valid and "at least 2" in (check.message or "")


def test_a_sole_traders_personnummer_serves_as_organisation_number() -> None:
    person = personnummer("19850615")
    check = SE.validate_organisation_number(person)
    assert check.valid, check.message
    assert check.normalized == person[2:]


def test_a_12_digit_organisation_number_of_a_company_starts_with_16() -> None:
    digits = organisation_number("556036079").replace("-", "")
    assert not SE.validate_organisation_number("19" + digits).valid


@pytest.mark.parametrize("junk", ["", "55603607", "556036-07931", "abcdef-ghij"])
def test_malformed_organisation_numbers_are_refused(junk: str) -> None:
    assert not SE.validate_organisation_number(junk).valid

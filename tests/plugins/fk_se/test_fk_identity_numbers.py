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


def test_without_a_date_the_10_digit_form_asks_for_the_12_digit_form() -> None:
    ten = personnummer("19850615")[2:]
    check = SE.validate_national_id(ten)
    assert not check.valid
    assert "12-digit" in (check.message or "")


# --------------------------------------------------------------------------- read as of a day (R27)

READ_ON = date(2026, 3, 2)


def test_skatteverkets_example_in_the_10_digit_form_is_stored_with_12_digits() -> None:
    check = SE.validate_national_id_on("811218-9876", READ_ON)
    assert check.valid, check.message
    assert check.normalized == "198112189876"
    assert check.birth_date == date(1981, 12, 18)
    assert check.message == (
        "A 10-digit personnummer (YYMMDD-NNNC) normalised to the 12-digit form 19811218-9876: "
        "'-' (or none) means under 100 in 2026, so born 1981-12-18"
    )


def test_the_10_digit_form_without_a_separator_reads_as_with_a_minus() -> None:
    check = SE.validate_national_id_on("8112189876", READ_ON)
    assert check.valid and check.normalized == "198112189876"


def test_a_wrong_check_digit_in_the_10_digit_form_is_refused() -> None:
    check = SE.validate_national_id_on("811218-9875", READ_ON)
    assert not check.valid and "check digit" in (check.message or "")
    assert check.normalized is None


def test_the_12_digit_form_says_it_was_stored_as_written() -> None:
    number = personnummer("19850615")
    check = SE.validate_national_id_on(number, READ_ON)
    assert check.valid and check.normalized == number.replace("-", "")
    assert check.message == f"A 12-digit personnummer (YYYYMMDD-NNNC), stored as {number}"


@pytest.mark.parametrize("read_on", [date(2026, 3, 2), date(2026, 3, 3)])
def test_plus_on_the_day_before_and_on_the_100th_birthday(read_on: date) -> None:
    """'+' reads as 100 years earlier; '-' on those days is someone not yet born, or born
    that very day, not the person turning 100."""
    plus = SE.validate_national_id_on(personnummer("19260303", separator="+")[2:], read_on)
    assert plus.valid, plus.message
    assert plus.normalized == personnummer("19260303").replace("-", "")
    assert plus.birth_date == date(1926, 3, 3)
    assert "'+' means 100 or older in 2026" in (plus.message or "")
    minus = SE.validate_national_id_on(personnummer("19260303")[2:], read_on)
    if read_on < date(2026, 3, 3):
        assert not minus.valid and "'+'" in (minus.message or "")
    else:
        assert minus.valid and minus.birth_date == date(2026, 3, 3)  # a newborn


def test_the_separator_changes_in_the_year_the_person_turns_100_not_on_the_birthday() -> None:
    """Folkbokföringslag 18 §: '+' from the year of the 100th birthday. Born 24 Dec 1926:
    on 31 Dec 2025 (aged 99, turning 100 next year) '-'; from 1 Jan 2026 '+'."""
    minus, plus = personnummer("19261224")[2:], personnummer("19261224", separator="+")[2:]
    before, after = date(2025, 12, 31), date(2026, 1, 1)
    assert SE.validate_national_id_on(minus, before).birth_date == date(1926, 12, 24)
    assert SE.validate_national_id_on(plus, before).birth_date == date(1826, 12, 24)
    refused = SE.validate_national_id_on(minus, after)
    assert not refused.valid and "in the future" in (refused.message or "")
    assert SE.validate_national_id_on(plus, after).birth_date == date(1926, 12, 24)


def test_a_10_digit_samordningsnummer_is_normalised_the_same_way() -> None:
    ten = personnummer("19850675")[2:]  # born on the 15th: 15 + 60
    check = SE.validate_national_id_on(ten, READ_ON)
    assert check.valid, check.message
    assert check.normalized == "19" + ten.replace("-", "")
    assert check.birth_date == date(1985, 6, 15)
    assert "10-digit samordningsnummer" in (check.message or "")
    old = SE.validate_national_id_on(personnummer("19210671", separator="+")[2:], READ_ON)
    assert old.valid and old.birth_date == date(1921, 6, 11)
    assert not SE.validate_national_id_on(personnummer("19850691")[2:], READ_ON).valid


@pytest.mark.parametrize(
    "number", ["811218-9876", "811218+9876", "19811218-9876", "198112189876", "8112189876"]
)
def test_reading_by_the_day_never_contradicts_the_plain_check(number: str) -> None:
    plain, dated = SE.validate_national_id(number), SE.validate_national_id_on(number, READ_ON)
    assert dated.valid
    assert not plain.valid or plain.normalized == dated.normalized


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

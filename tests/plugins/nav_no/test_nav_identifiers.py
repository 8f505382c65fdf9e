"""National ids (R18) and organisation numbers: numbers built in the test by computing
their control digits, then checked at every rule's boundary."""

from __future__ import annotations

from datetime import date

import pytest

from vocrehab_nav_no.identifiers import check_national_id, check_organisation_number

K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def control_digits(nine: str, k1_remainder: int = 0) -> str | None:
    """The two control digits for nine digits; `k1_remainder` 1-3 gives a number of the 2032 rule."""
    digits = [int(c) for c in nine]
    k1 = (11 + k1_remainder - sum(w * d for w, d in zip(K1, digits, strict=True)) % 11) % 11
    if k1 == 10:
        return None
    k2 = (11 - sum(w * d for w, d in zip(K2, [*digits, k1], strict=True)) % 11) % 11
    return None if k2 == 10 else f"{k1}{k2}"


def number(date_part: str, individual: int, k1_remainder: int = 0) -> str:
    """The first valid number with these date digits, from `individual` upwards."""
    for iii in range(individual, individual + 50):
        digits = control_digits(f"{date_part}{iii:03d}", k1_remainder)
        if digits is not None:
            return f"{date_part}{iii:03d}{digits}"
    raise AssertionError("no valid number in range")


@pytest.mark.parametrize(
    ("date_part", "individual", "born"),
    [
        ("150685", 0, date(1985, 6, 15)),  # 000-499: 1900s
        ("150685", 450, date(1985, 6, 15)),  # just inside 000-499
        ("010153", 500, None),  # 500-749 with year 40-53 is no combination: not derived
        ("010154", 700, date(1854, 1, 1)),  # just inside 500-749
        ("010154", 500, date(1854, 1, 1)),  # 500-749, year >= 54: 1800s
        ("010110", 500, date(2010, 1, 1)),  # 500-999, year <= 39: 2000s
        ("010139", 900, date(2039, 1, 1)),  # just inside year <= 39
        ("010140", 900, date(1940, 1, 1)),  # 900-999, year >= 40: 1900s
        ("010145", 750, None),  # 750-899 with year >= 40: not derived
    ],
)
def test_the_birth_date_comes_from_the_date_and_the_century_table(
    date_part: str, individual: int, born: date | None
) -> None:
    fnr = number(date_part, individual)
    assert int(fnr[6:9]) < (500 if individual < 500 else 1000)  # stayed in its range
    result = check_national_id(fnr)
    assert result.valid and result.normalized == fnr
    assert result.birth_date == born


def test_spaces_and_separators_are_normalized_away() -> None:
    fnr = number("150685", 100)
    assert check_national_id(f"{fnr[:6]} {fnr[6:]}").normalized == fnr
    assert check_national_id(f"{fnr[:6]}-{fnr[6:]}").normalized == fnr


@pytest.mark.parametrize("bad", ["", "1506851234", "150685123456", "15068512a45", "abcdefghijk"])
def test_eleven_digits_are_required(bad: str) -> None:
    assert not check_national_id(bad).valid


def test_a_wrong_first_control_digit_is_refused() -> None:
    fnr = number("150685", 100)
    for k1 in {str(d) for d in range(10)} - {fnr[9]}:
        changed = fnr[:9] + k1 + fnr[10]
        # only numbers whose k1 sum leaves 0-3 pass k1 (0: classic rule, 1-3: the 2032 rule)
        digits = [int(c) for c in changed]
        remainder = sum(w * d for w, d in zip((*K1, 1), digits[:10], strict=True)) % 11
        if remainder > 3:
            assert (
                check_national_id(changed).message == "The first control digit (k1) does not match"
            )


def test_a_wrong_second_control_digit_is_refused() -> None:
    fnr = number("150685", 100)
    wrong = fnr[:10] + str((int(fnr[10]) + 1) % 10)
    assert check_national_id(wrong).message == "The second control digit (k2) does not match"


@pytest.mark.parametrize("remainder", [1, 2, 3])
def test_numbers_of_the_2032_rule_are_valid_but_tell_no_birth_date(remainder: int) -> None:
    fnr = number("150685", 100, k1_remainder=remainder)
    result = check_national_id(fnr)
    assert result.valid and result.birth_date is None


def test_a_k1_remainder_of_4_is_outside_both_rules() -> None:
    fnr = number("150685", 100, k1_remainder=4)
    assert check_national_id(fnr).message == "The first control digit (k1) does not match"


def test_d_numbers_add_40_to_the_day_and_give_no_birth_date() -> None:
    assert check_national_id(number("410185", 100)).valid  # day 1 + 40
    assert check_national_id(number("710185", 100)).valid  # day 31 + 40
    assert check_national_id(number("410185", 100)).birth_date is None
    assert not check_national_id(number("720185", 100)).valid  # day 32
    assert not check_national_id(number("310485", 100)).valid  # 31 April
    assert not check_national_id(number("710485", 100)).valid  # 31 April as a D-number


def test_h_numbers_add_40_to_the_month() -> None:
    assert check_national_id(number("154185", 100)).valid  # January + 40
    assert check_national_id(number("155285", 100)).valid  # December + 40
    assert check_national_id(number("155285", 100)).birth_date is None
    assert not check_national_id(number("155385", 100)).valid  # month 13
    assert not check_national_id(number("151385", 100)).valid  # month 13, no H
    assert not check_national_id(number("455285", 100)).valid  # both D and H


def test_29_february_exists_only_in_leap_years() -> None:
    assert check_national_id(number("290284", 100)).birth_date == date(1984, 2, 29)
    assert not check_national_id(number("290285", 100)).valid
    assert not check_national_id(number("290200", 100)).valid  # 1900 was no leap year
    assert check_national_id(number("690285", 100)).valid  # D-number: the year is unknown


def test_known_invalid_numbers() -> None:
    assert not check_national_id("01019012345").valid
    assert not check_national_id("00000000000").valid  # day 0


# --------------------------------------------------------------------------- organisation numbers


def orgnr(eight: str) -> str | None:
    remainder = sum(w * int(d) for w, d in zip((3, 2, 7, 6, 5, 4, 3, 2), eight, strict=True)) % 11
    return None if remainder == 1 else eight + str((11 - remainder) % 11)


def test_the_brreg_example_is_valid() -> None:
    assert check_organisation_number("123456785").valid  # Brønnøysundregistrene's example
    assert check_organisation_number("123 456 785").normalized == "123456785"


def test_organisation_numbers_are_nine_digits_with_a_mod_11_check_digit() -> None:
    valid = orgnr("97497254")
    assert valid is not None and check_organisation_number(valid).valid
    wrong = valid[:8] + str((int(valid[8]) + 1) % 10)
    assert check_organisation_number(wrong).message == "The check digit does not match"
    assert not check_organisation_number(valid[:8]).valid
    assert not check_organisation_number(valid + "0").valid


def test_a_remainder_of_one_is_never_issued() -> None:
    eight = next(f"{n:08d}" for n in range(10_000_000, 10_001_000) if orgnr(f"{n:08d}") is None)
    assert all(not check_organisation_number(eight + str(d)).valid for d in range(10))
    assert (
        check_organisation_number(eight + "0").message
        == "No organisation number has this check digit"
    )


def test_remainder_zero_gives_check_digit_zero() -> None:
    eight = next(f"{n:08d}" for n in range(10_000_000, 10_001_000)
                 if (orgnr(f"{n:08d}") or "").endswith("0"))  # fmt: skip
    assert check_organisation_number(eight + "0").valid

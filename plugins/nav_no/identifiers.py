"""Norwegian national identity numbers and organisation numbers.

Fødselsnummer (birth number), D-nummer and H-nummer are 11 digits,
DDMMYY iii k1 k2: a date, an individual number and two mod-11 control digits.

- k1: the first ten digits weighted 3,7,6,1,8,9,4,5,2,1 sum to 0 mod 11
  (k1 = 11 - remainder, 11 becomes 0, 10 is impossible, so such numbers do not exist).
- k2: all eleven digits weighted 5,4,3,2,7,6,5,4,3,2,1 sum to 0 mod 11.
- From 2032-01-01 numbers are also issued whose k1 sum leaves a remainder of
  1, 2 or 3 (k1 = 11..14 - remainder). Validators must accept both rules side
  by side, and a number of the new rule says nothing about sex or century.
- D-nummer (foreign nationals): day + 40. Since 2021 D-numbers reuse other
  number series, so their birth year cannot be derived.
- H-nummer (auxiliary numbers): month + 40.

Only an old-rule fødselsnummer gives a birth date: the century follows from
the individual number (000-499: 1900s; 500-749 with year 54-99: 1800s; 500-999
with year 00-39: 2000s; 900-999 with year 40-99: 1900s). Any other combination
is not derived rather than guessed.

Sources: Skatteetaten, folkeregisteret-api-dokumentasjon (nyttfnr2032.md);
fnrinfo.no; navikt/syfosmregler ValidatePersonNumber.kt (century table).

Organisation numbers (Brønnøysundregistrene, "The organization number"): 9 digits,
the last a check digit: the first eight weighted 3,2,7,6,5,4,3,2, check digit =
11 - (sum mod 11); remainder 0 gives 0, remainder 1 (check digit 10) is never
issued, so such a number is invalid.
"""

from __future__ import annotations

from calendar import isleap, monthrange
from datetime import date

from vocrehab.hooks import IdCheck

__all__ = [
    "check_national_id",
    "check_organisation_number",
    "k1_remainder",
    "k2_remainder",
]

_K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_NEW_RULE_REMAINDERS = frozenset({1, 2, 3})
_SEPARATORS = str.maketrans("", "", " \t.-")


def _digits(value: str, length: int) -> list[int] | None:
    text = value.translate(_SEPARATORS)
    if len(text) != length or not text.isascii() or not text.isdigit():
        return None
    return [int(char) for char in text]


def k1_remainder(digits: list[int]) -> int:
    """The remainder of the k1 check over the first ten digits (0 for the classic rule)."""
    return sum(w * d for w, d in zip(_K1_WEIGHTS, digits, strict=False)) % 11


def k2_remainder(digits: list[int]) -> int:
    """The remainder of the k2 check over all eleven digits (0 when valid)."""
    return sum(w * d for w, d in zip(_K2_WEIGHTS, digits, strict=True)) % 11


def _century(individual: int, year: int) -> int | None:
    if individual <= 499:
        return 1900
    if individual <= 749 and year >= 54:
        return 1800
    if year <= 39:
        return 2000
    if individual >= 900:
        return 1900
    return None


def _day_exists(day: int, month: int, year: int | None) -> bool:
    """Whether the day exists; without a year, 29 February is allowed."""
    if not 1 <= month <= 12 or day < 1:
        return False
    if year is None:
        return day <= (29 if month == 2 else monthrange(2001, month)[1])
    return day <= monthrange(year, month)[1] or (month == 2 and day == 29 and isleap(year))


def check_national_id(value: str) -> IdCheck:
    """Validate a fødselsnummer, D-nummer or H-nummer; give the birth date when derivable."""
    if not isinstance(value, str):
        return IdCheck(valid=False, message="A national id must be text")
    digits = _digits(value, 11)
    if digits is None:
        return IdCheck(valid=False, message="A Norwegian national id has 11 digits")
    remainder = k1_remainder(digits)
    if remainder != 0 and remainder not in _NEW_RULE_REMAINDERS:
        return IdCheck(valid=False, message="The first control digit (k1) does not match")
    if k2_remainder(digits) != 0:
        return IdCheck(valid=False, message="The second control digit (k2) does not match")
    day, month, year = (digits[i] * 10 + digits[i + 1] for i in (0, 2, 4))
    d_number, h_number = day > 40, month > 40
    if d_number and h_number:
        return IdCheck(valid=False, message="A number cannot be both a D-nummer and an H-nummer")
    day, month = day - 40 * d_number, month - 40 * h_number
    individual = digits[6] * 100 + digits[7] * 10 + digits[8]
    derivable = not (d_number or h_number) and remainder == 0
    century = _century(individual, year) if derivable else None
    full_year = century + year if century is not None else None
    if not _day_exists(day, month, full_year):
        return IdCheck(valid=False, message="The first six digits are not a valid date")
    birth = date(full_year, month, day) if full_year is not None else None
    return IdCheck(valid=True, normalized="".join(map(str, digits)), birth_date=birth)


def check_organisation_number(value: str) -> IdCheck:
    """A 9-digit organisation number with a valid mod-11 check digit."""
    if not isinstance(value, str):
        return IdCheck(valid=False, message="An organisation number must be text")
    digits = _digits(value, 9)
    if digits is None:
        return IdCheck(valid=False, message="A Norwegian organisation number has 9 digits")
    remainder = sum(w * d for w, d in zip(_ORGNR_WEIGHTS, digits, strict=False)) % 11
    if remainder == 1:
        return IdCheck(valid=False, message="No organisation number has this check digit")
    expected = 0 if remainder == 0 else 11 - remainder
    if digits[8] != expected:
        return IdCheck(valid=False, message="The check digit does not match")
    return IdCheck(valid=True, normalized="".join(map(str, digits)))

"""Swedish personal identity numbers: personnummer and samordningsnummer.

Folkbokföringslag (1991:481) 18 §: a personnummer is the date of birth (YYMMDD),
a three-digit birth number (001-999, odd for men, even for women) and a Luhn
check digit computed over those nine digits. The separator is '-' and becomes
'+' in the year the person turns 100; registers store the year with four
digits (YYYYMMDD-NNNC), and that twelve-digit form never carries a '+'.
18 a §: a samordningsnummer (coordination number) is built the same way with
60 added to the day (DD 61-91).

The century of the ten-digit form is not written down: it follows from the
separator and from the year the number is read in (Skatteverket: the '-'
becomes '+' in the year the person turns 100, not on the birthday). So
`parse_personnummer(value, reference)` reads a ten-digit number as of the
day `reference`, and refuses it without one, asking for the twelve-digit
form. The jurisdiction reads ten-digit numbers through
`validate_national_id_on(value, today)`, which the platform calls with its
date; `validate_national_id(value)` has no date and keeps to twelve digits.
Either way the twelve-digit form is what is stored, and `Personnummer.form`
says which form was written.

The derived birth date is the one in the number; where a day had no birth
numbers left, Skatteverket may have used a nearby day of the same month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vocrehab_fk_se.luhn import check_digit

__all__ = [
    "COORDINATION_DAY_OFFSET",
    "InvalidPersonnummer",
    "Personnummer",
    "WrittenForm",
    "parse_personnummer",
]

COORDINATION_DAY_OFFSET = 60
"""Samordningsnummer: the day of birth plus 60 (folkbokföringslag 18 a §)."""
CENTURIES = (18, 19, 20)
"""The centuries Skatteverket stores (rättslig vägledning, personnummer)."""

_PATTERN = re.compile(r"^(?P<century>\d{2})?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})(?P<sep>[-+]?)(?P<birth>\d{3})(?P<check>\d)$")  # fmt: skip


class InvalidPersonnummer(ValueError):
    """Not a personnummer or samordningsnummer; the message says why."""


class WrittenForm(StrEnum):
    """How a number was written: the ten-digit forms leave the century to the separator."""

    TWELVE_DIGITS = "YYYYMMDD-NNNC"
    TEN_DIGITS = "YYMMDD-NNNC"
    """With '-' or no separator: the person is under 100 in the year it is read."""
    TEN_DIGITS_PLUS = "YYMMDD+NNNC"
    """With '+': the person turns 100 or more in the year it is read."""


@dataclass(frozen=True)
class Personnummer:
    normalized: str
    """Twelve digits, YYYYMMDDNNNC (a samordningsnummer keeps its day + 60)."""
    birth_date: date
    coordination: bool
    """A samordningsnummer rather than a personnummer."""
    form: WrittenForm = WrittenForm.TWELVE_DIGITS
    read_on: date | None = None
    """The day a ten-digit form was read as of (its century depends on it)."""

    @property
    def kind(self) -> str:
        return "samordningsnummer" if self.coordination else "personnummer"

    def explained(self) -> str:
        """Which form was read and what is stored, in one sentence (English)."""
        stored = f"{self.normalized[:8]}-{self.normalized[8:]}"
        if self.form is WrittenForm.TWELVE_DIGITS:
            return f"A 12-digit {self.kind} ({self.form.value}), stored as {stored}"
        year = self.read_on.year if self.read_on else None
        separator = (
            "'+' means 100 or older"
            if self.form is WrittenForm.TEN_DIGITS_PLUS
            else "'-' (or none) means under 100"
        )
        return (
            f"A 10-digit {self.kind} ({self.form.value}) normalised to the 12-digit form "
            f"{stored}: {separator} in {year}, so born {self.birth_date.isoformat()}"
        )


def parse_personnummer(value: str, reference: date | None = None) -> Personnummer:
    """Check and normalize a personnummer or samordningsnummer.

    Ten-digit forms need `reference` (the day the number is read) to know the
    century; without one they are refused with a request for the 12-digit form.
    """
    found = _PATTERN.match(value.strip().replace(" ", ""))
    if found is None:
        raise InvalidPersonnummer(
            "must be a personnummer or samordningsnummer of 12 digits (YYYYMMDD-NNNC) or "
            "10 digits (YYMMDD-NNNC)"
        )
    parts = found.groupdict()
    day_written = int(parts["dd"])
    coordination = day_written > COORDINATION_DAY_OFFSET
    day = day_written - COORDINATION_DAY_OFFSET if coordination else day_written
    year = _year(parts, reference, int(parts["mm"]), day)
    born = _birth_date(year, int(parts["mm"]), day, coordination)
    if parts["birth"] == "000":
        raise InvalidPersonnummer("the birth number (digits 7-9 of the 10-digit form) is 001-999")
    nine = f"{parts['yy']}{parts['mm']}{parts['dd']}{parts['birth']}"
    if check_digit(nine) != int(parts["check"]):
        raise InvalidPersonnummer("the check digit (Luhn) does not match")
    if reference is not None and born > reference:
        raise InvalidPersonnummer(_future(born, parts["century"] is None, reference))
    if parts["century"] is not None:
        form = WrittenForm.TWELVE_DIGITS
    else:
        form = WrittenForm.TEN_DIGITS_PLUS if parts["sep"] == "+" else WrittenForm.TEN_DIGITS
    read_on = reference if form is not WrittenForm.TWELVE_DIGITS else None
    return Personnummer(f"{year:04d}{nine[2:]}{parts['check']}", born, coordination, form, read_on)


def _year(parts: dict[str, str], reference: date | None, month: int, day: int) -> int:
    yy = int(parts["yy"])
    if parts["century"] is not None:
        if parts["sep"] == "+":
            raise InvalidPersonnummer("'+' is only used in the 10-digit form")
        century = int(parts["century"])
        if century not in CENTURIES:
            raise InvalidPersonnummer("the century must be 18, 19 or 20")
        return century * 100 + yy
    if reference is None:
        raise InvalidPersonnummer(
            "give the 12-digit form (YYYYMMDD-NNNC): the century of a 10-digit number "
            "depends on the day it is read"
        )
    return _century_from_separator(yy, parts["sep"], reference)


def _century_from_separator(yy: int, separator: str, reference: date) -> int:
    """'-' (or none): under 100 in the reference year; '+': 100 or older in it."""
    latest = reference.year - (reference.year - yy) % 100
    return latest - 100 if separator == "+" else latest


def _birth_date(year: int, month: int, day: int, coordination: bool) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        what = "samordningsnummer (day + 60)" if coordination else "personnummer"
        raise InvalidPersonnummer(f"the {what} does not hold a valid date of birth") from None


def _future(born: date, ten_digits: bool, reference: date) -> str:
    if not ten_digits:
        return "the date of birth is in the future"
    return (
        f"read with '-' on {reference.isoformat()} the date of birth would be "
        f"{born.isoformat()}, in the future: from the year a person turns 100 the "
        f"10-digit form is written with '+'"
    )

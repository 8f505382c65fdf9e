"""Swedish organisation numbers (organisationsnummer).

Lag (1974:174) om identitetsbeteckning för juridiska personer m.fl.: ten
digits, the last a Luhn check digit over the first nine; the third digit is at
least 2, so that an organisation number is never mistaken for a personnummer
(whose third digit starts the month, 0 or 1). The first digit is the group
(2 state and municipalities, 5 limited companies, 7 economic associations, ...).
A twelve-digit form prefixes 16.

A sole trader (enskild näringsidkare) has no organisation number of its own:
the owner's personnummer serves as one. Such a number is accepted too when it
holds a valid date of birth (its century is not written, so the date is
checked against every century Skatteverket uses).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from vocrehab_fk_se.luhn import has_valid_check_digit
from vocrehab_fk_se.personnummer import CENTURIES, COORDINATION_DAY_OFFSET

__all__ = ["InvalidOrganisationNumber", "OrganisationNumber", "parse_organisation_number"]

_PATTERN = re.compile(r"^(?:16)?(?P<first>\d{6})-?(?P<last>\d{4})$")
_PERSON_PATTERN = re.compile(r"^(?:18|19|20)(?P<first>\d{6})-?(?P<last>\d{4})$")


class InvalidOrganisationNumber(ValueError):
    """Not an organisation number; the message says why."""


@dataclass(frozen=True)
class OrganisationNumber:
    normalized: str
    """NNNNNN-NNNN, the form printed on invoices and registers."""
    sole_trader: bool
    """The owner's personnummer, used as the number of a sole trader."""


def parse_organisation_number(value: str) -> OrganisationNumber:
    cleaned = value.strip().replace(" ", "")
    entity, person = _PATTERN.match(cleaned), _PERSON_PATTERN.match(cleaned)
    found = entity or person
    if found is None:
        raise InvalidOrganisationNumber("must be 10 digits (NNNNNN-NNNN) or 16 and 10 digits")
    digits = found["first"] + found["last"]
    if not has_valid_check_digit(digits):
        raise InvalidOrganisationNumber("the check digit (Luhn) does not match")
    normalized = f"{digits[:6]}-{digits[6:]}"
    if int(digits[2]) >= 2 and entity is not None:
        return OrganisationNumber(normalized, sole_trader=False)
    if int(digits[2]) >= 2:
        raise InvalidOrganisationNumber("a 12-digit organisation number starts with 16")
    if not _holds_a_birth_date(digits):
        raise InvalidOrganisationNumber(
            "the third digit of an organisation number is at least 2; as a sole trader's "
            "personnummer it holds no valid date of birth"
        )
    return OrganisationNumber(normalized, sole_trader=True)


def _holds_a_birth_date(digits: str) -> bool:
    yy, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    if day > COORDINATION_DAY_OFFSET:
        day -= COORDINATION_DAY_OFFSET
    for century in CENTURIES:
        try:
            date(century * 100 + yy, month, day)
        except ValueError:
            continue
        return True
    return False

"""National ids and organisation numbers, checked without knowing the country.

A country plugin checks its own number format and check digits, and can read a
birth date from some numbers. The generic jurisdiction cannot: it only makes
sure the value looks like an identifier (so a name or a sentence typed into the
field is caught) and normalizes it, so the same number typed with or without
spaces is stored once.
"""

from __future__ import annotations

import re

from vocrehab.hooks import IdCheck

__all__ = ["check_identifier"]

_IDENTIFIER = re.compile(r"^[A-Z0-9-]{4,32}$")


def check_identifier(value: str, what: str) -> IdCheck:
    """Strip spaces, upper-case, and accept 4-32 letters, digits and hyphens.

    `what` names the identifier in the message ("national id", ...).
    """
    if not isinstance(value, str):
        return IdCheck(valid=False, message=f"A {what} must be text")
    normalized = "".join(value.split()).upper()
    if not _IDENTIFIER.match(normalized):
        return IdCheck(
            valid=False,
            message=f"A {what} must be 4 to 32 letters, digits or hyphens (spaces are ignored)",
        )
    if not any(char.isalnum() for char in normalized):
        return IdCheck(valid=False, message=f"A {what} must contain a letter or a digit")
    return IdCheck(valid=True, normalized=normalized)

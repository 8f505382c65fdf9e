"""The Luhn (modulus 10) check digit of Swedish identity numbers.

Skatteverket computes the tenth digit of a personnummer, and the same method
gives the check digit of an organisationsnummer: multiply the nine digits
alternately by 2 and 1 (from the left), add the digits of the products, and
take what is left to the next multiple of ten (Skatteverket, rättslig
vägledning "Personnumrets olika delar": "modulus-10-metoden med vikterna 1 och 2").
"""

from __future__ import annotations

__all__ = ["check_digit", "has_valid_check_digit"]


def check_digit(nine_digits: str) -> int:
    """The check digit for nine digits (ValueError for anything else)."""
    if len(nine_digits) != 9 or not nine_digits.isdigit():
        raise ValueError("the Luhn check digit is computed over exactly nine digits")
    total = 0
    for position, char in enumerate(nine_digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def has_valid_check_digit(ten_digits: str) -> bool:
    """Whether the last of ten digits is the check digit of the first nine."""
    if len(ten_digits) != 10 or not ten_digits.isdigit():
        return False
    return check_digit(ten_digits[:9]) == int(ten_digits[9])

"""The text policy (vocrehab.core.text) value by value."""

from __future__ import annotations

import re

import pytest

from vocrehab.core.text import DEFAULT, RULES, TextKind, TextRefused, TextRule, clean, rule_for
from vocrehab.core.validation import Checks

NAME = RULES["given_name"]
NOTE = RULES["body"]


def test_text_is_normalised_to_nfc() -> None:
    decomposed = "A\u030angstro\u0308m"  # A + ring above, o + diaeresis
    assert clean(decomposed, NAME) == "Ångström"
    assert len(clean(decomposed, NAME)) == 8


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("Ada\x00", "NUL"),
        ("Ada\ud800", "lone surrogate"),
        ("\udfffAda", "lone surrogate"),
        ("Ada\x1b[31m", "U+001B"),  # an ANSI escape
        ("Ada\nBerg", "U+000A"),
        ("Ada\tBerg", "U+0009"),
        ("Ada\x7f", "U+007F"),
        ("Ada\x85", "U+0085"),  # a C1 control, NEXT LINE
        ("Ada\u2028Berg", "U+2028"),
        ("\u202eadA", "U+202E"),  # RIGHT-TO-LEFT OVERRIDE
        ("Ada\u2066", "U+2066"),
    ],
)
def test_names_hold_no_control_characters(value: str, says: str) -> None:
    with pytest.raises(TextRefused, match=re.escape(says)):
        clean(value, NAME)


def test_free_text_keeps_its_line_breaks_and_refuses_the_rest() -> None:
    assert clean("First line\r\nsecond\tline\u2028", NOTE) == "First line\r\nsecond\tline\u2028"
    for value in ("bell\x07", "\x1b[2J", "nul\x00", "half \ud83d"):
        with pytest.raises(TextRefused):
            clean(value, NOTE)


def test_names_in_other_scripts_and_marks_are_text_like_any_other() -> None:
    for value in ("Ólafur Þórðarson", "Søren Kierkegaard", "محمد\u200f", "李小龍", "Zoë 👩‍⚕️"):
        assert clean(value, NAME) == value


def test_lengths_count_characters_after_normalisation_without_surrounding_space() -> None:
    rule = TextRule(TextKind.LINE, 3)
    assert clean("  abc  ", rule) == "  abc  "
    assert clean("a\u030aa\u030aa\u030a", rule) == "ååå"
    with pytest.raises(TextRefused, match="at most 3"):
        clean("abcd", rule)


def test_each_field_has_its_rule() -> None:
    assert rule_for(("given_name",)) == NAME
    assert rule_for(("steps", "3", "description")) == RULES["description"]
    assert rule_for(("icf_codes", "0")) == RULES["icf_codes"]
    assert rule_for(("advice_to_employer",)) == DEFAULT
    assert DEFAULT.kind is TextKind.TEXT


def test_the_services_checks_apply_the_same_policy() -> None:
    checks = Checks()
    assert checks.text(("given_name",), " A\u030ada ") == "Åda"
    assert checks.text(("family_name",), "Berg\x1b") is None
    assert checks.text(("body",), "x" * 10_001) is None
    assert checks.text(("goal",), "   ", required=True) is None
    assert [(p.field, p.code) for p in checks.problems] == [
        (("family_name",), "INVALID_INPUT"),
        (("body",), "INVALID_INPUT"),
        (("goal",), "INVALID_INPUT"),
    ]

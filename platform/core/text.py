"""What text the platform accepts, in one place.

Every text a client sends is stored and shown to other people (case workers,
employers, the participant), written into documents and logs. So:

- it is normalised to NFC, so that "Å" typed on two keyboards is one name,
  matches in search, and counts as one character against a limit;
- a NUL character or a lone surrogate (half of a UTF-16 pair) is refused: no
  database stores them faithfully, and they are never meant;
- names, identifiers and codes (a LINE) hold no control characters at all:
  an ANSI escape in a name rewrites a terminal, a newline forges a log line,
  a bidirectional override makes "Ola" display as someone else;
- free text (TEXT: notes, goals, outcomes) may hold line breaks and tabs, but
  no other control character;
- each field has a maximum length, counted in characters after normalisation
  (surrounding white space, which is not kept, does not count).

Refusals are INVALID_INPUT userErrors naming the field. `clean` checks one
value; the API applies it to every string of every mutation's input (core and
plugin commands alike, JSON details included), and `Checks.text` in the
services to the fields they take. Queries store nothing, but their strings
(a search, a filter) reach SQL too: `unstorable` ones are BAD_USER_INPUT there.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

__all__ = ["TextKind", "TextRefused", "TextRule", "clean", "rule_for", "unstorable"]


class TextKind(Enum):
    LINE = "LINE"
    """A name, an identifier, a code, a title: one line, no control characters."""
    TEXT = "TEXT"
    """Free text: line breaks and tabs allowed."""


@dataclass(frozen=True)
class TextRule:
    kind: TextKind
    max_length: int


class TextRefused(ValueError):
    """The value breaks the policy; the message says how, for a userError."""


LINE, TEXT = TextKind.LINE, TextKind.TEXT

RULES: dict[str, TextRule] = {
    # people and organisations
    "given_name": TextRule(LINE, 100),
    "family_name": TextRule(LINE, 100),
    "name": TextRule(LINE, 200),
    "email": TextRule(LINE, 254),
    "phone": TextRule(LINE, 32),
    "preferred_language": TextRule(LINE, 16),
    "lang": TextRule(LINE, 16),
    "national_id": TextRule(LINE, 32),
    "organisation_number": TextRule(LINE, 32),
    # codes a jurisdiction defines
    "jurisdiction": TextRule(LINE, 32),
    "benefit_type_code": TextRule(LINE, 64),
    "type_code": TextRule(LINE, 64),
    "kind_code": TextRule(LINE, 64),
    "kind": TextRule(LINE, 64),
    "system": TextRule(LINE, 64),
    "code": TextRule(LINE, 32),
    "icf_codes": TextRule(LINE, 32),
    # plans
    "title": TextRule(LINE, 200),
    "adjustments": TextRule(LINE, 500),
    "goal": TextRule(TEXT, 2000),
    "description": TextRule(TEXT, 2000),
    # assessments, interventions, notes, cases
    "text": TextRule(TEXT, 500),
    "functional_limitations": TextRule(TEXT, 5000),
    "activity_limitations": TextRule(TEXT, 5000),
    "prognosis": TextRule(TEXT, 5000),
    "summary": TextRule(TEXT, 5000),
    "outcome": TextRule(TEXT, 5000),
    "reason": TextRule(TEXT, 500),
    "body": TextRule(TEXT, 10_000),
    "minutes": TextRule(TEXT, 10_000),
    "place": TextRule(LINE, 200),
}

DEFAULT = TextRule(TEXT, 2000)
"""A field without a rule of its own (a plugin command's, say): free text."""

DETAILS = TextRule(TEXT, 2000)
"""Strings inside a JSON `details` object, which the jurisdiction validates further."""

_ALLOWED_IN_TEXT = frozenset("\t\n\r")
# Line and paragraph separators, and the bidirectional embeddings, overrides
# and isolates (U+202A-U+202E, U+2066-U+2069) that make text display as
# something else than it is.
_NOT_IN_LINE = frozenset("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def rule_for(field: Sequence[str]) -> TextRule:
    """The rule for a field path such as ("steps", "0", "description"): its last name
    (as the command names it: `given_name`, `kind_code`)."""
    names = [part for part in field if not part.isdigit()]
    return RULES.get(names[-1], DEFAULT) if names else DEFAULT


def unstorable(value: str) -> str | None:
    """Why no database could take `value` faithfully, if it could not: a NUL
    (PostgreSQL refuses it) or a lone surrogate (it has no UTF-8)."""
    if "\x00" in value:
        return "must not contain a NUL character"
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        return "is not valid Unicode (it holds a lone surrogate)"
    return None


def clean(value: str, rule: TextRule) -> str:
    """`value` in NFC, or TextRefused saying what is wrong with it."""
    reason = unstorable(value)
    if reason is not None:
        raise TextRefused(reason)
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    for ch in value:
        if _forbidden(ch, rule.kind):
            where = "a name or code" if rule.kind is LINE else "text"
            raise TextRefused(f"must not contain the control character U+{ord(ch):04X} in {where}")
    if len(value.strip()) > rule.max_length:  # surrounding white space is not kept
        raise TextRefused(f"must be at most {rule.max_length} characters")
    return value


def _forbidden(ch: str, kind: TextKind) -> bool:
    if unicodedata.category(ch) == "Cc":
        return kind is LINE or ch not in _ALLOWED_IN_TEXT
    return kind is LINE and ch in _NOT_IN_LINE

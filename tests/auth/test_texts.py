"""What the pages say: every scope in every language, and which language a request gets."""

from __future__ import annotations

import pytest

from vocrehab.auth.texts import _TEXTS, LANGUAGES, describe_scope, negotiate
from vocrehab.core.policy import ALL_SCOPES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_scope_is_said_in_every_language(lang: str) -> None:
    for scope in [*ALL_SCOPES, "openid", "profile"]:
        said = describe_scope(scope, lang)
        assert said != scope and ":" not in said, (lang, scope)
    assert describe_scope("cases:read", "nb") == "Se saker"
    assert describe_scope("plans:approve", "sv") == "Godkänna planer"


def test_every_text_is_in_every_language() -> None:
    missing = [
        (key, lang) for key, texts in _TEXTS.items() for lang in LANGUAGES if not texts.get(lang)
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("ui_locales", "accept", "expected"),
    [
        (None, None, "en"),
        (None, "sv-SE,sv;q=0.9", "sv"),
        (None, "no", "nb"),
        (None, "en;q=0.4, nb;q=0.8", "nb"),
        (None, "nb;q=0, sv;q=0.1", "sv"),
        (None, "de, fr", "en"),
        (None, "x;q=garbage, sv", "sv"),
        ("de sv", "nb", "sv"),
        ("de", "nb", "nb"),
        ("nb-NO", "sv", "nb"),
    ],
)
def test_the_language_of_a_request(
    ui_locales: str | None, accept: str | None, expected: str
) -> None:
    assert negotiate(ui_locales, accept) == expected

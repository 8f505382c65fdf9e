"""The README is the front door: every setting and command it must document."""

from __future__ import annotations

from pathlib import Path

from vocrehab.cli import app
from vocrehab.config import Settings

README_PATH = Path(__file__).resolve().parent.parent / "README.md"
README = README_PATH.read_text()


def test_every_setting_is_documented() -> None:
    missing = [
        f"VOCREHAB_{name.upper()}"
        for name in Settings.model_fields
        if f"`VOCREHAB_{name.upper()}`" not in README
    ]
    assert missing == []


def test_every_command_is_documented() -> None:
    import typer.main

    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        names += [f"vocrehab {name} {sub}" for sub in subs] if subs else [f"vocrehab {name}"]
    missing = [name for name in names if f"`{name}" not in README]
    assert missing == []


def test_the_two_commands_are_there() -> None:
    assert "make serve" in README and "make test" in README


def test_the_examples_of_your_day_are_valid_queries() -> None:
    """Each stakeholder's query in "Your day" runs against the schema as written."""
    import re

    from graphql import build_schema, parse, validate

    schema = build_schema((README_PATH.parent / "schema.graphql").read_text())
    section = README.split("### Your day", 1)[1].split("\n### ", 1)[0]
    blocks = re.findall(r"```graphql\n(.*?)```", section, re.S)
    assert len(blocks) >= 5, "a query per stakeholder, and the digest"
    for block in blocks:
        assert validate(schema, parse(block)) == [], block

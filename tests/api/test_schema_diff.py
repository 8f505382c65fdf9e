"""`vocrehab schema diff`: the breaking and dangerous changes between a
committed schema and the current one, on a fixture pair and through git."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vocrehab.api.schema import export_schema
from vocrehab.api.schema_diff import compare
from vocrehab.cli import app
from vocrehab.hooks.host import PluginHost

FIXTURES = Path(__file__).parent / "schema_diff"


def test_the_fixture_pair() -> None:
    changes = compare(
        (FIXTURES / "before.graphql").read_text(), (FIXTURES / "after.graphql").read_text()
    )
    breaking = {(c.kind, c.description, c.announced) for c in changes.breaking}
    assert breaking == {
        ("FIELD_REMOVED", "Field Query.legacyCount was removed.", True),
        ("ARG_CHANGED_KIND", "Argument Query.search(text:) has changed type from String to String!.", False),
        ("FIELD_CHANGED_KIND", "Field Case.reference changed type from String! to Int!.", False),
        ("FIELD_REMOVED", "Field Case.owner was removed.", False),
        ("VALUE_REMOVED_FROM_ENUM", "Enum value CaseStatus.ARCHIVED was removed.", True),
        ("VALUE_REMOVED_FROM_ENUM", "Enum value CaseStatus.DRAFT was removed.", False),
        ("REQUIRED_INPUT_FIELD_ADDED", "A required field CaseFilter.owner was added.", False),
    }  # fmt: skip
    dangerous = {(c.kind, c.description) for c in changes.dangerous}
    assert dangerous == {
        ("OPTIONAL_ARG_ADDED", "An optional argument Query.cases(filter:) was added."),
        ("VALUE_ADDED_TO_ENUM", "Enum value CaseStatus.PAUSED was added."),
    }
    assert len(changes.unannounced) == 5


def test_nothing_changed() -> None:
    sdl = (FIXTURES / "before.graphql").read_text()
    assert compare(sdl, sdl).breaking == [] and compare(sdl, sdl).dangerous == []


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VOCREHAB_PLUGINS", "generic")
    for command in (
        ["init", "-q"],
        ["config", "user.email", "t@example.org"],
        ["config", "user.name", "t"],
    ):
        subprocess.run(["git", *command], check=True)
    return tmp_path


def commit(repository: Path, sdl: str, tag: str) -> None:
    (repository / "schema.graphql").write_text(sdl)
    subprocess.run(["git", "add", "schema.graphql"], check=True)
    subprocess.run(["git", "commit", "-q", "-m", tag], check=True)
    subprocess.run(["git", "tag", tag], check=True)


def test_the_command_against_git_refs(repository: Path, host: PluginHost) -> None:
    current = export_schema(PluginHost.load(allow=["generic"]))
    runner = CliRunner()
    commit(repository, current, "same")
    same = runner.invoke(app, ["schema", "diff", "--against", "same"])
    assert same.exit_code == 0, same.output
    assert "0 breaking, 0 dangerous change(s) since same" in same.output

    announced = current.replace(
        "type Query {\n",
        'type Query {\n  oldRoot: Int @deprecated(reason: "Removed after 2027-01-01.")\n',
        1,
    )
    commit(repository, announced, "v1")
    removed = runner.invoke(app, ["schema", "diff", "--against", "v1"])
    assert removed.exit_code == 1
    assert (
        "BREAKING   FIELD_REMOVED: Field Query.oldRoot was removed. (deprecated at the base)"
        in removed.output
    )
    allowed = runner.invoke(
        app, ["schema", "diff", "--against", "v1", "--allow-deprecated-removals"]
    )
    assert allowed.exit_code == 0, allowed.output

    commit(repository, current.replace("type Query {\n", "type Query {\n  gone: Int\n", 1), "v2")
    unannounced = runner.invoke(
        app, ["schema", "diff", "--against", "v2", "--allow-deprecated-removals"]
    )
    assert unannounced.exit_code == 1 and "Field Query.gone was removed." in unannounced.output

    # A breaking change written down as announced passes; only the one written down.
    notes = repository / "breaking.txt"
    notes.write_text(
        "# Query.gone was never used (release notes 1.2)\nField Query.gone was removed.\n"
    )
    listed = runner.invoke(app, ["schema", "diff", "--against", "v2", "--accepted", str(notes)])
    assert listed.exit_code == 0, listed.output
    assert "Field Query.gone was removed. (accepted)" in listed.output
    notes.write_text("Field Query.other was removed.\n")
    unlisted = runner.invoke(app, ["schema", "diff", "--against", "v2", "--accepted", str(notes)])
    assert unlisted.exit_code == 1

    missing = runner.invoke(app, ["schema", "diff", "--against", "no-such-ref"])
    assert missing.exit_code == 2 and "cannot read schema.graphql at no-such-ref" in missing.output

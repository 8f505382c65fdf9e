"""`vocrehab schema diff`: the breaking and dangerous changes between a
committed schema and the current one, on a fixture pair and through git."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vocrehab.api.schema import export_schema
from vocrehab.api.schema_diff import Announcements, compare
from vocrehab.cli import app
from vocrehab.hooks.host import PluginHost

FIXTURES = Path(__file__).parent / "schema_diff"
ROOT = Path(__file__).resolve().parents[2]


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

    # Without --against, the file's `base:` line names the base (as in CI).
    notes.write_text("base: v2\nField Query.gone was removed.\n")
    from_file = runner.invoke(app, ["schema", "diff", "--accepted", str(notes)])
    assert from_file.exit_code == 0 and "change(s) since v2" in from_file.output
    notes.write_text("base: v1\nField Query.gone was removed.\n")
    from_v1 = runner.invoke(app, ["schema", "diff", "--accepted", str(notes)])
    assert from_v1.exit_code == 1 and "Field Query.oldRoot was removed." in from_v1.output
    nowhere = runner.invoke(app, ["schema", "diff"])
    assert nowhere.exit_code == 2 and "name the base" in nowhere.output


def test_announcements_are_read_line_by_line() -> None:
    text = (
        "# Breaking since the last release\n"
        "base: 0123abc  # the last release's schema\n"
        "\n"
        "Field Case.x was removed.   # see the release notes\n"
        "Enum value S.A was removed.\n"
    )
    assert Announcements.parse(text) == Announcements(
        frozenset({"Field Case.x was removed.", "Enum value S.A was removed."}), "0123abc"
    )
    assert Announcements.parse("# nothing\n") == Announcements(frozenset(), None)


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)


def test_the_committed_schema_announces_its_breaking_changes() -> None:
    """What CI checks (.ci/run), in the suite too, so a branch learns it before its
    merge: every breaking change since schema-breaking.txt's base is listed there
    or removes something the base had deprecated."""
    announced = Announcements.parse((ROOT / "schema-breaking.txt").read_text())
    assert announced.base, "schema-breaking.txt names its base (base: COMMIT)"
    if _git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout: the base's schema cannot be read")
    shown = _git("show", f"{announced.base}:schema.graphql")
    if shown.returncode != 0:
        pytest.skip(f"the base {announced.base} is not in this clone (a shallow one?)")
    changes = compare(shown.stdout, (ROOT / "schema.graphql").read_text())
    blocking = changes.blocking(announced, allow_deprecated=True)
    assert [c.description for c in blocking] == [], (
        "breaking schema changes that are neither deprecated first nor announced in "
        "schema-breaking.txt (README, Deprecation policy)"
    )
    stale = announced.changes - {c.description for c in changes.breaking}
    assert stale == set(), "schema-breaking.txt lists changes that are no longer made"

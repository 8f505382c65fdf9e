"""The `vocrehab` command, run in-process against a database of its own."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vocrehab.auth.keys import KeyStore
from vocrehab.auth.tokens import TokenValidator
from vocrehab.cli import app
from vocrehab.config import Settings
from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database
from vocrehab.hooks.vocabulary import StakeholderType

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("VOCREHAB_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    return runner


def _validate(token: str) -> object:
    async def go() -> object:
        settings = Settings()
        db = Database(settings.database_url)
        keys = KeyStore(db)
        await keys.load()
        try:
            validator = TokenValidator(keys, settings.token_issuer, settings.audience)
            return await validator.validate(token, Clock().now())
        finally:
            await db.dispose()

    return asyncio.run(go())


def test_demo_seed_is_idempotent_and_tokens_work(cli: CliRunner) -> None:
    first = cli.invoke(app, ["demo", "seed"])
    assert first.exit_code == 0 and "demo data loaded:" in first.output
    assert "GEN-2026-000001" in first.output  # the generic stories; each country adds its own
    second = cli.invoke(app, ["demo", "seed"])
    assert second.exit_code == 0 and "already present" in second.output
    tokens = cli.invoke(app, ["demo", "tokens"])
    headers = [line for line in tokens.output.splitlines() if line.startswith('{"Authorization"')]
    # Every stakeholder type, the participant and ADMIN, plus the Norwegian and
    # Swedish caseloads' case managers, clinicians and employers.
    assert len(headers) == 14
    token = headers[0].split("Bearer ")[1].rstrip('"}')
    assert _validate(token).stakeholder_type is StakeholderType.CASE_MANAGER  # type: ignore[attr-defined]


def test_token_issue_for_admin_with_chosen_scopes(cli: CliRunner) -> None:
    result = cli.invoke(app, ["token", "issue", "--admin", "--scope", "cases:read", "--ttl", "60"])
    assert result.exit_code == 0, result.output
    principal = _validate(result.output.strip())
    assert principal.scopes == frozenset({"cases:read"})  # type: ignore[attr-defined]


def test_token_issue_refuses_impossible_requests(cli: CliRunner) -> None:
    assert cli.invoke(app, ["token", "issue"]).exit_code == 2
    assert cli.invoke(app, ["token", "issue", "--admin", "--actor", "ACT_x"]).exit_code == 2
    assert cli.invoke(app, ["token", "issue", "--actor", "not-an-id"]).exit_code == 2
    cli.invoke(app, ["demo", "seed"])
    from vocrehab.demo import DEMO_DOMAIN

    async def employer_id() -> str:
        import sqlalchemy as sa

        from vocrehab.db import models as m
        from vocrehab.ids import encode_global_id

        db = Database(Settings().database_url)
        async with db.session() as session:
            row = await session.scalar(
                sa.select(m.Actor.id).where(m.Actor.email == f"harbour-manager@{DEMO_DOMAIN}")
            )
        await db.dispose()
        return encode_global_id("Actor", row)

    actor = asyncio.run(employer_id())
    beyond = cli.invoke(app, ["token", "issue", "--actor", actor, "--scope", "medical:read"])
    assert beyond.exit_code == 2 and "may never hold: medical:read" in beyond.output
    ok = cli.invoke(app, ["token", "issue", "--actor", actor])
    assert _validate(ok.output.strip()).stakeholder_type is StakeholderType.EMPLOYER  # type: ignore[attr-defined]


def test_schema_export_and_check(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "schema.graphql"
    assert cli.invoke(app, ["schema", "export", "--output", str(target)]).exit_code == 0
    assert target.read_text() == (ROOT / "schema.graphql").read_text()
    assert cli.invoke(app, ["schema", "export", "--check", "--output", str(target)]).exit_code == 0
    target.write_text(target.read_text() + "\n# drift\n")
    checked = cli.invoke(app, ["schema", "export", "--check", "--output", str(target)])
    assert checked.exit_code == 1 and "out of date" in checked.output


def test_plugins_list(cli: CliRunner) -> None:
    result = cli.invoke(app, ["plugins", "list"])
    assert result.exit_code == 0 and "jurisdictions: generic" in result.output


def test_a_plugin_error_stops_the_command(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from vocrehab import cli as module

    monkeypatch.setenv("VOCREHAB_PLUGINS", "generic,atlantis")
    with pytest.raises(SystemExit) as stopped:
        monkeypatch.setattr("sys.argv", ["vocrehab", "plugins", "list"])
        module.main()
    assert stopped.value.code == 3


def test_audit_seal_then_verify_and_anchor(cli: CliRunner) -> None:
    import uuid

    import sqlalchemy as sa

    from vocrehab.core.audit import AccessRecorder, write_entries
    from vocrehab.core.principal import Principal
    from vocrehab.db.access_log import AccessLogRow

    async def log_three() -> None:
        db = Database(Settings().database_url)
        try:
            reader = Principal("someone", "cli-test", StakeholderType.ADMIN, frozenset())
            for _ in range(3):
                recorder = AccessRecorder(reader, uuid.uuid4().hex)
                recorder.saw_participant(uuid.uuid4())
                async with db.transaction() as session:
                    await write_entries(session, recorder, Clock().now())
        finally:
            await db.dispose()

    async def forge() -> None:
        db = Database(Settings().database_url)
        try:
            async with db.transaction() as session:
                await session.execute(sa.update(AccessLogRow).values(client_id="forged"))
        finally:
            await db.dispose()

    asyncio.run(log_three())
    pending = cli.invoke(app, ["audit", "verify"])
    assert pending.exit_code == 0 and "3 not sealed yet" in pending.output
    sealed = cli.invoke(app, ["audit", "seal"])
    assert sealed.exit_code == 0 and "sealed 3 entries in 1 batches" in sealed.output
    head = sealed.output.split("head: batch 1 ")[1].strip()
    assert cli.invoke(app, ["audit", "seal"]).output.strip() == "nothing to seal"
    intact = cli.invoke(app, ["audit", "verify", "--anchor", f"1:{head}"])
    assert intact.exit_code == 0, intact.output
    assert "3 entries in 1 batches checked, 0 not sealed yet" in intact.output
    assert cli.invoke(app, ["audit", "verify", "--anchor", f"1:{'0' * 64}"]).exit_code == 1
    assert cli.invoke(app, ["audit", "verify", "--anchor", "one:two"]).exit_code == 2
    asyncio.run(forge())
    broken = cli.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert broken.output.count("its content does not match its hash") == 3
    assert "NOT intact" in broken.output

"""`vocrehab clients`, `vocrehab users`, `vocrehab keys rotate` and the demo
logins, run in process against a database of their own."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from oauth_support import authorize_params, login, pkce, redirected_to
from support import World, gid
from typer.testing import CliRunner

from vocrehab.cli import app
from vocrehab.config import Settings
from vocrehab.core.clock import Clock
from vocrehab.db import models as m
from vocrehab.db.engine import Database
from vocrehab.demo.logins import DEMO_PASSWORD, DEMO_REDIRECT_URI, MACHINE_CLIENT, MACHINE_SECRET
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import ActorKind
from vocrehab.hooks.vocabulary import StakeholderType as R


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("VOCREHAB_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("VOCREHAB_PLUGINS", "generic")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    return runner


def query(statement: Any) -> list[Any]:
    async def go() -> list[Any]:
        db = Database(Settings().database_url)
        try:
            async with db.session() as session:
                return list((await session.execute(statement)).all())
        finally:
            await db.dispose()

    return asyncio.run(go())


def new_actor(host: PluginHost, role: R) -> str:
    async def go() -> str:
        db = Database(Settings().database_url)
        try:
            actor = await World(db, host, Clock()).actor(role, kind=ActorKind.ORGANISATION)
        finally:
            await db.dispose()
        return gid(actor)

    return asyncio.run(go())


def test_clients_create_list_and_revoke(cli: CliRunner, tmp_path: Path, host: PluginHost) -> None:
    provider = new_actor(host, R.PROVIDER)
    create = [
        "clients", "create", "--name", "WorkFit system", "--stakeholder-type", "provider",
        "--actor", provider, "--scope", "interventions:read", "--scope", "interventions:write",
    ]  # fmt: skip
    result = cli.invoke(app, create)
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    client_id, secret = lines["client_id"], lines["client_secret"]
    database = (tmp_path / "cli.sqlite3").read_bytes()
    assert secret.encode() not in database, "only the secret's digest is stored"

    listed = cli.invoke(app, ["clients", "list"]).output
    row = next(line for line in listed.splitlines() if line.startswith(client_id))
    assert "\tactive\tPROVIDER\tconfidential\tclient_credentials\tWorkFit system\t" in row
    assert cli.invoke(app, ["clients", "revoke", client_id]).exit_code == 0
    assert f"{client_id}\trevoked" in cli.invoke(app, ["clients", "list"]).output
    assert cli.invoke(app, ["clients", "revoke", client_id]).exit_code == 1


REFUSED = [
    (["--stakeholder-type", "employer", "--scope", "medical:read"], "may never hold: medical:read"),
    (["--stakeholder-type", "provider", "--scope", "cases:read", "--public"], "confidential"),
    (["--stakeholder-type", "provider", "--scope", "cases:read", "--grant", "authorization_code"], "redirect-uri"),
    (["--stakeholder-type", "provider", "--scope", "cases:read", "--grant", "authorization_code",
      "--redirect-uri", "http://frontend.example/cb"], "not an acceptable redirect URI"),
    (["--stakeholder-type", "provider", "--scope", "cases:read", "--grant", "authorization_code",
      "--redirect-uri", "https://app.example/cb",
      "--post-logout-redirect-uri", "http://app.example/bye"], "not an acceptable redirect URI"),
    (["--stakeholder-type", "provider", "--scope", "cases:read",
      "--post-logout-redirect-uri", "https://app.example/bye"], "no redirect URIs"),
    (["--stakeholder-type", "provider", "--scope", "cases:read"], "give --actor"),
    (["--stakeholder-type", "king", "--scope", "cases:read"], "unknown stakeholder type"),
]  # fmt: skip


def test_a_frontend_registers_where_logout_returns(cli: CliRunner) -> None:
    create = [
        "clients", "create", "--name", "Clinic app", "--stakeholder-type", "clinician",
        "--scope", "cases:read", "--grant", "authorization_code", "--public",
        "--redirect-uri", "https://app.example/cb",
        "--post-logout-redirect-uri", "https://app.example/bye",
        "--post-logout-redirect-uri", "org.example.app:/signed-out",
    ]  # fmt: skip
    result = cli.invoke(app, create)
    assert result.exit_code == 0, result.output
    [(uris,)] = query(sa.select(m.OAuthClient.post_logout_redirect_uris))
    assert uris == ["https://app.example/bye", "org.example.app:/signed-out"]


def test_clients_create_refuses(cli: CliRunner) -> None:
    for extra, message in REFUSED:
        result = cli.invoke(app, ["clients", "create", "--name", "X", *extra])
        assert result.exit_code == 2 and message in result.output, result.output
    assert query(sa.select(m.OAuthClient.id)) == []


def test_users_create_and_keys_rotate(cli: CliRunner, tmp_path: Path, host: PluginHost) -> None:
    actor = new_actor(host, R.CLINICIAN)
    create = ["users", "create", "--username", "erik", "--actor", actor, "--password-stdin"]
    result = cli.invoke(app, create, input="a long enough secret\n")
    assert result.exit_code == 0, result.output
    assert b"a long enough secret" not in (tmp_path / "cli.sqlite3").read_bytes()
    assert query(sa.select(m.OAuthUser.password_hash).where(m.OAuthUser.username == "erik"))[0][
        0
    ].startswith("$argon2id$")
    assert cli.invoke(app, create, input="a long enough secret\n").exit_code == 2  # taken
    short = ["users", "create", "--username", "xy", "--actor", actor, "--password-stdin"]
    assert "at least 10" in cli.invoke(app, short, input="short\n").output
    both = cli.invoke(app, ["users", "create", "--username", "y", "--password-stdin"], input="")
    assert both.exit_code == 2

    before = {row[0] for row in query(sa.select(m.SigningKey.kid))}
    rotated = cli.invoke(app, ["keys", "rotate", "--grace", "600"])
    assert rotated.exit_code == 0 and "retires in 600 s" in rotated.output
    after = query(sa.select(m.SigningKey.kid, m.SigningKey.retire_at))
    assert {kid for kid, retire in after if retire is not None} == before
    assert len([kid for kid, retire in after if retire is None]) == 1


def test_the_demo_logins_work(cli: CliRunner) -> None:
    """`demo seed` registers a client and a user per stakeholder type, and the
    provider's machine client; `demo tokens` says how to use them."""
    first = cli.invoke(app, ["demo", "seed"])
    assert "demo logins: case-manager, clinician" in first.output
    again = cli.invoke(app, ["demo", "seed"])
    assert again.exit_code == 0 and "already present" in again.output
    assert len(query(sa.select(m.OAuthUser.id))) == 7
    assert len(query(sa.select(m.OAuthClient.id))) == 8
    printed = cli.invoke(app, ["demo", "tokens"]).output
    assert printed.count('{"Authorization"') == 8
    assert f"password: {DEMO_PASSWORD}" in printed and "client demo-clinician" in printed
    assert f"redirect URI: {DEMO_REDIRECT_URI}" in printed

    asyncio.run(_use_the_demo_logins())


async def _use_the_demo_logins() -> None:
    from vocrehab.app import create_app

    application = create_app(Settings(public_url="https://vocrehab.test"))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="https://vocrehab.test") as c:
            machine = await c.post(
                "/oauth/token",
                data={"grant_type": "client_credentials"},
                auth=(MACHINE_CLIENT, MACHINE_SECRET),
            )
            assert machine.status_code == 200, machine.text
            params = authorize_params("demo-participant", pkce()[1], redirect_uri=DEMO_REDIRECT_URI)
            uri, answer = redirected_to(await login(c, params, "participant", DEMO_PASSWORD))
    assert uri == DEMO_REDIRECT_URI and answer["code"]

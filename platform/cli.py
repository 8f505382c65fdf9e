"""The `vocrehab` command: serve, migrate, seed the demo, issue operator tokens,
export the schema, list and check plugins."""

from __future__ import annotations

import asyncio
import logging
import string
import sys
from collections.abc import Coroutine
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from vocrehab.auth.commands import clients_app, keys_app, users_app
from vocrehab.config import Settings

app = typer.Typer(
    help="vocrehab: GraphQL API platform for vocational rehabilitation.", no_args_is_help=True
)
db_app = typer.Typer(help="The database.", no_args_is_help=True)
demo_app = typer.Typer(help="The demo data set.", no_args_is_help=True)
token_app = typer.Typer(help="Access tokens (operator tool).", no_args_is_help=True)
schema_app = typer.Typer(help="The GraphQL schema.", no_args_is_help=True)
plugins_app = typer.Typer(help="Jurisdiction plugins.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(token_app, name="token")
app.add_typer(schema_app, name="schema")
app.add_typer(plugins_app, name="plugins")
audit_app = typer.Typer(help="The access log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")
app.add_typer(clients_app, name="clients")
app.add_typer(users_app, name="users")
app.add_typer(keys_app, name="keys")

T = TypeVar("T")


def _run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(message, err=True, fg=typer.colors.RED)
    return typer.Exit(code)


# ---------------------------------------------------------------------- serve


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface (VOCREHAB_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (VOCREHAB_PORT).")] = None,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (VOCREHAB_WORKERS).")
    ] = None,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
    migrate: Annotated[bool, typer.Option(help="Apply database migrations first.")] = True,
) -> None:
    """Serve the API (GraphiQL at /graphql), migrating the database first."""
    import os

    import uvicorn

    settings = Settings()
    for name, value in (("HOST", host), ("PORT", port), ("WORKERS", workers)):
        if value is not None:
            os.environ[f"VOCREHAB_{name}"] = str(value)  # the factory in each worker reads them
    settings = Settings()
    if migrate:
        _upgrade(settings)
    _configure_logging(settings)
    if settings.workers > 1 and not reload and "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        import tempfile

        # Every worker's /metrics then answers for all of them.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="vocrehab-metrics-")
    uvicorn.run(
        "vocrehab.app:app_from_environment",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=None if reload else settings.workers,
        reload=reload,
        reload_dirs=[str(Path(__file__).resolve().parent.parent)] if reload else None,
        log_level=settings.log_level.lower(),
        proxy_headers=True,
        ws_max_size=settings.max_request_bytes,
    )


@app.command()
def worker(
    dispatchers: Annotated[
        int,
        typer.Option(min=1, help="Dispatchers to run in this process (PostgreSQL: share work)."),
    ] = 1,
    once: Annotated[bool, typer.Option(help="Hand on what is waiting, then stop.")] = False,
) -> None:
    """Run outbox dispatchers on their own: plugin events, subscriptions, webhooks.

    Start as many as needed on PostgreSQL (they share the outbox); set
    VOCREHAB_DISPATCHER=false for `vocrehab serve` when workers do the work.
    """
    import signal

    from vocrehab.app import create_app
    from vocrehab.integrations.dispatcher import Dispatcher

    settings = Settings()
    _configure_logging(settings)

    async def go() -> None:
        application = create_app(settings)
        services = application.state.services
        try:
            if once:
                await services.dispatcher.drain()
                return
            team = [services.dispatcher] + [
                Dispatcher(services, services.dispatcher.settings, services.dispatcher.webhooks)
                for _ in range(dispatchers - 1)
            ]
            tasks = [asyncio.create_task(d.run_forever()) for d in team]
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, lambda: [t.cancel() for t in tasks])
            typer.echo(f"{dispatchers} dispatcher(s) running ({_redacted(settings.database_url)})")
            await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            await services.dispatcher.webhooks.close()
            await services.broker.close()
            await services.db.dispose()

    _run(go())


def _configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


# ---------------------------------------------------------------------- db


def _upgrade(settings: Settings) -> None:
    from vocrehab.auth.keys import KeyStore
    from vocrehab.core.clock import Clock
    from vocrehab.db.engine import Database
    from vocrehab.db.migrate import upgrade

    async def go() -> None:
        db = Database(settings.database_url)
        try:
            await upgrade(db)
            await KeyStore(db).ensure_signing_key(Clock(settings.timezone).now())
        finally:
            await db.dispose()

    _run(go())


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema (VOCREHAB_DATABASE_URL)."""
    settings = Settings()
    _upgrade(settings)
    typer.echo(f"database is up to date ({_redacted(settings.database_url)})")


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


# ---------------------------------------------------------------------- demo


@demo_app.command("seed")
def demo_seed() -> None:
    """Load the demo caseload (idempotent: does nothing if it is already there)."""
    from vocrehab.app import load_plugins
    from vocrehab.core.clock import Clock
    from vocrehab.db.engine import Database
    from vocrehab.demo import seed_demo
    from vocrehab.demo.logins import seed_demo_logins

    settings = Settings()

    async def go() -> Any:
        db = Database(settings.database_url)
        clock = Clock(settings.timezone)
        host = load_plugins(settings)
        try:
            result = await seed_demo(db, host, clock.today())
            return result, await seed_demo_logins(db, host, clock.now())
        finally:
            await db.dispose()

    result, logins = _run(go())
    if result.created:
        typer.echo(f"demo data loaded: {len(result.cases)} cases ({', '.join(result.cases)})")
    else:
        typer.echo("demo data already present")
    typer.echo(f"demo logins: {', '.join(login.username for login in logins) or 'none'}")


@demo_app.command("tokens")
def demo_tokens(
    ttl: Annotated[int, typer.Option(help="Lifetime in seconds.")] = 12 * 3600,
) -> None:
    """Print an Authorization header for each demo stakeholder (for GraphiQL)."""
    from vocrehab.app import load_plugins
    from vocrehab.demo import demo_principals

    settings = Settings()
    host = load_plugins(settings)

    async def go() -> list[tuple[str, str]]:
        db, keys, clock = await _keys(settings)
        try:
            return [
                (label, _issue(settings, keys, clock, principal, timedelta(seconds=ttl)))
                for label, principal in await demo_principals(db, host, clock.today())
            ]
        finally:
            await db.dispose()

    rows = _run(go())
    typer.echo(
        f"Paste one into GraphiQL's Headers tab ({settings.base_url}/graphql), valid {ttl // 3600} h:\n"
    )
    for label, token in rows:
        typer.echo(f"# {label}")
        typer.echo(f'{{"Authorization": "Bearer {token}"}}\n')
    _print_demo_logins(settings, host)


def _print_demo_logins(settings: Settings, host: Any) -> None:
    """How to log in through OAuth 2 as a demo user (the demo's own frontend clients)."""
    from vocrehab.core.clock import Clock
    from vocrehab.db.engine import Database
    from vocrehab.demo import logins as demo

    async def go() -> list[Any]:
        db = Database(settings.database_url)
        try:
            return await demo.demo_logins(db, host, Clock(settings.timezone).today())
        finally:
            await db.dispose()

    found = _run(go())
    if not found:
        return
    base = settings.base_url
    typer.echo("Or log in with OAuth 2 (authorization code + PKCE S256) or OpenID Connect:")
    typer.echo(f"  discovery: {base}/.well-known/openid-configuration")
    typer.echo(f"  authorize: {base}/oauth/authorize   token: {base}/oauth/token")
    typer.echo(f"  redirect URI: {demo.DEMO_REDIRECT_URI}   password: {demo.DEMO_PASSWORD}")
    for login in found:
        typer.echo(f"  user {login.username:<20} client {login.client_id:<26} ({login.name})")
    typer.echo(
        f"Machine client (client credentials): {demo.MACHINE_CLIENT} / {demo.MACHINE_SECRET}\n"
        f"  curl -u {demo.MACHINE_CLIENT}:{demo.MACHINE_SECRET} "
        f"-d grant_type=client_credentials {base}/oauth/token"
    )


async def _keys(settings: Settings) -> Any:
    from vocrehab.auth.keys import KeyStore
    from vocrehab.core.clock import Clock
    from vocrehab.db.engine import Database

    db = Database(settings.database_url)
    clock = Clock(settings.timezone)
    keys = KeyStore(db)
    await keys.ensure_signing_key(clock.now())
    return db, keys, clock


def _issue(settings: Settings, keys: Any, clock: Any, principal: Any, ttl: timedelta) -> str:
    from vocrehab.auth.tokens import TokenRequest, issue_access_token

    request = TokenRequest(
        subject=principal.subject,
        client_id=principal.client_id,
        stakeholder_type=principal.stakeholder_type,
        scopes=principal.scopes,
        actor_id=principal.actor_id,
        participant_id=principal.participant_id,
        ttl=ttl,
    )
    return issue_access_token(keys, settings.token_issuer, settings.audience, request, clock.now())


# ---------------------------------------------------------------------- token


@token_app.command("issue")
def token_issue(
    actor: Annotated[str | None, typer.Option(help="Act as this Actor (global ID).")] = None,
    participant: Annotated[
        str | None, typer.Option(help="Act as this Participant (global ID).")
    ] = None,
    admin: Annotated[bool, typer.Option(help="A platform-operator (ADMIN) token.")] = False,
    scope: Annotated[
        list[str] | None,
        typer.Option(help="Scope to grant (repeat); default: all the type may have."),
    ] = None,
    ttl: Annotated[int, typer.Option(help="Lifetime in seconds.")] = 3600,
) -> None:
    """Print a bearer token. An operator tool: whoever runs it can act as anyone."""
    from vocrehab.core.policy import MAX_SCOPES

    if sum([actor is not None, participant is not None, admin]) != 1:
        raise _fail("give exactly one of --actor, --participant, --admin", 2)
    settings = Settings()

    async def go() -> str:
        db, keys, clock = await _keys(settings)
        try:
            principal = await _principal_for(db, actor, participant)
        finally:
            await db.dispose()
        if principal is None:
            raise _fail("no such actor or participant", 1)
        allowed = MAX_SCOPES[principal.stakeholder_type]
        wanted = set(scope or allowed)
        beyond = sorted(wanted - allowed)
        if beyond:
            raise _fail(
                f"a {principal.stakeholder_type.value} may never hold: {', '.join(beyond)}", 2
            )
        principal = principal.__class__(**{**principal.__dict__, "scopes": frozenset(wanted)})
        return _issue(settings, keys, clock, principal, timedelta(seconds=ttl))

    typer.echo(_run(go()))


async def _principal_for(db: Any, actor: str | None, participant: str | None) -> Any:
    from vocrehab.core.policy import MAX_SCOPES
    from vocrehab.core.principal import Principal
    from vocrehab.db import models as m
    from vocrehab.demo import as_actor, as_participant_of
    from vocrehab.hooks.vocabulary import StakeholderType
    from vocrehab.ids import InvalidGlobalId, decode_global_id

    if actor is None and participant is None:
        return Principal(
            "admin", "vocrehab-cli", StakeholderType.ADMIN, MAX_SCOPES[StakeholderType.ADMIN]
        )
    try:
        row_id = decode_global_id(actor or participant or "", "Actor" if actor else "Participant")[
            1
        ]
    except InvalidGlobalId as exc:
        raise _fail(str(exc), 2) from None
    async with db.session() as session:
        if actor is not None:
            row = await session.get(m.Actor, row_id)
            if row is not None and row.stakeholder_type is StakeholderType.PARTICIPANT:
                raise _fail("that actor is a participant's own: use --participant", 2)
            found = as_actor(row) if row else None
        else:
            person = await session.get(m.Participant, row_id)
            found = as_participant_of(person) if person else None
    if found is not None:
        found = found.__class__(**{**found.__dict__, "client_id": "vocrehab-cli"})
    return found


# ---------------------------------------------------------------------- schema


@schema_app.command("export")
def schema_export(
    output: Annotated[Path, typer.Option(help="Where the SDL goes.")] = Path("schema.graphql"),
    check: Annotated[
        bool, typer.Option(help="Exit 1 if the file differs from the schema.")
    ] = False,
) -> None:
    """Write the SDL of the schema with the installed plugins (or check it)."""
    from vocrehab.api.schema import export_schema
    from vocrehab.app import load_plugins

    sdl = export_schema(load_plugins(Settings()))
    if check:
        current = output.read_text() if output.exists() else ""
        if current != sdl:
            raise _fail(f"{output} is out of date: run `vocrehab schema export`", 1)
        typer.echo(f"{output} is up to date")
        return
    output.write_text(sdl)
    typer.echo(f"wrote {output}")


@schema_app.command("diff")
def schema_diff(
    against: Annotated[
        str | None,
        typer.Option(
            help="Git ref (tag, branch, commit) whose committed schema is the base; "
            "by default the `base:` line of --accepted."
        ),
    ] = None,
    path: Annotated[
        Path, typer.Option(help="The schema file, as committed in the repository.")
    ] = Path("schema.graphql"),
    allow_deprecated_removals: Annotated[
        bool, typer.Option(help="Accept removals of what REF had already deprecated.")
    ] = False,
    accepted: Annotated[
        Path | None,
        typer.Option(
            help="Breaking changes announced in the release notes: one change as the diff "
            "prints it per line ('Field Case.x was removed.'); '#' starts a comment; "
            "'base: COMMIT' names the schema they are counted from."
        ),
    ] = None,
) -> None:
    """Report what changed for clients since REF; exit 1 on a breaking change."""
    import subprocess

    from vocrehab.api.schema import export_schema
    from vocrehab.api.schema_diff import Announcements, compare
    from vocrehab.app import load_plugins

    announced = (
        Announcements.parse(accepted.read_text()) if accepted else Announcements(frozenset())
    )
    base = against or announced.base
    if base is None:
        raise _fail("name the base: --against REF, or a 'base: COMMIT' line in --accepted", 2)
    shown = subprocess.run(
        ["git", "show", f"{base}:./{path.as_posix()}"], capture_output=True, text=True
    )
    if shown.returncode != 0:
        raise _fail(f"cannot read {path} at {base}: {shown.stderr.strip()}", 2)
    changes = compare(shown.stdout, export_schema(load_plugins(Settings())))
    for change in changes.breaking:
        note = " (deprecated at the base)" if change.announced else ""
        note += " (accepted)" if change.description in announced.changes else ""
        typer.echo(f"BREAKING   {change.kind}: {change.description}{note}")
    for change in changes.dangerous:
        typer.echo(f"DANGEROUS  {change.kind}: {change.description}")
    blocking = changes.blocking(announced, allow_deprecated=allow_deprecated_removals)
    typer.echo(
        f"{len(changes.breaking)} breaking, {len(changes.dangerous)} dangerous "
        f"change(s) since {base}"
    )
    if blocking:
        raise typer.Exit(1)


# ---------------------------------------------------------------------- plugins


@plugins_app.command("list")
def plugins_list() -> None:
    """The loaded plugins and the jurisdictions they provide."""
    from vocrehab.app import load_plugins

    host = load_plugins(Settings())
    for name, info, codes in host.plugins():
        typer.echo(f"{name}\t{info.name} {info.version}\tjurisdictions: {', '.join(codes) or '-'}")


@plugins_app.command("check")
def plugins_check(
    name: Annotated[
        str | None, typer.Argument(help="Check only this plugin (its entry-point name).")
    ] = None,
) -> None:
    """Build the schema with every installed plugin and run the conformance kit on NAME
    (or on all); exit 1 with the findings."""
    from vocrehab.api.schema import build_schema
    from vocrehab.app import load_plugins
    from vocrehab.hooks.host import PluginLoadError
    from vocrehab.hooks.testing import problems

    try:
        host = load_plugins(Settings())
    except PluginLoadError as exc:
        raise _fail(f"- start-up: {exc}\nthe plugins cannot be loaded", 1) from exc
    findings: list[str] = []
    try:
        build_schema(host)
    except PluginLoadError as exc:
        findings.append(f"schema (every installed plugin): {exc}")
    plugins = host.plugins()
    if name is not None and name not in {plugin for plugin, _, _ in plugins}:
        raise _fail(f"no installed plugin is named {name!r}", 2)
    for plugin, info, codes in plugins:
        if name is not None and plugin != name:
            continue
        for code in codes:
            jurisdiction = host.jurisdiction(code)
            found = problems(getattr(jurisdiction, "unwrapped", jurisdiction), plugin=plugin)
            findings += found
            typer.echo(f"{plugin} ({info.name} {info.version}) {code}: "
                       f"{'conforms' if not found else f'{len(found)} finding(s)'}")  # fmt: skip
    if findings:
        for finding in findings:
            typer.secho(f"- {finding}", err=True, fg=typer.colors.RED)
        raise _fail(f"{len(findings)} finding(s)", 1)
    typer.echo("every checked plugin honours the plugin contract")


@audit_app.command("verify")
def audit_verify(
    max_unsealed_age: Annotated[
        int, typer.Option(help="Seconds an entry may wait for the sealer before it is reported.")
    ] = 60,
    anchor: Annotated[
        list[str] | None,
        typer.Option(
            help="BATCH:HASH recorded earlier (repeatable); the batch must still have it."
        ),
    ] = None,
) -> None:
    """Check every entry, batch and link of the access log; exit 1 on any problem."""
    from vocrehab.core.audit_verify import verify_log
    from vocrehab.core.clock import Clock
    from vocrehab.db.access_log import GENESIS
    from vocrehab.db.engine import Database

    settings = Settings()
    anchors = _anchors(anchor or [])

    async def go() -> Any:
        db = Database(settings.database_url)
        try:
            now = Clock(settings.timezone).now()
            return await verify_log(db, now, timedelta(seconds=max_unsealed_age), anchors)
        finally:
            await db.dispose()

    check = _run(go())
    summary = (
        f"{check.entries} entries in {check.batches} batches checked, "
        f"{check.unsealed} not sealed yet; head: batch {check.head[0]} {check.head[1]}"
    )
    if check.starts_from != GENESIS:
        summary += f"; continues the per-entry chain that ended at {check.starts_from}"
    if not check.intact:
        for problem in check.problems[:20]:
            typer.secho(f"- {problem}", err=True, fg=typer.colors.RED)
        more = len(check.problems) - 20 + check.omitted
        if more > 0:
            typer.secho(f"- and {more} more", err=True, fg=typer.colors.RED)
        raise _fail(f"access log NOT intact: {summary}", 1)
    typer.echo(f"access log intact: {summary}")


def _anchors(values: list[str]) -> dict[int, str]:
    anchors = {}
    for value in values:
        number, _, digest = value.partition(":")
        if not number.isdigit() or len(digest) != 64 or digest.strip(string.hexdigits):
            raise _fail(
                f"--anchor takes BATCH:HASH (a batch number and 64 hex digits), not {value!r}", 2
            )
        anchors[int(number)] = digest.lower()
    return anchors


@audit_app.command("seal")
def audit_seal() -> None:
    """Seal the access log's unsealed entries now (what `vocrehab serve` does every second)."""
    from vocrehab.core.audit_seal import seal
    from vocrehab.core.clock import Clock
    from vocrehab.db.engine import Database

    settings = Settings()

    async def go() -> Any:
        db = Database(settings.database_url)
        try:
            return await seal(db, Clock(settings.timezone))
        finally:
            await db.dispose()

    batches = _run(go())
    if not batches:
        typer.echo("nothing to seal")
        return
    last = batches[-1]
    typer.echo(
        f"sealed {sum(b.count for b in batches)} entries in {len(batches)} batches; "
        f"head: batch {last.batch} {last.hash}"
    )


def main() -> None:
    from vocrehab.hooks.host import PluginLoadError

    try:
        app()
    except PluginLoadError as exc:
        typer.secho(f"plugin error: {exc}", err=True, fg=typer.colors.RED)
        raise SystemExit(3) from None

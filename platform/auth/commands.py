"""Operator commands of the authorization server: `vocrehab clients ...`,
`vocrehab users ...`, `vocrehab keys rotate`. Mounted by `vocrehab.cli`."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated, Any, TypeVar

import typer

from vocrehab.config import Settings

__all__ = ["clients_app", "keys_app", "users_app"]

clients_app = typer.Typer(
    help="OAuth clients (frontends and machine clients).", no_args_is_help=True
)
users_app = typer.Typer(help="Users of the login page.", no_args_is_help=True)
keys_app = typer.Typer(help="The token signing keys.", no_args_is_help=True)
T = TypeVar("T")


def _with_db(work: Callable[[Any, Any], Awaitable[T]]) -> T:
    """Run `work(db, clock)` against VOCREHAB_DATABASE_URL."""
    from vocrehab.core.clock import Clock
    from vocrehab.db.engine import Database

    settings = Settings()

    async def go() -> T:
        db = Database(settings.database_url)
        try:
            return await work(db, Clock(settings.timezone))
        finally:
            await db.dispose()

    return asyncio.run(go())


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.secho(message, err=True, fg=typer.colors.RED)
    return typer.Exit(code)


# ---------------------------------------------------------------------- clients


@clients_app.command("create")
def clients_create(
    name: Annotated[str, typer.Option(help="Shown to users on the consent page.")],
    stakeholder_type: Annotated[
        str, typer.Option(help="PROVIDER, EMPLOYER, ...: bounds the client's scopes.")
    ],
    scope: Annotated[list[str], typer.Option(help="A scope the client may ask for (repeat).")],
    actor: Annotated[
        str | None, typer.Option(help="The Actor (global ID) a machine client acts as.")
    ] = None,
    grant: Annotated[
        str, typer.Option(help="client_credentials or authorization_code.")
    ] = "client_credentials",
    redirect_uri: Annotated[
        list[str] | None, typer.Option(help="Exact redirect URI (repeat; authorization_code).")
    ] = None,
    public: Annotated[
        bool, typer.Option(help="A public client (browser or native app): no secret, PKCE only.")
    ] = False,
    post_logout_redirect_uri: Annotated[
        list[str] | None,
        typer.Option(help="Where OpenID Connect logout may return the user (repeat)."),
    ] = None,
) -> None:
    """Register a client; prints its id and, for a confidential client, its secret (once)."""
    from vocrehab.auth.clients import ClientError, NewClient, register_client
    from vocrehab.hooks.vocabulary import StakeholderType

    try:
        role = StakeholderType(stakeholder_type.upper())
    except ValueError:
        raise _fail(f"unknown stakeholder type {stakeholder_type}") from None
    new = NewClient(
        name=name, stakeholder_type=role, scopes=scope, grant=grant,
        redirect_uris=redirect_uri or [], public=public, actor_id=actor,
        post_logout_redirect_uris=post_logout_redirect_uri or [],
    )  # fmt: skip

    async def work(db: Any, clock: Any) -> Any:
        async with db.transaction() as session:
            return await register_client(session, new, clock.now())

    try:
        registration = _with_db(work)
    except ClientError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"client_id: {registration.client_id}")
    if registration.secret:
        typer.echo(f"client_secret: {registration.secret}")
        typer.echo("Store the secret now: it is kept hashed and cannot be shown again.", err=True)


@clients_app.command("list")
def clients_list() -> None:
    """Every client: id, status, type, grants, name and scopes."""
    from vocrehab.auth.clients import list_clients

    async def work(db: Any, clock: Any) -> Any:
        async with db.session() as session:
            return await list_clients(session)

    for client in _with_db(work):
        kind = "public" if client.public else "confidential"
        status = "revoked" if client.revoked else "active"
        grants = ",".join(sorted(client.grant_types))
        typer.echo(
            f"{client.client_id}\t{status}\t{client.stakeholder_type.value}\t{kind}\t{grants}\t"
            f"{client.name}\t{' '.join(sorted(client.scopes))}"
        )


@clients_app.command("revoke")
def clients_revoke(client_id: Annotated[str, typer.Argument(help="The client's id.")]) -> None:
    """Revoke a client and every token it holds, at once."""
    from vocrehab.auth.clients import revoke_client

    async def work(db: Any, clock: Any) -> bool:
        async with db.transaction() as session:
            return await revoke_client(session, client_id, clock.now())

    if not _with_db(work):
        raise _fail(f"no active client {client_id}", 1)
    typer.echo(f"client {client_id} revoked; its tokens no longer work")


# ---------------------------------------------------------------------- users


@users_app.command("create")
def users_create(
    username: Annotated[str, typer.Option(help="What the user types at the login page.")],
    actor: Annotated[str | None, typer.Option(help="Log in as this Actor (global ID).")] = None,
    participant: Annotated[
        str | None, typer.Option(help="Log in as this Participant (global ID).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option(help="Read the password from standard input instead of a prompt.")
    ] = False,
) -> None:
    """Create a user of the login page; the password is prompted for (or read from stdin)."""
    from vocrehab.auth.users import UserError, create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)

    async def work(db: Any, clock: Any) -> Any:
        async with db.transaction() as session:
            return await create_user(
                session, username, password, actor=actor, participant=participant, now=clock.now()
            )

    try:
        _with_db(work)
    except UserError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"user {username} created")


# ---------------------------------------------------------------------- keys


@keys_app.command("rotate")
def keys_rotate(
    grace: Annotated[
        int | None,
        typer.Option(
            help="Seconds the old key keeps validating (default: the access-token lifetime"
            " plus the keys' reload interval)."
        ),
    ] = None,
) -> None:
    """A new key signs from now on; the old one validates until its tokens have expired."""
    from vocrehab.auth.keys import REFRESH_SECONDS, KeyStore

    # Other workers keep signing with the old key until they reload the keys.
    longest = Settings().token_ttl_seconds + REFRESH_SECONDS
    keep = timedelta(seconds=grace if grace is not None else longest)

    async def work(db: Any, clock: Any) -> str:
        return await KeyStore(db).rotate(clock.now(), keep)

    kid = _with_db(work)
    typer.echo(f"new signing key {kid}; the previous key retires in {int(keep.total_seconds())} s")

"""End to end: a real `vocrehab serve` (uvicorn, two workers) and authlib's
httpx OAuth client, as a provider's system and a frontend would use them.
The client finds every endpoint through the RFC 8414 metadata."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuthError
from oauth_support import (
    FRONTEND_SCOPES,
    MACHINE_SCOPES,
    PASSWORD,
    REDIRECT_URI,
    VIEWER,
    hidden_fields,
    pkce,
)
from servers import free_port, running, server_env
from support import World, gid

from vocrehab.auth.clients import AUTHORIZATION_CODE, NewClient, register_client
from vocrehab.auth.keys import KeyStore
from vocrehab.auth.pages import CSRF_COOKIE
from vocrehab.auth.users import create_user
from vocrehab.core.clock import Clock
from vocrehab.db.base import Base
from vocrehab.db.engine import Database
from vocrehab.db.migrate import upgrade
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import ActorKind
from vocrehab.hooks.vocabulary import StakeholderType as R

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
BACKENDS = ["sqlite", *(["postgresql"] if os.environ.get("VOCREHAB_TEST_POSTGRES_URL") else [])]


@dataclass
class Deployment:
    base: str
    machine: tuple[str, str]
    spa: str
    provider_id: str
    clinician_id: str
    metadata: dict[str, Any]


async def _register(db: Database, host: PluginHost) -> dict[str, Any]:
    """A provider with its machine client, a clinician with a login, a frontend."""
    if db.is_sqlite:  # a new file
        await upgrade(db)
        await KeyStore(db).ensure_signing_key(Clock().now())
    else:  # the session's PostgreSQL database: start from empty tables
        kept = {"alembic_version", "signing_keys"}
        tables = [t.name for t in Base.metadata.sorted_tables if t.name not in kept]
        async with db.engine.begin() as conn:
            await conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} CASCADE"))
    world = World(db, host, Clock())
    provider = await world.actor(R.PROVIDER, "Bridge IPS", kind=ActorKind.ORGANISATION)
    clinician = await world.actor(R.CLINICIAN, "Dr. Yusuf")
    now = Clock().now()
    async with db.transaction() as session:
        machine = await register_client(
            session,
            NewClient("IPS system", R.PROVIDER, MACHINE_SCOPES, actor_id=gid(provider)),
            now,
        )
        spa = await register_client(
            session,
            NewClient(
                "Clinic app", R.CLINICIAN, FRONTEND_SCOPES, grant=AUTHORIZATION_CODE,
                redirect_uris=[REDIRECT_URI], public=True,
            ),
            now,
        )  # fmt: skip
        await create_user(session, "dr-yusuf", PASSWORD, actor=gid(clinician), now=now)
    await db.dispose()
    return dict(
        machine=(machine.client_id, machine.secret),
        spa=spa.client_id,
        provider_id=gid(provider),
        clinician_id=gid(clinician),
    )


@pytest.fixture(scope="module", params=BACKENDS)
def deployment(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, host: PluginHost
) -> Iterator[Deployment]:
    tmp = tmp_path_factory.mktemp("serve-oauth")
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp / 'oauth.sqlite3'}"
    else:
        url = str(request.getfixturevalue("postgres_url"))
    registered = asyncio.run(_register(Database(url), host))
    env = server_env(url, free_port(), workers="2", plugins="generic")
    with running(env, tmp, "--no-migrate") as base:
        metadata = httpx.get(f"{base}/.well-known/oauth-authorization-server").json()
        yield Deployment(base=base, metadata=metadata, **registered)


async def viewer(
    client: httpx.AsyncClient | AsyncOAuth2Client, url: str, token: str | None = None
) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else None
    response = await client.post(f"{url}/graphql", json={"query": VIEWER}, headers=headers)
    return response.status_code, response.json()


@pytest.fixture
async def browser(deployment: Deployment) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=deployment.base) as client:
        yield client


async def log_in(browser: httpx.AsyncClient, authorization_url: str) -> str:
    """The user opens the authorization URL, signs in and allows: the callback URL."""
    page = await browser.get(authorization_url)
    assert page.status_code == 200, page.text
    fields = hidden_fields(page.text) | {"username": "dr-yusuf", "password": PASSWORD}
    fields["decision"] = "allow"
    response = await browser.post(
        "/oauth/authorize", data=fields, headers={"cookie": f"{CSRF_COOKIE}={fields['csrf_token']}"}
    )
    assert response.status_code == 302, response.text
    return response.headers["location"]


@asynccontextmanager
async def user_session(
    deployment: Deployment, browser: httpx.AsyncClient
) -> AsyncIterator[AsyncOAuth2Client]:
    """A frontend's OAuth client after a full authorization-code + PKCE login."""
    meta = deployment.metadata
    async with AsyncOAuth2Client(
        deployment.spa, redirect_uri=REDIRECT_URI, scope="cases:read notes:read",
        code_challenge_method="S256", token_endpoint_auth_method="none",
    ) as client:  # fmt: skip
        verifier = pkce()[0]
        url, state = client.create_authorization_url(
            meta["authorization_endpoint"], code_verifier=verifier
        )
        callback = await log_in(browser, url)
        assert callback.startswith(REDIRECT_URI) and f"state={state}" in callback
        await client.fetch_token(
            meta["token_endpoint"],
            authorization_response=callback,
            code_verifier=verifier,
            state=state,
        )
        yield client


async def test_client_credentials(deployment: Deployment) -> None:
    client_id, secret = deployment.machine
    async with AsyncOAuth2Client(
        client_id, secret, scope="interventions:read notes:read"
    ) as client:
        token = await client.fetch_token(
            deployment.metadata["token_endpoint"], grant_type="client_credentials"
        )
        assert token["scope"] == "interventions:read notes:read" and "refresh_token" not in token
        status, body = await viewer(client, deployment.base)
    assert status == 200, body
    assert body["data"]["viewer"]["stakeholderType"] == "PROVIDER"
    assert body["data"]["viewer"]["actor"]["id"] == deployment.provider_id


async def test_authorization_code_with_pkce_through_the_login_form(
    deployment: Deployment, browser: httpx.AsyncClient
) -> None:
    async with user_session(deployment, browser) as client:
        assert client.token["scope"] == "cases:read notes:read"
        status, body = await viewer(client, deployment.base)
    assert status == 200, body
    assert body["data"]["viewer"]["stakeholderType"] == "CLINICIAN"
    assert body["data"]["viewer"]["actor"]["id"] == deployment.clinician_id


async def test_refresh_rotates_and_reuse_revokes_the_family(
    deployment: Deployment, browser: httpx.AsyncClient
) -> None:
    endpoint = deployment.metadata["token_endpoint"]
    async with user_session(deployment, browser) as client:
        first = dict(client.token)
        second = await client.refresh_token(endpoint, refresh_token=first["refresh_token"])
        assert second["refresh_token"] != first["refresh_token"]
        assert (await viewer(browser, "", second["access_token"]))[0] == 200
        with pytest.raises(OAuthError) as reused:
            await client.refresh_token(endpoint, refresh_token=first["refresh_token"])
        assert reused.value.error == "invalid_grant"
        with pytest.raises(OAuthError) as family:
            await client.refresh_token(endpoint, refresh_token=second["refresh_token"])
        assert family.value.error == "invalid_grant"
    status, _ = await viewer(browser, "", second["access_token"])
    assert status == 401, "the family's access tokens are revoked too"


async def test_revocation_then_the_api_refuses(
    deployment: Deployment, browser: httpx.AsyncClient
) -> None:
    async with user_session(deployment, browser) as client:
        access = client.token["access_token"]
        for _ in range(2):  # both workers accept it
            assert (await viewer(browser, "", access))[0] == 200
        revoked = await client.revoke_token(
            deployment.metadata["revocation_endpoint"], token=access, token_type_hint="access_token"
        )
        assert revoked.status_code == 200
    for _ in range(4):  # and both refuse it now
        status, body = await viewer(browser, "", access)
        assert status == 401 and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_introspection(deployment: Deployment) -> None:
    meta = deployment.metadata
    client_id, secret = deployment.machine
    async with AsyncOAuth2Client(client_id, secret) as client:
        token = await client.fetch_token(meta["token_endpoint"], grant_type="client_credentials")
        active = (
            await client.introspect_token(
                meta["introspection_endpoint"], token=token["access_token"]
            )
        ).json()
        assert active["active"] is True and active["client_id"] == client_id
        assert (
            active["stakeholder_type"] == "PROVIDER"
            and active["actor_id"] == deployment.provider_id
        )
        await client.revoke_token(meta["revocation_endpoint"], token=token["access_token"])
        inactive = (
            await client.introspect_token(
                meta["introspection_endpoint"], token=token["access_token"]
            )
        ).json()
    assert inactive == {"active": False}

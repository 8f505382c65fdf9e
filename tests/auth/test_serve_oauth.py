"""End to end: a real `vocrehab serve` (uvicorn, two workers) and authlib's
httpx OAuth client, as a provider's system and a frontend would use them.
The client finds every endpoint through the RFC 8414 metadata, or through
OpenID Connect discovery for a frontend that signs people in with OIDC."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuthError
from authlib.oidc.core import CodeIDToken
from authlib.oidc.discovery import OpenIDProviderMetadata, get_well_known_url
from joserfc import jwt
from joserfc.jwk import KeySet
from oauth_support import (
    FRONTEND_SCOPES,
    MACHINE_SCOPES,
    PASSWORD,
    POST_LOGOUT_URI,
    REDIRECT_URI,
    VIEWER,
    authorize_params,
    hidden_fields,
    pkce,
    same_origin,
)
from servers import empty_tables, free_port, running, server_env
from support import World, gid

from vocrehab.auth.clients import AUTHORIZATION_CODE, NewClient, register_client
from vocrehab.auth.csrf import COOKIE as CSRF_COOKIE
from vocrehab.auth.keys import KeyStore
from vocrehab.auth.users import create_user
from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database
from vocrehab.db.migrate import upgrade
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import ActorKind
from vocrehab.hooks.vocabulary import StakeholderType as R

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
NODE_CLIENT = Path(__file__).parent / "oidc_node"
NODE_CACHE = Path(__file__).resolve().parents[2] / ".cache" / "oidc-node"
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
        await empty_tables(db)
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
                post_logout_redirect_uris=[POST_LOGOUT_URI],
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
    response = await browser.post("/oauth/authorize", data=fields, headers=same_origin(browser))
    assert response.status_code == 302, response.text
    return response.headers["location"]


@asynccontextmanager
async def user_session(
    deployment: Deployment, browser: httpx.AsyncClient
) -> AsyncIterator[AsyncOAuth2Client]:
    """A frontend's OAuth client after a full authorization-code + PKCE login."""
    meta = deployment.metadata
    async with AsyncOAuth2Client(
        deployment.spa, redirect_uri=REDIRECT_URI, scope="actors:read cases:read notes:read",
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
        client_id, secret, scope="actors:read interventions:read notes:read"
    ) as client:
        token = await client.fetch_token(
            deployment.metadata["token_endpoint"], grant_type="client_credentials"
        )
        assert token["scope"] == "actors:read interventions:read notes:read"
        assert "refresh_token" not in token
        status, body = await viewer(client, deployment.base)
    assert status == 200, body
    assert body["data"]["viewer"]["stakeholderType"] == "PROVIDER"
    assert body["data"]["viewer"]["actor"]["id"] == deployment.provider_id


async def test_authorization_code_with_pkce_through_the_login_form(
    deployment: Deployment, browser: httpx.AsyncClient
) -> None:
    async with user_session(deployment, browser) as client:
        assert client.token["scope"] == "actors:read cases:read notes:read"
        status, body = await viewer(client, deployment.base)
    assert status == 200, body
    assert body["data"]["viewer"]["stakeholderType"] == "CLINICIAN"
    assert body["data"]["viewer"]["actor"]["id"] == deployment.clinician_id


async def test_the_login_form_is_accepted_only_from_its_own_site(
    deployment: Deployment, browser: httpx.AsyncClient
) -> None:
    """A form posted from another site, or with a cookie an attacker planted to match
    its field (double submit), issues no code; the same form from the page does."""
    params = authorize_params(deployment.spa, pkce()[1], scope="cases:read")
    page = await browser.get("/oauth/authorize", params=params)
    assert page.status_code == 200, page.text
    fields = hidden_fields(page.text) | {"username": "dr-yusuf", "password": PASSWORD}
    fields["decision"] = "allow"
    for origin in ("https://evil.test", "null"):
        cross = await browser.post("/oauth/authorize", data=fields, headers={"origin": origin})
        assert cross.status_code == 403 and "location" not in cross.headers, cross.text
    async with httpx.AsyncClient(base_url=deployment.base) as attacker:
        planted = {"cookie": f"{CSRF_COOKIE}={fields['csrf_token']}", **same_origin(attacker)}
        forged = await attacker.post("/oauth/authorize", data=fields, headers=planted)
        assert forged.status_code == 400 and "location" not in forged.headers, forged.text
    allowed = await browser.post("/oauth/authorize", data=fields, headers=same_origin(browser))
    assert allowed.status_code == 302 and "code=" in allowed.headers["location"], allowed.text


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


async def test_openid_connect_login_as_a_frontend_does(
    deployment: Deployment, browser: httpx.AsyncClient
) -> None:
    """Discovery, PKCE through the login form, the ID token checked against the
    JWKS, userinfo, and logout ending the sign-in on every worker."""
    discovery = httpx.get(get_well_known_url(deployment.base, external=True)).json()
    OpenIDProviderMetadata(discovery).validate()
    assert discovery["issuer"] == deployment.base
    async with AsyncOAuth2Client(
        deployment.spa, redirect_uri=REDIRECT_URI, scope="openid profile cases:read actors:read",
        code_challenge_method="S256", token_endpoint_auth_method="none",
    ) as client:  # fmt: skip
        verifier, nonce = pkce()[0], "nonce-" + pkce()[0][:16]
        url, state = client.create_authorization_url(
            discovery["authorization_endpoint"], code_verifier=verifier, nonce=nonce
        )
        callback = await log_in(browser, url)
        token = await client.fetch_token(
            discovery["token_endpoint"], authorization_response=callback,
            code_verifier=verifier, state=state,
        )  # fmt: skip
        keys = KeySet.import_key_set(httpx.get(discovery["jwks_uri"]).json())
        decoded = jwt.decode(token["id_token"], keys, algorithms=["RS256"])
        claims = CodeIDToken(
            decoded.claims, decoded.header,
            options={"iss": {"essential": True, "value": discovery["issuer"]},
                     "aud": {"essential": True, "value": deployment.spa}},
            params={"nonce": nonce, "access_token": token["access_token"]},
        )  # fmt: skip
        claims.validate(leeway=30)
        assert claims["sub"] == deployment.clinician_id and claims["name"] == "Dr. Yusuf"
        assert claims["stakeholder_type"] == "CLINICIAN"
        info = (await client.get(discovery["userinfo_endpoint"])).json()
        assert info == {
            "sub": claims["sub"], "name": "Dr. Yusuf", "stakeholder_type": "CLINICIAN",
            "actor_id": deployment.clinician_id,
        }  # fmt: skip
        status, body = await viewer(client, deployment.base)
        assert status == 200 and body["data"]["viewer"]["actor"]["id"] == deployment.clinician_id

        logout = await browser.get(
            discovery["end_session_endpoint"],
            params={"id_token_hint": token["id_token"], "post_logout_redirect_uri": POST_LOGOUT_URI,
                    "state": "bye"},
        )  # fmt: skip
        assert logout.status_code == 302
        assert logout.headers["location"] == f"{POST_LOGOUT_URI}?state=bye"
        for _ in range(4):  # both workers refuse the sign-in's tokens now
            assert (await viewer(browser, "", token["access_token"]))[0] == 401
        with pytest.raises(OAuthError) as refused:
            await client.refresh_token(
                discovery["token_endpoint"], refresh_token=token["refresh_token"]
            )
        assert refused.value.error == "invalid_grant"


def node_client() -> tuple[str, Path]:
    """node, and a folder with openid-client installed from the committed lock
    file (kept in the gitignored .cache/ between runs; a fresh clone, as in CI,
    installs from npm's own cache without asking the registry)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are not installed: the openid-client test needs them")
    manifest = [(NODE_CLIENT / n).read_bytes() for n in ("package.json", "package-lock.json")]
    folder = NODE_CACHE / hashlib.sha256(b"\0".join(manifest)).hexdigest()[:16]
    if not (folder / "node_modules" / "openid-client" / "package.json").exists():
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(NODE_CLIENT / name, folder / name)
        done = subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"],
            cwd=folder, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, f"npm ci failed:\n{done.stderr}"
    shutil.copy(NODE_CLIENT / "oidc_login.mjs", folder / "oidc_login.mjs")
    return node, folder


def test_openid_client_for_node_signs_in(deployment: Deployment) -> None:
    """openid-client (the certified OpenID Connect library for JavaScript) as a
    frontend uses it: discovery, PKCE, the login form, the ID token verified
    against the JWKS, userinfo, the API, and RP-initiated logout."""
    node, folder = node_client()
    env = {
        **os.environ, "VOCREHAB_BASE": deployment.base, "CLIENT_ID": deployment.spa,
        "REDIRECT_URI": REDIRECT_URI, "POST_LOGOUT_URI": POST_LOGOUT_URI,
        "USERNAME": "dr-yusuf", "PASSWORD": PASSWORD,
    }  # fmt: skip
    done = subprocess.run(
        [node, "oidc_login.mjs"], cwd=folder, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["scope"] == "actors:read cases:read openid profile"
    claims = seen["claims"]
    assert claims["iss"] == deployment.base and claims["aud"] == deployment.spa
    assert claims["sub"] == deployment.clinician_id and claims["name"] == "Dr. Yusuf"
    assert seen["userinfo"] == {
        "sub": deployment.clinician_id, "name": "Dr. Yusuf", "stakeholder_type": "CLINICIAN",
        "actor_id": deployment.clinician_id,
    }  # fmt: skip
    assert seen["viewer"] == {
        "stakeholderType": "CLINICIAN", "actor": {"id": deployment.clinician_id}
    }  # fmt: skip
    assert seen["logout"] == {"status": 302, "location": f"{POST_LOGOUT_URI}?state=bye"}
    assert seen["refreshAfterLogout"] == "invalid_grant"

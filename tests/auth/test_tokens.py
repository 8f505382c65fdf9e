"""Bearer tokens: only the platform's own, unexpired, correctly addressed access
tokens get in; everything else is 401 UNAUTHENTICATED before GraphQL runs."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey
from oauth_support import OAuthWorld
from pydantic import ValidationError
from support import Api, admin, settings

from vocrehab.app import create_app
from vocrehab.config import Settings
from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost

VIEWER = "{ viewer { stakeholderType clientId scopes } }"


def _claims(api: Api, **overrides: Any) -> dict[str, Any]:
    now = int(api.clock.now().timestamp())
    s = api.app.state.services.settings
    claims = {
        "iss": s.token_issuer, "aud": s.audience, "sub": "admin", "client_id": "test",
        "scope": "cases:read", "stakeholder_type": "ADMIN", "iat": now, "exp": now + 600,
        "jti": "j1",
    }  # fmt: skip
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _signed(api: Api, claims: dict[str, Any], key: Any = None, **header: Any) -> str:
    signing = api.app.state.services.keys.signing_key()
    key = key or signing
    head = {"alg": "RS256", "typ": "at+jwt", "kid": signing.kid, **header}
    return jwt.encode(head, claims, key)


async def _status(api: Api, token: str | None) -> tuple[int, dict[str, Any], str | None]:
    headers = {"authorization": f"Bearer {token}"} if token is not None else {}
    response = await api.client.post("/graphql", json={"query": VIEWER}, headers=headers)
    return response.status_code, response.json(), response.headers.get("www-authenticate")


async def test_a_valid_token_identifies_the_viewer(api: Api) -> None:
    result = await api.query(admin(), VIEWER)
    assert result.data["viewer"]["stakeholderType"] == "ADMIN"
    assert result.data["viewer"]["clientId"] == "test"


def _reason(body: dict[str, Any]) -> str:
    extensions = body["errors"][0]["extensions"]
    assert extensions["code"] == "UNAUTHENTICATED"
    return str(extensions["reason"])


async def test_no_token_is_unauthenticated_with_a_challenge(api: Api) -> None:
    status, body, challenge = await _status(api, None)
    assert status == 401
    assert _reason(body) == "missing"
    assert challenge == 'Bearer realm="vocrehab"'


async def test_a_non_bearer_authorization_is_refused(api: Api) -> None:
    response = await api.client.post(
        "/graphql", json={"query": VIEWER}, headers={"authorization": "Basic YWxhZGRpbjpvcGVu"}
    )
    assert response.status_code == 401
    assert _reason(response.json()) == "missing"


def _none_token(claims: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'at+jwt'})}.{part(claims)}."


@pytest.mark.parametrize(
    "case",
    [
        "expired", "wrong_audience", "wrong_issuer", "alg_none", "foreign_key", "hmac_with_public_key",
        "not_an_access_token", "missing_client_id", "missing_jti", "participant_without_id",
        "unknown_stakeholder", "garbage",
    ],
)  # fmt: skip
async def test_bad_tokens_are_unauthenticated(api: Api, case: str) -> None:
    claims = _claims(api)
    token = {
        "expired": lambda: _signed(api, _claims(api, exp=claims["iat"] - 120)),
        "wrong_audience": lambda: _signed(api, _claims(api, aud="someone-else")),
        "wrong_issuer": lambda: _signed(api, _claims(api, iss="https://evil.example")),
        "alg_none": lambda: _none_token(claims),
        "foreign_key": lambda: _signed(
            api, claims, RSAKey.generate_key(2048, parameters={"kid": "x"}, private=True)
        ),
        "hmac_with_public_key": lambda: jwt.encode(
            {"alg": "HS256", "typ": "at+jwt"},
            claims,
            OctKey.import_key(json.dumps(api.app.state.services.keys.jwks(api.clock.now()))),
        ),
        "not_an_access_token": lambda: _signed(api, claims, typ="JWT"),
        "missing_client_id": lambda: _signed(api, _claims(api, client_id=None)),
        "missing_jti": lambda: _signed(api, _claims(api, jti=None)),
        "participant_without_id": lambda: _signed(
            api, _claims(api, stakeholder_type="PARTICIPANT")
        ),
        "unknown_stakeholder": lambda: _signed(api, _claims(api, stakeholder_type="KING")),
        "garbage": lambda: "not.a.token",
    }[case]()
    status, body, challenge = await _status(api, token)
    assert status == 401, body
    assert _reason(body) == ("expired" if case == "expired" else "invalid")
    assert challenge is not None and 'error="invalid_token"' in challenge


async def test_a_token_expires_with_the_clock(api: Api, clock: Clock) -> None:
    token = api.token(admin(), ttl=timedelta(minutes=5))
    assert (await _status(api, token))[0] == 200
    clock.advance(timedelta(minutes=6))
    status, body, _ = await _status(api, token)
    assert status == 401 and _reason(body) == "expired"
    assert body["errors"][0]["message"] == "token expired"


async def test_a_revoked_token_says_revoked(api: Api, oauth: OAuthWorld) -> None:
    machine = (oauth.machine_id, oauth.machine_secret)
    issued = await api.client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=machine
    )
    token = issued.json()["access_token"]
    assert (await _status(api, token))[0] == 200
    revoked = await api.client.post("/oauth/revoke", data={"token": token}, auth=machine)
    assert revoked.status_code == 200
    status, body, _ = await _status(api, token)
    assert status == 401 and _reason(body) == "revoked"


@pytest.mark.parametrize(
    ("leeway", "expired_for", "accepted"),
    [(None, 20, True), (None, 40, False), (0, 5, False), (120, 100, True), (120, 130, False)],
)
async def test_the_leeway_is_a_setting(
    db: Database, host: PluginHost, clock: Clock,
    leeway: int | None, expired_for: int, accepted: bool,
) -> None:  # fmt: skip
    """`None` is the documented default (30 s)."""
    overrides = {} if leeway is None else {"token_leeway_seconds": leeway}
    app = create_app(settings(**overrides), host=host, clock=clock, database=db)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://vocrehab.test") as c:
            api = Api(app, c, clock)
            token = api.token(admin(), ttl=timedelta(minutes=5))
            clock.advance(timedelta(minutes=5, seconds=expired_for))
            status, body, _ = await _status(api, token)
    assert (status == 200) is accepted, body
    if not accepted:
        assert _reason(body) == "expired"


def test_the_leeway_is_bounded() -> None:
    assert Settings().token_leeway_seconds == 30
    for bad in (-1, 301):
        with pytest.raises(ValidationError):
            settings(token_leeway_seconds=bad)


async def test_graphiql_health_and_jwks_need_no_token(api: Api) -> None:
    page = await api.client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    health = await api.client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    jwks = (await api.client.get("/.well-known/jwks.json")).json()
    signing = api.app.state.services.keys.signing_key()
    assert [k["kid"] for k in jwks["keys"]] == [signing.kid]
    assert all("d" not in k for k in jwks["keys"]), "private key material in the JWKS"


async def test_every_response_carries_a_request_id(api: Api) -> None:
    response = await api.client.get("/healthz")
    assert len(response.headers["x-request-id"]) == 32

"""Bearer tokens: only the platform's own, unexpired, correctly addressed access
tokens get in; everything else is 401 UNAUTHENTICATED before GraphQL runs."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey
from support import Api, admin

from vocrehab.core.clock import Clock

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


async def test_no_token_is_unauthenticated_with_a_challenge(api: Api) -> None:
    status, body, challenge = await _status(api, None)
    assert status == 401
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert challenge == 'Bearer realm="vocrehab"'


async def test_a_non_bearer_authorization_is_refused(api: Api) -> None:
    response = await api.client.post(
        "/graphql", json={"query": VIEWER}, headers={"authorization": "Basic YWxhZGRpbjpvcGVu"}
    )
    assert response.status_code == 401


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
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert challenge is not None and 'error="invalid_token"' in challenge


async def test_a_token_expires_with_the_clock(api: Api, clock: Clock) -> None:
    token = api.token(admin(), ttl=timedelta(minutes=5))
    assert (await _status(api, token))[0] == 200
    clock.advance(timedelta(minutes=6))
    assert (await _status(api, token))[0] == 401


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

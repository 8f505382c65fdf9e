"""Trusted external issuers: a test identity provider's tokens are accepted,
mapped to the right Principal and capped; anything else is refused."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey
from oauth_support import call_api
from support import Api, World, gid, settings

from vocrehab.auth.external import ExternalIssuerValidator
from vocrehab.auth.tokens import Unauthenticated
from vocrehab.config import TrustedIssuer
from vocrehab.core.clock import Clock
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import StakeholderType as R

IDP = "https://idp.test/realms/rehab"
CLAIMS = {
    "stakeholder_type": "vocrehab.role",
    "actor_id": "vocrehab.actor",
    "participant_id": "vocrehab.participant",
    "client_id": "azp",
}


@pytest.fixture(scope="session")
def idp_key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": "idp-1", "alg": "RS256"}, private=True)


@pytest.fixture
async def idp_api(
    db: Database, host: PluginHost, clock: Clock, tmp_path: Path, idp_key: RSAKey
) -> AsyncIterator[Api]:
    from vocrehab.app import create_app

    jwks = tmp_path / "idp-jwks.json"
    jwks.write_text(json.dumps({"keys": [idp_key.as_dict(private=False)]}))
    trusted = [
        {"issuer": IDP, "jwks_file": str(jwks), "audience": "vocrehab-test", "claims": CLAIMS}
    ]
    app = create_app(settings(trusted_issuers=trusted), host=host, clock=clock, database=db)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="https://vocrehab.test"
        ) as client:
            yield Api(app, client, clock)


def idp_token(key: Any, clock: Clock, *, alg: str = "RS256", **claims: Any) -> str:
    now = int(clock.now().timestamp())
    body = {
        "iss": IDP, "aud": "vocrehab-test", "sub": "f2c1-user", "iat": now, "exp": now + 300,
        "azp": "keycloak-frontend",
        "scope": "openid profile cases:read medical:read actors:read actors:write",
    }  # fmt: skip
    body.update(claims)
    return jwt.encode(
        {"alg": alg, "kid": "idp-1", "typ": "JWT"},
        {k: v for k, v in body.items() if v is not None},
        key,
    )


async def test_a_trusted_issuers_token_is_mapped_and_capped(
    idp_api: Api, world: World, idp_key: RSAKey, clock: Clock
) -> None:
    clinician = await world.actor(R.CLINICIAN, "Dr. Holm")
    token = idp_token(idp_key, clock, vocrehab={"role": "clinician", "actor": gid(clinician)})
    status, body = await call_api(idp_api.client, token)
    assert status == 200, body
    viewer = body["data"]["viewer"]
    assert viewer["stakeholderType"] == "CLINICIAN" and viewer["clientId"] == "keycloak-frontend"
    assert viewer["actor"]["id"] == gid(clinician)
    assert viewer["scopes"] == ["actors:read", "cases:read", "medical:read"], (
        "actors:write is beyond a clinician"
    )


async def test_a_participant_mapped_by_plain_uuid(
    idp_api: Api, world: World, idp_key: RSAKey, clock: Clock
) -> None:
    person = await world.participant("Eva", "Lund")
    claims = {"role": "PARTICIPANT", "participant": str(person.id)}
    token = idp_token(
        idp_key, clock, vocrehab=claims, scope=["cases:read", "consents:write", "participants:read"]
    )
    response = await idp_api.client.post(
        "/graphql",
        json={"query": "{ viewer { stakeholderType scopes participant { id } } }"},
        headers={"authorization": f"Bearer {token}"},
    )
    viewer = response.json()["data"]["viewer"]
    assert viewer["participant"]["id"] == gid(person)
    assert viewer["scopes"] == ["cases:read", "consents:write", "participants:read"]


def _none_token(claims: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


async def test_refused_external_tokens(
    idp_api: Api, world: World, idp_key: RSAKey, clock: Clock
) -> None:
    """Each refused with 401 UNAUTHENTICATED, whatever it claims."""
    clinician = await world.actor(R.CLINICIAN)
    mapped: dict[str, Any] = {"vocrehab": {"role": "CLINICIAN", "actor": gid(clinician)}}
    now = int(clock.now().timestamp())
    other_key = RSAKey.generate_key(2048, parameters={"kid": "idp-1"}, private=True)
    public_as_secret = OctKey.import_key(json.dumps(idp_key.as_dict(private=False)))
    tokens = {
        "untrusted issuer": idp_token(idp_key, clock, iss="https://elsewhere.test", **mapped),
        "alg none": _none_token({"iss": IDP, "aud": "vocrehab-test", "sub": "x", "exp": now + 60, **mapped}),
        "hmac with the public key": idp_token(public_as_secret, clock, alg="HS256", **mapped),
        "wrong audience": idp_token(idp_key, clock, aud="someone-else", **mapped),
        "expired": idp_token(idp_key, clock, exp=now - 120, **mapped),
        "signed by another key": idp_token(other_key, clock, **mapped),
        "no actor": idp_token(idp_key, clock, vocrehab={"role": "CLINICIAN"}),
        "unknown role": idp_token(idp_key, clock, vocrehab={"role": "KING", "actor": gid(clinician)}),
        "participant without id": idp_token(idp_key, clock, vocrehab={"role": "PARTICIPANT"}),
    }  # fmt: skip
    for case, token in tokens.items():
        status, body = await call_api(idp_api.client, token)
        assert status == 401, (case, body)
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", case
    valid = idp_token(idp_key, clock, **mapped)
    assert (await call_api(idp_api.client, valid))[0] == 200, "the same setup, valid, is accepted"


# ---------------------------------------------------------------------- keys over HTTP


class Idp:
    """A JWKS endpoint on an httpx mock transport, counting fetches."""

    def __init__(self, *keys: RSAKey) -> None:
        self.keys = list(keys)
        self.fetches = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        assert request.url == httpx.URL("https://idp.test/certs")
        self.fetches += 1
        return httpx.Response(200, json={"keys": [k.as_dict(private=False) for k in self.keys]})


async def test_keys_come_from_the_jwks_url_and_are_cached(idp_key: RSAKey, clock: Clock) -> None:
    idp = Idp(idp_key)
    config = TrustedIssuer(
        issuer=IDP, jwks_url="https://idp.test/certs", audience="vocrehab-test",
        default_stakeholder_type=R.EMPLOYER, claims={"actor_id": "employer_actor"},  # type: ignore[arg-type]
    )  # fmt: skip
    seconds = [0.0]
    validator = ExternalIssuerValidator(
        config, transport=httpx.MockTransport(idp.handle), timer=lambda: seconds[0]
    )
    actor = "ACT_AZpBx0nMf0eM2QjzWnDg8Q"
    for _ in range(3):
        principal = await validator.validate(
            idp_token(idp_key, clock, employer_actor=actor), clock.now()
        )
    assert idp.fetches == 1
    assert principal.stakeholder_type is R.EMPLOYER and principal.subject == "f2c1-user"
    assert principal.scopes == frozenset({"actors:read", "cases:read"}), (
        "employers never hold medical:read"
    )
    assert principal.extra == {"issuer": IDP}

    def signed_by(key: RSAKey) -> str:
        claims: dict[str, Any] = {"iss": IDP, "aud": "vocrehab-test", "sub": "s"}
        claims["employer_actor"] = actor
        claims["exp"] = int(clock.now().timestamp()) + 60
        return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)

    rotated = RSAKey.generate_key(2048, parameters={"kid": "idp-2"}, private=True)
    idp.keys.append(rotated)
    with pytest.raises(Unauthenticated):
        await validator.validate(signed_by(rotated), clock.now())
    assert idp.fetches == 1, "an unknown key id re-reads the set at most every 30 s"
    seconds[0] += 31
    assert (await validator.validate(signed_by(rotated), clock.now())).subject == "s"
    assert idp.fetches == 2
    forged = RSAKey.generate_key(2048, parameters={"kid": "idp-1"}, private=True)
    with pytest.raises(Unauthenticated):
        await validator.validate(signed_by(forged), clock.now())
    assert idp.fetches == 2, "a bad signature with a known key id fetches nothing"
    seconds[0] += 301
    await validator.validate(signed_by(idp_key), clock.now())
    assert idp.fetches == 3, "the set is re-read when it is five minutes old"


def test_the_configuration_refuses_symmetric_algorithms_and_needs_one_key_source() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        TrustedIssuer(issuer=IDP, jwks_url="https://x", audience="a", algorithms=["HS256"])
    with pytest.raises(ValidationError):
        TrustedIssuer(issuer=IDP, audience="a")

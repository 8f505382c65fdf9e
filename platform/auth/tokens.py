"""Access tokens: JWTs in the RFC 9068 profile, signed with the platform's key.

Claims (AUTHZ.md): iss, aud, sub, client_id, scope, stakeholder_type,
actor_id, participant_id (participants only), iat, exp, jti. Actor and
participant ids are the API's global IDs.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from joserfc import jwt
from joserfc.errors import JoseError

from vocrehab.auth.keys import ALGORITHM, KeyStore
from vocrehab.core.ids import InvalidGlobalId, decode_global_id, encode_global_id
from vocrehab.core.principal import Principal
from vocrehab.hooks.vocabulary import StakeholderType

__all__ = ["TokenRequest", "TokenValidator", "Unauthenticated", "issue_access_token"]

TOKEN_TYPE = "at+jwt"
LEEWAY_SECONDS = 30


class Unauthenticated(Exception):
    """No valid bearer token: the reason is safe to show the client."""


@dataclass(frozen=True)
class TokenRequest:
    subject: str
    client_id: str
    stakeholder_type: StakeholderType
    scopes: Iterable[str]
    actor_id: uuid.UUID | None = None
    participant_id: uuid.UUID | None = None
    ttl: timedelta = timedelta(minutes=15)


def issue_access_token(
    keys: KeyStore, issuer: str, audience: str, request: TokenRequest, now: datetime
) -> str:
    key = keys.signing_key()
    claims: dict[str, object] = {
        "iss": issuer,
        "aud": audience,
        "sub": request.subject,
        "client_id": request.client_id,
        "scope": " ".join(sorted(set(request.scopes))),
        "stakeholder_type": request.stakeholder_type.value,
        "iat": int(now.timestamp()),
        "exp": int((now + request.ttl).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    if request.actor_id is not None:
        claims["actor_id"] = encode_global_id("Actor", request.actor_id)
    if request.participant_id is not None:
        claims["participant_id"] = encode_global_id("Participant", request.participant_id)
    header = {"alg": ALGORITHM, "typ": TOKEN_TYPE, "kid": key.kid}
    return jwt.encode(header, claims, key)


class TokenValidator:
    def __init__(self, keys: KeyStore, issuer: str, audience: str) -> None:
        self.keys = keys
        self.issuer = issuer
        self.audience = audience

    def _registry(self, now: datetime) -> jwt.JWTClaimsRegistry:
        return jwt.JWTClaimsRegistry(
            now=int(now.timestamp()),
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": self.audience},
            exp={"essential": True},
            iat={"essential": True},
            sub={"essential": True},
            jti={"essential": True},
            client_id={"essential": True},
        )

    async def validate(self, token: str, now: datetime) -> Principal:
        await self.keys.refresh()
        try:
            decoded = jwt.decode(token, self.keys.public_keys(now), algorithms=[ALGORITHM])
        except JoseError as exc:
            kid = _unverified_kid(token)
            if kid and not self.keys.knows(kid):
                await self.keys.refresh(unknown_kid=True)
                if self.keys.knows(kid):
                    return await self.validate(token, now)
            raise Unauthenticated(f"invalid token ({exc.error})") from None
        if decoded.header.get("typ", "").lower() not in {TOKEN_TYPE, "application/at+jwt"}:
            raise Unauthenticated("not an access token (typ must be at+jwt)")
        try:
            self._registry(now).validate(decoded.claims)
        except JoseError as exc:
            raise Unauthenticated(f"invalid token ({exc.error}: {exc.description})") from None
        return principal_from_claims(decoded.claims)


def principal_from_claims(claims: dict[str, object]) -> Principal:
    try:
        stakeholder = StakeholderType(str(claims.get("stakeholder_type")))
        actor_id = _claim_id(claims, "actor_id", "Actor")
        participant_id = _claim_id(claims, "participant_id", "Participant")
    except (ValueError, InvalidGlobalId):
        raise Unauthenticated("invalid token (stakeholder claims)") from None
    if stakeholder is StakeholderType.PARTICIPANT and participant_id is None:
        raise Unauthenticated("invalid token (a participant token needs participant_id)")
    if stakeholder is not StakeholderType.PARTICIPANT and participant_id is not None:
        raise Unauthenticated("invalid token (participant_id on a non-participant token)")
    scope = claims.get("scope", "")
    return Principal(
        subject=str(claims["sub"]),
        client_id=str(claims["client_id"]),
        stakeholder_type=stakeholder,
        scopes=frozenset(str(scope).split()),
        actor_id=actor_id,
        participant_id=participant_id,
        token_id=str(claims.get("jti")),
    )


def _claim_id(claims: dict[str, object], name: str, type_name: str) -> uuid.UUID | None:
    value = claims.get(name)
    if value is None:
        return None
    return decode_global_id(str(value), type_name)[1]


def _unverified_kid(token: str) -> str | None:
    from joserfc.jws import extract_compact

    try:
        return extract_compact(token.encode()).protected.get("kid")
    except (JoseError, ValueError):
        return None

"""Access tokens: JWTs in the RFC 9068 profile, signed with the platform's key.

Claims (AUTHZ.md): iss, aud, sub, client_id, scope, stakeholder_type,
actor_id, participant_id (participants only), iat, exp, jti. Actor and
participant ids are the API's global IDs.
"""

from __future__ import annotations

import json
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jws import extract_compact

from vocrehab.auth.keys import ALGORITHM, KeyStore
from vocrehab.core.errors import Reason, Unauthenticated
from vocrehab.core.principal import Principal
from vocrehab.hooks.vocabulary import StakeholderType
from vocrehab.ids import InvalidGlobalId, decode_global_id, encode_global_id

__all__ = [
    "DEFAULT_LEEWAY_SECONDS",
    "Denylist",
    "ExternalIssuer",
    "Reason",
    "TokenRequest",
    "TokenValidator",
    "Unauthenticated",
    "issue_access_token",
]

TOKEN_TYPE = "at+jwt"
DEFAULT_LEEWAY_SECONDS = 30
"""Clock skew tolerated on `exp`, `iat` and `nbf` (VOCREHAB_TOKEN_LEEWAY_SECONDS)."""


@dataclass(frozen=True)
class TokenRequest:
    subject: str
    client_id: str
    stakeholder_type: StakeholderType
    scopes: Iterable[str]
    actor_id: uuid.UUID | None = None
    participant_id: uuid.UUID | None = None
    ttl: timedelta = timedelta(minutes=15)
    token_id: str | None = None
    """The `jti`; a fresh one when None (the authorization server records its own)."""


class Denylist(Protocol):
    """Revoked access tokens (RFC 7009), by `jti`."""

    async def is_revoked(self, token_id: str) -> bool: ...


class ExternalIssuer(Protocol):
    """A trusted identity provider: validates its own tokens into a Principal."""

    issuer: str

    async def validate(self, token: str, now: datetime) -> Principal: ...


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
        "jti": request.token_id or uuid.uuid4().hex,
    }
    if request.actor_id is not None:
        claims["actor_id"] = encode_global_id("Actor", request.actor_id)
    if request.participant_id is not None:
        claims["participant_id"] = encode_global_id("Participant", request.participant_id)
    header = {"alg": ALGORITHM, "typ": TOKEN_TYPE, "kid": key.kid}
    return jwt.encode(header, claims, key)


VERIFIED_TOKENS = 10_000
"""How many verified tokens a validator remembers (about 1 kB each)."""


class TokenValidator:
    """The platform's own tokens (checked against the denylist when one is given),
    and tokens of trusted external issuers, picked by `iss`; any other issuer is refused."""

    def __init__(
        self,
        keys: KeyStore,
        issuer: str,
        audience: str,
        *,
        denylist: Denylist | None = None,
        trusted: Iterable[ExternalIssuer] = (),
        leeway: int = DEFAULT_LEEWAY_SECONDS,
    ) -> None:
        self.keys = keys
        self.leeway = leeway
        self.issuer = issuer
        self.audience = audience
        self.denylist = denylist
        self.trusted = {external.issuer: external for external in trusted}
        self._verified: OrderedDict[str, tuple[str | None, dict[str, object], Principal]] = (
            OrderedDict()
        )
        """Tokens whose signature and header were checked: (kid, claims, principal), most recent
        last. A frontend sends the same token with every request for its lifetime; the
        signature need not be checked again while its key still validates, and the
        claims (expiry first) are checked on every use all the same."""

    def _registry(self, now: datetime) -> jwt.JWTClaimsRegistry:
        return jwt.JWTClaimsRegistry(
            now=int(now.timestamp()),
            leeway=self.leeway,
            iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": self.audience},
            exp={"essential": True},
            iat={"essential": True},
            sub={"essential": True},
            jti={"essential": True},
            client_id={"essential": True},
        )

    async def validate(self, token: str, now: datetime) -> Principal:
        """Everything: signature, claims, issuer, key, and the denylist (its own query)."""
        principal, own = await self.verify(token, now)
        if (
            own
            and self.denylist is not None
            and await self.denylist.is_revoked(str(principal.token_id))
        ):
            raise Unauthenticated("token revoked", "revoked")
        return principal

    async def verify(self, token: str, now: datetime) -> tuple[Principal, bool]:
        """The token's principal, checked without the database: signature, claims,
        issuer, key. The second value says whether the platform issued it (then the
        caller checks its `jti` against the revoked tokens, in its own transaction)."""
        if token in self._verified:  # one of the platform's own, verified before
            return await self._validate_own(token, now), True
        issuer = _unverified_issuer(token)
        if issuer is not None and issuer != self.issuer:
            external = self.trusted.get(issuer)
            if external is None:
                raise Unauthenticated("invalid token (untrusted issuer)")
            return await external.validate(token, now), False
        return await self._validate_own(token, now), True

    async def _validate_own(self, token: str, now: datetime) -> Principal:
        await self.keys.refresh()
        seen = self._verified.get(token)
        if seen is not None and self.keys.validates(seen[0], now):
            self._verified.move_to_end(token)
            self._check_claims(seen[1], now)  # expiry and the rest, as of now
            return seen[2]
        try:
            decoded = jwt.decode(token, self.keys.public_keys(now), algorithms=[ALGORITHM])
        except JoseError as exc:
            kid = unverified_kid(token)
            if kid and not self.keys.knows(kid):
                await self.keys.refresh(unknown_kid=True)
                if self.keys.knows(kid):
                    return await self._validate_own(token, now)
            raise Unauthenticated(f"invalid token ({exc.error})") from None
        if decoded.header.get("typ", "").lower() not in {TOKEN_TYPE, "application/at+jwt"}:
            raise Unauthenticated("not an access token (typ must be at+jwt)")
        principal = self._principal(decoded.claims, now)
        self._verified[token] = (decoded.header.get("kid"), decoded.claims, principal)
        if len(self._verified) > VERIFIED_TOKENS:
            self._verified.popitem(last=False)
        return principal

    def _principal(self, claims: dict[str, object], now: datetime) -> Principal:
        self._check_claims(claims, now)
        return principal_from_claims(claims)

    def _check_claims(self, claims: dict[str, object], now: datetime) -> None:
        try:
            self._registry(now).validate(claims)
        except ExpiredTokenError:
            raise Unauthenticated("token expired", "expired") from None
        except JoseError as exc:
            raise Unauthenticated(f"invalid token ({exc.error}: {exc.description})") from None


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
        expires_at=expiry_of(claims),
    )


def expiry_of(claims: dict[str, object]) -> datetime | None:
    exp = claims.get("exp")
    return datetime.fromtimestamp(exp, UTC) if isinstance(exp, int | float) else None


def _claim_id(claims: dict[str, object], name: str, type_name: str) -> uuid.UUID | None:
    value = claims.get(name)
    if value is None:
        return None
    return decode_global_id(str(value), type_name)[1]


def unverified_kid(token: str) -> str | None:
    try:
        return extract_compact(token.encode()).protected.get("kid")
    except (JoseError, ValueError):
        return None


def _unverified_issuer(token: str) -> str | None:
    """Only to pick the key set: the signature is checked with that set afterwards."""
    try:
        claims = json.loads(extract_compact(token.encode()).payload)
    except (JoseError, ValueError, UnicodeDecodeError):
        return None
    issuer = claims.get("iss") if isinstance(claims, dict) else None
    return issuer if isinstance(issuer, str) else None

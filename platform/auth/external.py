"""Trusted external issuers: access tokens from a national eID broker or a
deployment's own Keycloak, accepted next to the platform's own.

Each issuer is configured (`VOCREHAB_TRUSTED_ISSUERS`) with its key set (a
JWKS URL, fetched with httpx and cached, or a file), the audience its tokens
must carry and which claims say the stakeholder type, the actor, the
participant and the scopes. Scopes are capped at what the mapped stakeholder
type may ever hold; only asymmetric signatures are accepted.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import KeySet

from vocrehab.auth.tokens import (
    DEFAULT_LEEWAY_SECONDS,
    Unauthenticated,
    expiry_of,
    unverified_kid,
)
from vocrehab.config import Settings, TrustedIssuer
from vocrehab.core.policy import MAX_SCOPES
from vocrehab.core.principal import Principal
from vocrehab.hooks.vocabulary import StakeholderType
from vocrehab.ids import InvalidGlobalId, decode_global_id

__all__ = ["ExternalIssuerValidator", "trusted_issuers"]

log = logging.getLogger("vocrehab.auth")
JWKS_MAX_AGE = 300.0
UNKNOWN_KID_REFRESH = 30.0  # a token naming an unknown key re-reads the set at most this often


class _KeySource:
    """The issuer's public keys, cached; re-read when old or when a token names a new key."""

    def __init__(
        self,
        config: TrustedIssuer,
        transport: httpx.AsyncBaseTransport | None,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self.transport = transport
        self.timer = timer
        self.keys: KeySet | None = None
        self.loaded_at = float("-inf")
        self._lock = asyncio.Lock()

    async def get(self, *, unknown_kid: bool = False) -> KeySet:
        # Without a set (the IdP was down) retry no more often than for an unknown key.
        quick = unknown_kid or self.keys is None
        limit = UNKNOWN_KID_REFRESH if quick else JWKS_MAX_AGE
        if self.timer() - self.loaded_at >= limit:
            async with self._lock:  # one fetch, however many requests wait for it
                if self.timer() - self.loaded_at >= limit:
                    await self._load()
        if self.keys is None:
            raise Unauthenticated("invalid token (issuer keys unavailable)")
        return self.keys

    async def _load(self) -> None:
        try:
            self.keys = KeySet.import_key_set(await self._fetch())
        except (httpx.HTTPError, OSError, ValueError, JoseError) as exc:
            # Keep the last good set; a broken IdP must not lock every user out at once.
            log.error("cannot load keys of %s: %s", self.config.issuer, type(exc).__name__)
        self.loaded_at = self.timer()

    async def _fetch(self) -> Any:
        if self.config.jwks_file is not None:
            text = await asyncio.to_thread(Path(self.config.jwks_file).read_text)
            return json.loads(text)
        assert self.config.jwks_url is not None
        async with httpx.AsyncClient(transport=self.transport, timeout=5) as client:
            response = await client.get(self.config.jwks_url)
            response.raise_for_status()
            return response.json()


class ExternalIssuerValidator:
    def __init__(
        self,
        config: TrustedIssuer,
        transport: httpx.AsyncBaseTransport | None = None,
        timer: Callable[[], float] = time.monotonic,
        leeway: int = DEFAULT_LEEWAY_SECONDS,
    ) -> None:
        self.config = config
        self.issuer = config.issuer
        self.leeway = leeway
        self._keys = _KeySource(config, transport, timer)

    async def validate(self, token: str, now: datetime) -> Principal:
        claims = await self._verified_claims(token, now)
        return self._principal(claims)

    async def _verified_claims(self, token: str, now: datetime) -> dict[str, Any]:
        keys = await self._keys.get()
        kid = unverified_kid(token)
        if kid is not None and not _has_kid(keys, kid):
            keys = await self._keys.get(unknown_kid=True)  # the issuer may have rotated
        try:
            decoded = jwt.decode(token, keys, algorithms=self.config.algorithms)
        except JoseError as exc:
            raise Unauthenticated(f"invalid token ({exc.error})") from None
        registry = jwt.JWTClaimsRegistry(
            now=int(now.timestamp()),
            leeway=self.leeway,
            iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": self.config.audience},
            exp={"essential": True},
            sub={"essential": True},
        )
        try:
            registry.validate(decoded.claims)
        except ExpiredTokenError:
            raise Unauthenticated("token expired", "expired") from None
        except JoseError as exc:
            raise Unauthenticated(f"invalid token ({exc.error}: {exc.description})") from None
        return decoded.claims

    def _principal(self, claims: dict[str, Any]) -> Principal:
        names = self.config.claims
        stakeholder = self._stakeholder_type(_claim(claims, names.stakeholder_type))
        actor_id = _id(_claim(claims, names.actor_id), "Actor")
        participant_id = _id(_claim(claims, names.participant_id), "Participant")
        if (stakeholder is StakeholderType.PARTICIPANT) != (participant_id is not None):
            raise Unauthenticated("invalid token (participant claims)")
        if stakeholder is not StakeholderType.PARTICIPANT and actor_id is None:
            raise Unauthenticated("invalid token (no actor claim)")
        client_id = _claim(claims, names.client_id) or claims.get("azp") or self.issuer
        return Principal(
            subject=str(claims["sub"]),
            client_id=str(client_id),
            stakeholder_type=stakeholder,
            scopes=_scopes(_claim(claims, names.scope)) & MAX_SCOPES[stakeholder],
            actor_id=actor_id,
            participant_id=participant_id,
            token_id=str(claims["jti"]) if "jti" in claims else None,
            expires_at=expiry_of(claims),
            extra={"issuer": self.issuer},
        )

    def _stakeholder_type(self, value: Any) -> StakeholderType:
        if value is None:
            if self.config.default_stakeholder_type is None:
                raise Unauthenticated("invalid token (no stakeholder type)")
            return self.config.default_stakeholder_type
        try:
            return StakeholderType(str(value).upper())
        except ValueError:
            raise Unauthenticated("invalid token (unknown stakeholder type)") from None


def _has_kid(keys: KeySet, kid: str) -> bool:
    return any(key.kid == kid for key in keys)


def _claim(claims: dict[str, Any], path: str) -> Any:
    """`realm_access.roles`-style dotted paths reach into nested objects."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _scopes(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset(value.split())
    if isinstance(value, list):
        return frozenset(str(item) for item in value)
    return frozenset()


def _id(value: Any, type_name: str) -> uuid.UUID | None:
    """A global ID (`ACT_...`) or a plain UUID."""
    if value is None:
        return None
    try:
        return decode_global_id(str(value), type_name)[1]
    except InvalidGlobalId:
        try:
            return uuid.UUID(str(value))
        except ValueError:
            raise Unauthenticated(f"invalid token ({type_name.lower()} claim)") from None


def trusted_issuers(
    settings: Settings, transport: httpx.AsyncBaseTransport | None = None
) -> list[ExternalIssuerValidator]:
    return [
        ExternalIssuerValidator(config, transport, leeway=settings.token_leeway_seconds)
        for config in settings.trusted_issuers
    ]

"""The platform's own signing keys, kept in the database so that every worker
(and every machine) signs and validates with the same set.

The newest key without a retirement time signs. A key being rotated out gets
`retire_at` (now + the longest token lifetime): until then it still validates
tokens it signed; after that it is gone from the JWKS.

The keys also give every worker the same secrets for other purposes (the
login form's CSRF tokens): each is derived from a key's private part with
HKDF, labelled by its purpose, so none of them can be used as another.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from joserfc.jwk import KeySet, RSAKey
from joserfc.util import urlsafe_b64decode

from vocrehab.db import models as m
from vocrehab.db.engine import Database

__all__ = ["ALGORITHM", "KeyStore"]

ALGORITHM = "RS256"  # RFC 9068 §2.1: resource servers must support RS256
REFRESH_SECONDS = 60.0
UNKNOWN_KID_REFRESH_SECONDS = 5.0


def _generate() -> tuple[str, dict[str, Any], dict[str, Any]]:
    kid = uuid.uuid4().hex
    key = RSAKey.generate_key(
        2048, parameters={"kid": kid, "use": "sig", "alg": ALGORITHM}, private=True
    )
    return kid, key.as_dict(private=True), key.as_dict(private=False)


class KeyStore:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._rows: list[m.SigningKey] = []
        self._signing: RSAKey | None = None
        self._public: dict[int, KeySet] = {}
        self._secrets: dict[tuple[str, str], bytes] = {}
        self._loaded_at = 0.0
        self._lock = asyncio.Lock()

    async def ensure_signing_key(self, now: datetime) -> None:
        """Create the first key if there is none (called at start-up)."""
        async with self.database.transaction() as session:
            exists = await session.scalar(
                sa.select(m.SigningKey.kid).where(m.SigningKey.retire_at.is_(None)).limit(1)
            )
            if exists is None:
                kid, private, public = _generate()
                session.add(
                    m.SigningKey(
                        kid=kid,
                        alg=ALGORITHM,
                        private_jwk=private,
                        public_jwk=public,
                        created_at=now,
                    )
                )
        await self.load()

    async def rotate(self, now: datetime, keep_old_for: timedelta) -> str:
        """A new signing key; the current ones keep validating for `keep_old_for`."""
        kid, private, public = _generate()
        async with self.database.transaction() as session:
            await session.execute(
                sa.update(m.SigningKey)
                .where(m.SigningKey.retire_at.is_(None))
                .values(retire_at=now + keep_old_for)
            )
            session.add(
                m.SigningKey(
                    kid=kid, alg=ALGORITHM, private_jwk=private, public_jwk=public, created_at=now
                )
            )
            await session.execute(sa.delete(m.SigningKey).where(m.SigningKey.retire_at < now))
        await self.load()
        return kid

    async def load(self) -> None:
        async with self.database.session() as session:
            rows = await session.scalars(sa.select(m.SigningKey).order_by(m.SigningKey.created_at))
            self._rows = list(rows)
        # Importing an RSA key costs tens of milliseconds: do it once per load, not per token.
        active = [row for row in self._rows if row.retire_at is None]
        self._signing = RSAKey.import_key(active[-1].private_jwk) if active else None
        self._public = {}
        self._loaded_at = time.monotonic()

    async def refresh(self, *, unknown_kid: bool = False) -> None:
        """Reload periodically, and sooner when a token names a key we do not know
        (another worker rotated); throttled so bad tokens cannot hammer the database."""
        age = time.monotonic() - self._loaded_at
        limit = UNKNOWN_KID_REFRESH_SECONDS if unknown_kid else REFRESH_SECONDS
        if age < limit:
            return
        async with self._lock:
            if time.monotonic() - self._loaded_at >= limit:
                await self.load()

    def knows(self, kid: str) -> bool:
        return any(row.kid == kid for row in self._rows)

    def validates(self, kid: str | None, now: datetime) -> bool:
        """Whether the key `kid` still validates tokens at `now` (known, not retired)."""
        return any(
            row.kid == kid and (row.retire_at is None or row.retire_at > now) for row in self._rows
        )

    def signing_key(self) -> RSAKey:
        if self._signing is None:
            raise RuntimeError("no signing key: run `vocrehab db upgrade` or start the server once")
        return self._signing

    def public_keys(self, now: datetime) -> KeySet:
        valid = [row for row in self._rows if row.retire_at is None or row.retire_at > now]
        # Keyed by which keys are valid: the set only changes when a key retires or arrives.
        cache_key = hash(tuple(row.kid for row in valid))
        found = self._public.get(cache_key)
        if found is None:
            found = self._public[cache_key] = KeySet.import_key_set(
                {"keys": [row.public_jwk for row in valid]}
            )
        return found

    def jwks(self, now: datetime) -> dict[str, Any]:
        return dict(self.public_keys(now).as_dict(private=False))

    def derived_secrets(self, purpose: str, now: datetime) -> list[bytes]:
        """32-byte secrets for `purpose`, one per valid key, the signing key's first:
        make with the first, accept any (a rotation does not void what is in flight)."""
        valid = [row for row in self._rows if row.retire_at is None or row.retire_at > now]
        valid.sort(key=lambda row: (row.retire_at is None, row.created_at), reverse=True)
        return [self._derived(row, purpose) for row in valid]

    def _derived(self, row: m.SigningKey, purpose: str) -> bytes:
        cache_key = (row.kid, purpose)
        found = self._secrets.get(cache_key)
        if found is None:
            material = urlsafe_b64decode(str(row.private_jwk["d"]).encode())
            hkdf = HKDF(hashes.SHA256(), 32, salt=row.kid.encode(), info=purpose.encode())
            found = self._secrets[cache_key] = hkdf.derive(material)
        return found

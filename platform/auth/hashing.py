"""How the authorization server keeps secrets: never in clear.

Client secrets, authorization codes and refresh tokens are long random strings
made here (256 bits): a SHA-256 digest is enough to keep them, and cheap to
look up by. Passwords are chosen by people, so they get argon2 (slow on
purpose), which runs in a worker thread so that it never blocks the event loop.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = [
    "digest",
    "digest_matches",
    "hash_password",
    "new_secret",
    "verify_password",
    "verify_password_sync",
]

_PASSWORDS = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified when the username is unknown, so that a miss takes as long as a wrong password."""
    return _PASSWORDS.hash(secrets.token_urlsafe(16))


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def digest_matches(secret: str, expected: str | None) -> bool:
    return expected is not None and hmac.compare_digest(digest(secret), expected)


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_PASSWORDS.hash, password)


def verify_password_sync(password: str, password_hash: str | None) -> bool:
    try:
        return _PASSWORDS.verify(password_hash or _dummy_hash(), password) and (
            password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password: str, password_hash: str | None) -> bool:
    """True when `password` matches; `password_hash` None (no such user) is always False."""
    return await anyio.to_thread.run_sync(verify_password_sync, password, password_hash)

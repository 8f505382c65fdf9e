"""What the authorization server remembers: authorization codes, refresh tokens
and the access tokens it issued. Synchronous on purpose: authlib's grants call
these from inside `AsyncSession.run_sync`, on the request's own transaction.

Codes and refresh tokens are looked up by their SHA-256 digest. All tokens
issued for one authorization (the code, then each rotated refresh token) share
a family: using a code or a rotated refresh token a second time revokes the
whole family (RFC 6749 §4.1.2, RFC 9700 §4.14.2).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import sqlalchemy as sa
from authlib.oauth2.rfc6749 import TokenMixin
from authlib.oidc.core import AuthorizationCodeMixin
from sqlalchemy.orm import Session

from vocrehab.auth.hashing import digest
from vocrehab.db import models as m

__all__ = [
    "CODE_TTL",
    "AuthorizationCode",
    "RefreshToken",
    "Replay",
    "consume_code",
    "find_code",
    "find_refresh_token",
    "is_access_token_revoked",
    "nonce_used",
    "purge_expired",
    "record_access_token",
    "revoke_access_token",
    "revoke_client_tokens",
    "revoke_family",
    "rotate_refresh_token",
    "save_code",
    "save_refresh_token",
]

log = logging.getLogger("vocrehab.auth")
CODE_TTL = timedelta(minutes=2)  # RFC 6749 §4.1.2: "a maximum ... of 10 minutes is RECOMMENDED"


class Replay(Exception):
    """A code or refresh token was spent twice at the same moment: the caller rolls
    back what it wrote and revokes the family (outside the failed transaction)."""

    def __init__(self, family_id: uuid.UUID) -> None:
        super().__init__("authorization grant replayed")
        self.family_id = family_id


@dataclass(frozen=True)
class AuthorizationCode(AuthorizationCodeMixin):  # type: ignore[misc]
    """A code, and what OpenID Connect puts into the ID token issued for it.

    Its `id` is the family of every token issued for it, and the `sid` of the
    ID token: logging out with that ID token revokes the family.
    """

    id: uuid.UUID
    client_pk: uuid.UUID
    user_id: uuid.UUID
    redirect_uri: str
    scope: str
    code_challenge: str
    code_challenge_method: str
    nonce: str | None = None
    auth_time: datetime | None = None
    """When the user signed in (the code is issued at once)."""
    spent: Literal["used", "expired"] | None = None
    """Why the code can no longer be exchanged; None while it can."""

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int | None:
        return int(self.auth_time.timestamp()) if self.auth_time else None

    def get_amr(self) -> list[str]:
        return ["pwd"]  # RFC 8176: the login page asks for a password


@dataclass(frozen=True)
class RefreshToken(TokenMixin):  # type: ignore[misc]
    id: uuid.UUID
    family_id: uuid.UUID
    client_pk: uuid.UUID
    user_id: uuid.UUID
    scope: str
    created_at: datetime
    expires_at: datetime
    active: bool
    checked_at: datetime
    reused: bool = False
    """A rotated token presented again: its family has just been revoked."""

    def check_client(self, client: Any) -> bool:
        return bool(client.pk == self.client_pk)

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return int((self.expires_at - self.created_at).total_seconds())

    def is_expired(self) -> bool:
        return self.expires_at <= self.checked_at

    def is_revoked(self) -> bool:
        return not self.active


# ---------------------------------------------------------------------- codes


def save_code(session: Session, code: str, grant: AuthorizationCode, now: datetime) -> None:
    session.add(
        m.OAuthAuthorizationCode(
            id=grant.id,
            code_hash=digest(code),
            client_pk=grant.client_pk,
            user_id=grant.user_id,
            redirect_uri=grant.redirect_uri,
            scope=grant.scope,
            code_challenge=grant.code_challenge,
            code_challenge_method=grant.code_challenge_method,
            nonce=grant.nonce,
            created_at=now,
            expires_at=now + CODE_TTL,
        )
    )


def find_code(
    session: Session, code: str, client_pk: uuid.UUID, now: datetime
) -> AuthorizationCode | None:
    """The code issued to this client (None if there is none). A code presented
    a second time revokes every token issued for it; it comes back `spent`."""
    row = session.scalar(
        sa.select(m.OAuthAuthorizationCode).where(
            m.OAuthAuthorizationCode.code_hash == digest(code)
        )
    )
    if row is None or row.client_pk != client_pk:
        return None
    spent: Literal["used", "expired"] | None = None
    if row.used_at is not None:
        log.warning("authorization code used twice: revoking its tokens (client %s)", client_pk)
        revoke_family(session, row.id, now)
        spent = "used"
    elif row.expires_at <= now:
        spent = "expired"
    return AuthorizationCode(
        row.id, row.client_pk, row.user_id, row.redirect_uri, row.scope,
        row.code_challenge, row.code_challenge_method, nonce=row.nonce,
        auth_time=row.created_at, spent=spent,
    )  # fmt: skip


def nonce_used(session: Session, client_pk: uuid.UUID, nonce: str) -> bool:
    """Whether a code of this client already carries this OpenID Connect nonce (a replay)."""
    table = m.OAuthAuthorizationCode
    found = session.scalar(
        sa.select(table.id).where(table.client_pk == client_pk, table.nonce == nonce).limit(1)
    )
    return found is not None


def consume_code(session: Session, code_id: uuid.UUID, now: datetime) -> None:
    table = m.OAuthAuthorizationCode
    spent = session.execute(
        sa.update(table).where(table.id == code_id, table.used_at.is_(None)).values(used_at=now)
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        raise Replay(code_id)


# ---------------------------------------------------------------------- refresh tokens


def save_refresh_token(
    session: Session,
    token: str,
    *,
    family_id: uuid.UUID,
    client_pk: uuid.UUID,
    user_id: uuid.UUID,
    scope: str,
    now: datetime,
    ttl: timedelta,
) -> None:
    session.add(
        m.OAuthRefreshToken(
            token_hash=digest(token),
            family_id=family_id,
            client_pk=client_pk,
            user_id=user_id,
            scope=scope,
            created_at=now,
            expires_at=now + ttl,
        )
    )


def find_refresh_token(
    session: Session, token: str, now: datetime, *, detect_reuse: bool = True
) -> RefreshToken | None:
    """The token if it exists; a rotated one presented again revokes its family
    (someone else holds a copy) and comes back `reused`, unless `detect_reuse`
    is off (revocation, introspection)."""
    row = session.scalar(
        sa.select(m.OAuthRefreshToken).where(m.OAuthRefreshToken.token_hash == digest(token))
    )
    if row is None:
        return None
    reused = detect_reuse and row.rotated_at is not None and row.revoked_at is None
    if reused:
        log.warning(
            "rotated refresh token used again: revoking its family (client %s)", row.client_pk
        )
        revoke_family(session, row.family_id, now)
    return RefreshToken(
        row.id, row.family_id, row.client_pk, row.user_id, row.scope, row.created_at,
        row.expires_at, active=row.rotated_at is None and row.revoked_at is None, checked_at=now,
        reused=reused,
    )  # fmt: skip


def rotate_refresh_token(session: Session, token: RefreshToken, now: datetime) -> None:
    table = m.OAuthRefreshToken
    rotated = session.execute(
        sa.update(table)
        .where(table.id == token.id, table.rotated_at.is_(None), table.revoked_at.is_(None))
        .values(rotated_at=now)
    )
    if rotated.rowcount != 1:  # type: ignore[attr-defined]
        raise Replay(token.family_id)


# ---------------------------------------------------------------------- access tokens


def record_access_token(
    session: Session,
    jti: str,
    *,
    client_pk: uuid.UUID,
    family_id: uuid.UUID | None,
    expires_at: datetime,
) -> None:
    session.add(
        m.OAuthAccessToken(jti=jti, client_pk=client_pk, family_id=family_id, expires_at=expires_at)
    )


def is_access_token_revoked(session: Session, jti: str) -> bool:
    revoked_at = session.scalar(
        sa.select(m.OAuthAccessToken.revoked_at).where(m.OAuthAccessToken.jti == jti)
    )
    return revoked_at is not None


def revoke_access_token(
    session: Session, jti: str, *, client_pk: uuid.UUID, expires_at: datetime, now: datetime
) -> None:
    row = session.get(m.OAuthAccessToken, jti)
    if row is None:
        record_access_token(
            session, jti, client_pk=client_pk, family_id=None, expires_at=expires_at
        )
        session.flush()
        row = session.get(m.OAuthAccessToken, jti)
    assert row is not None
    if row.revoked_at is None:
        row.revoked_at = now


def revoke_family(session: Session, family_id: uuid.UUID, now: datetime) -> None:
    refresh, access = m.OAuthRefreshToken, m.OAuthAccessToken
    session.execute(
        sa.update(refresh)
        .where(refresh.family_id == family_id, refresh.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    session.execute(
        sa.update(access)
        .where(access.family_id == family_id, access.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def revoke_client_tokens(session: Session, client_pk: uuid.UUID, now: datetime) -> None:
    refresh, access = m.OAuthRefreshToken, m.OAuthAccessToken
    session.execute(
        sa.update(refresh)
        .where(refresh.client_pk == client_pk, refresh.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    session.execute(
        sa.update(access)
        .where(access.client_pk == client_pk, access.revoked_at.is_(None), access.expires_at > now)
        .values(revoked_at=now)
    )


def purge_expired(session: Session, now: datetime, keep: timedelta = timedelta(days=1)) -> None:
    """Forget what can no longer be used (kept a day longer, for reuse detection)."""
    before = now - keep
    session.execute(
        sa.delete(m.OAuthAuthorizationCode).where(m.OAuthAuthorizationCode.expires_at < before)
    )
    session.execute(sa.delete(m.OAuthAccessToken).where(m.OAuthAccessToken.expires_at < before))
    session.execute(sa.delete(m.OAuthRefreshToken).where(m.OAuthRefreshToken.expires_at < before))

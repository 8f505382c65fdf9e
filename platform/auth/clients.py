"""Registered OAuth clients: registration by an operator, and what the
authorization server knows of one (authlib's `ClientMixin`).

A client is bound to one stakeholder type, and its scopes never exceed what
that type may ever hold (AUTHZ.md). Machine clients (client credentials) act
as their Actor; frontends (authorization code) act for the user who logs in.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from authlib.oauth2.rfc6749 import ClientMixin, list_to_scope, scope_to_list
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from vocrehab.auth import token_store
from vocrehab.auth.hashing import digest, digest_matches, new_secret
from vocrehab.core.policy import ALL_SCOPES, MAX_SCOPES
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import StakeholderType
from vocrehab.ids import InvalidGlobalId, decode_global_id

__all__ = [
    "AUTHORIZATION_CODE",
    "CLIENT_CREDENTIALS",
    "IDENTITY_SCOPES",
    "REFRESH_TOKEN",
    "ClientError",
    "NewClient",
    "RegisteredClient",
    "find_client",
    "list_clients",
    "register_client",
    "revoke_client",
]

CLIENT_CREDENTIALS = "client_credentials"
AUTHORIZATION_CODE = "authorization_code"
REFRESH_TOKEN = "refresh_token"
CONFIDENTIAL_METHODS = ("client_secret_basic", "client_secret_post")
IDENTITY_SCOPES = frozenset({"openid", "profile"})
"""OpenID Connect scopes: about who signed in, not about the API. Every frontend
(authorization-code client) may ask for them; they open no data of the API."""
_CLIENT_ID = re.compile(r"^[A-Za-z0-9._-]{3,64}$")
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


class ClientError(ValueError):
    """A registration that is refused; the message says why."""


@dataclass(frozen=True)
class RegisteredClient(ClientMixin):  # type: ignore[misc]
    pk: uuid.UUID
    client_id: str
    name: str
    stakeholder_type: StakeholderType
    actor_id: uuid.UUID | None
    scopes: frozenset[str]
    grant_types: frozenset[str]
    redirect_uris: tuple[str, ...]
    secret_hash: str | None
    revoked: bool = False
    post_logout_redirect_uris: tuple[str, ...] = ()

    @classmethod
    def from_row(cls, row: m.OAuthClient) -> RegisteredClient:
        return cls(
            pk=row.id,
            client_id=row.client_id,
            name=row.name,
            stakeholder_type=row.stakeholder_type,
            actor_id=row.actor_id,
            scopes=frozenset(row.scopes),
            grant_types=frozenset(row.grant_types),
            redirect_uris=tuple(row.redirect_uris),
            secret_hash=row.secret_hash,
            revoked=row.revoked_at is not None,
            post_logout_redirect_uris=tuple(row.post_logout_redirect_uris or ()),
        )

    @property
    def public(self) -> bool:
        return self.secret_hash is None

    # A machine client's tokens are about the client itself (RFC 9068 §2.2: sub = client).
    @property
    def subject(self) -> str:
        return self.client_id

    @property
    def participant_id(self) -> uuid.UUID | None:
        return None

    @property
    def identity_scopes(self) -> frozenset[str]:
        return IDENTITY_SCOPES if AUTHORIZATION_CODE in self.grant_types else frozenset()

    @property
    def requestable_scopes(self) -> frozenset[str]:
        """What the client may ask for: its API scopes, and OpenID Connect's for a frontend."""
        return self.scopes | self.identity_scopes

    @property
    def client_metadata(self) -> dict[str, Any]:
        """Registered metadata that authlib's OpenID Connect endpoints read."""
        return {"post_logout_redirect_uris": list(self.post_logout_redirect_uris)}

    def grantable_scopes(
        self, requested: Iterable[str] | None, holder: StakeholderType, *, person: bool = False
    ) -> frozenset[str]:
        """What was asked (all the client's API scopes when nothing was), cut to the
        client's scopes and to what the token holder's stakeholder type may ever hold.
        OpenID Connect scopes go only to a person who signed in, and only when asked for."""
        wanted = self.scopes if requested is None else frozenset(requested)
        identity = wanted & self.identity_scopes if person else frozenset()
        return (wanted & self.scopes & MAX_SCOPES[holder]) | identity

    # authlib's ClientMixin

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return self.redirect_uris[0] if len(self.redirect_uris) == 1 else None

    def get_allowed_scope(self, scope: str | None) -> str:
        requested = scope_to_list(scope) if scope else sorted(self.scopes)
        return str(list_to_scope([s for s in requested if s in self.requestable_scopes]))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris  # exact match, nothing else

    def check_client_secret(self, client_secret: str) -> bool:
        return digest_matches(client_secret, self.secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if self.public:
            return method == "none" and endpoint != "introspection"
        return method in CONFIDENTIAL_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and AUTHORIZATION_CODE in self.grant_types

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types


def find_client(session: Session, client_id: str) -> RegisteredClient | None:
    """The active client with this id (a revoked one no longer exists for OAuth)."""
    row = session.scalar(
        sa.select(m.OAuthClient).where(
            m.OAuthClient.client_id == client_id, m.OAuthClient.revoked_at.is_(None)
        )
    )
    return RegisteredClient.from_row(row) if row is not None else None


# ---------------------------------------------------------------------- registration


@dataclass(frozen=True)
class NewClient:
    name: str
    stakeholder_type: StakeholderType
    scopes: Sequence[str]
    grant: str = CLIENT_CREDENTIALS
    redirect_uris: Sequence[str] = ()
    public: bool = False
    actor_id: str | None = None
    """The Actor's global ID: required for client credentials (the token acts as it)."""
    client_id: str | None = None
    """Chosen id (the demo uses readable ones); a random one when None."""
    secret: str | None = None
    """Chosen secret (the demo documents its own); a random one when None."""
    post_logout_redirect_uris: Sequence[str] = ()
    """Where OpenID Connect logout may send the user back to (exact match)."""


@dataclass(frozen=True)
class Registration:
    client_id: str
    secret: str | None
    """Shown once to the operator: only its digest is kept."""


async def register_client(session: AsyncSession, new: NewClient, now: datetime) -> Registration:
    actor = await _actor(session, new.actor_id)
    _check(new, actor)
    client_id = new.client_id or f"vrc_{new_secret()[:22]}"
    if not _CLIENT_ID.match(client_id):
        raise ClientError("a client id is 3 to 64 letters, digits, '.', '_' or '-'")
    taken = await session.scalar(
        sa.select(m.OAuthClient.id).where(m.OAuthClient.client_id == client_id)
    )
    if taken is not None:
        raise ClientError(f"client {client_id} already exists")
    secret = None if new.public else (new.secret or new_secret())
    grants = [new.grant] + ([REFRESH_TOKEN] if new.grant == AUTHORIZATION_CODE else [])
    session.add(
        m.OAuthClient(
            client_id=client_id,
            name=new.name.strip(),
            secret_hash=digest(secret) if secret else None,
            stakeholder_type=new.stakeholder_type,
            actor_id=actor.id if actor else None,
            scopes=sorted(set(new.scopes)),
            grant_types=grants,
            redirect_uris=list(new.redirect_uris),
            post_logout_redirect_uris=list(new.post_logout_redirect_uris),
            created_at=now,
        )
    )
    await session.flush()
    return Registration(client_id, secret)


async def _actor(session: AsyncSession, actor_id: str | None) -> m.Actor | None:
    if actor_id is None:
        return None
    try:
        row = await session.get(m.Actor, decode_global_id(actor_id, "Actor")[1])
    except InvalidGlobalId as exc:
        raise ClientError(str(exc)) from None
    if row is None:
        raise ClientError(f"no actor {actor_id}")
    return row


def _check(new: NewClient, actor: m.Actor | None) -> None:
    if not new.name.strip():
        raise ClientError("a client needs a name")
    _check_scopes(new.scopes, new.stakeholder_type)
    if new.grant == CLIENT_CREDENTIALS:
        _check_machine(new, actor)
    elif new.grant == AUTHORIZATION_CODE:
        if not new.redirect_uris:
            raise ClientError("an authorization-code client needs at least one --redirect-uri")
        for uri in (*new.redirect_uris, *new.post_logout_redirect_uris):
            _check_redirect_uri(uri)
    else:
        raise ClientError(
            f"unknown grant {new.grant!r}: {CLIENT_CREDENTIALS} or {AUTHORIZATION_CODE}"
        )


def _check_scopes(scopes: Sequence[str], stakeholder_type: StakeholderType) -> None:
    if not scopes:
        raise ClientError("give the client at least one --scope")
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if unknown:
        raise ClientError(f"unknown scopes: {', '.join(unknown)}")
    beyond = sorted(set(scopes) - MAX_SCOPES[stakeholder_type])
    if beyond:
        raise ClientError(f"a {stakeholder_type.value} client may never hold: {', '.join(beyond)}")


def _check_machine(new: NewClient, actor: m.Actor | None) -> None:
    if new.public:
        raise ClientError("client credentials need a confidential client (no --public)")
    if new.redirect_uris or new.post_logout_redirect_uris:
        raise ClientError("a client-credentials client has no redirect URIs")
    if new.stakeholder_type is StakeholderType.PARTICIPANT:
        raise ClientError("a machine client cannot act as a participant")
    if actor is None:
        raise ClientError("a client-credentials client acts as an actor: give --actor")
    if actor.stakeholder_type is not new.stakeholder_type:
        raise ClientError(
            f"the actor is a {actor.stakeholder_type.value}, not a {new.stakeholder_type.value}"
        )


def _check_redirect_uri(uri: str) -> None:
    """https anywhere; http only to this machine (RFC 8252 §7.3); a private-use
    scheme for native apps (RFC 8252 §7.1, e.g. `org.example.app:/callback`)."""
    parts = urlsplit(uri)
    if parts.fragment or "#" in uri:
        raise ClientError(f"a redirect URI has no fragment: {uri}")
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname in _LOOPBACK:
        return
    if "." in parts.scheme and not parts.netloc:
        return
    raise ClientError(
        f"not an acceptable redirect URI (https, loopback http, or app scheme): {uri}"
    )


# ---------------------------------------------------------------------- operators


async def list_clients(session: AsyncSession) -> list[RegisteredClient]:
    rows = await session.scalars(sa.select(m.OAuthClient).order_by(m.OAuthClient.created_at))
    return [RegisteredClient.from_row(row) for row in rows]


async def revoke_client(session: AsyncSession, client_id: str, now: datetime) -> bool:
    """Revoke the client and every token it holds; False when there is no such active client."""
    row = await session.scalar(
        sa.select(m.OAuthClient).where(
            m.OAuthClient.client_id == client_id, m.OAuthClient.revoked_at.is_(None)
        )
    )
    if row is None:
        return False
    row.revoked_at = now
    pk = row.id
    await session.run_sync(lambda sync: token_store.revoke_client_tokens(sync, pk, now))
    return True

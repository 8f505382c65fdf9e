"""OpenID Connect on the authorization server, on authlib's OIDC classes.

- The ID token: a frontend that asks for the `openid` scope gets one with the
  authorization-code grant (`IdToken`, authlib's `OpenIDCode` extension),
  signed with the platform's key (the JWKS at /.well-known/jwks.json), `typ`
  JWT, so it is never mistaken for an access token (`at+jwt`).
- The userinfo endpoint (`UserInfo`), for an access token carrying `openid`.
- RP-initiated logout (`EndSession`): the ID token's `sid` is the token family
  of that sign-in, and logging out with it as `id_token_hint` revokes every
  refresh and access token of the family.

Claims about who signed in (`identity_claims`): `sub` (the actor or participant,
as in the access token), `stakeholder_type`, `actor_id`, `participant_id`
(participants only), and with the `profile` scope `name`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Protocol

from authlib.oauth2.rfc6749 import InvalidRequestError, ResourceProtector, scope_to_list
from authlib.oauth2.rfc6750 import BearerTokenValidator, InsufficientScopeError, InvalidTokenError
from authlib.oidc.core import OpenIDCode, UserInfoEndpoint
from authlib.oidc.core import UserInfo as Claims
from authlib.oidc.rpinitiated import EndSessionEndpoint, EndSessionRequest
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey
from joserfc.jws import extract_compact
from sqlalchemy.orm import Session

from vocrehab.auth import token_store
from vocrehab.auth.clients import RegisteredClient, find_client
from vocrehab.auth.endpoints import AccessToken, read_access_token
from vocrehab.auth.keys import ALGORITHM
from vocrehab.auth.token_store import AuthorizationCode as StoredCode
from vocrehab.auth.tokens import TOKEN_TYPE, Unauthenticated, principal_from_claims
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import StakeholderType
from vocrehab.ids import encode_global_id

if TYPE_CHECKING:
    from authlib.oauth2.rfc6749 import OAuth2Request

    from vocrehab.auth.server import OAuthServer

__all__ = ["CLAIMS_SUPPORTED", "EndSession", "IdToken", "UserInfo", "identity_claims"]

CLAIMS_SUPPORTED = [
    "sub", "iss", "aud", "azp", "exp", "iat", "auth_time", "nonce", "at_hash", "amr", "sid",
    "name", "stakeholder_type", "actor_id", "participant_id",
]  # fmt: skip
ID_TOKEN_TYPE = "JWT"


class Person(Protocol):
    """Who signed in: a `UserAccount` (login) or a `Principal` (from an access token)."""

    @property
    def subject(self) -> str: ...

    @property
    def stakeholder_type(self) -> StakeholderType: ...

    @property
    def actor_id(self) -> uuid.UUID | None: ...

    @property
    def participant_id(self) -> uuid.UUID | None: ...


def identity_claims(session: Session, person: Person, scope: str) -> Claims:
    """The same claims in the ID token and at the userinfo endpoint."""
    claims = Claims(sub=person.subject, stakeholder_type=person.stakeholder_type.value)
    if person.actor_id is not None:
        claims["actor_id"] = encode_global_id("Actor", person.actor_id)
    if person.participant_id is not None:
        claims["participant_id"] = encode_global_id("Participant", person.participant_id)
    if "profile" in (scope_to_list(scope) or ()):
        name = _name(session, person)
        if name:
            claims["name"] = name
    return claims


def _name(session: Session, person: Person) -> str | None:
    if person.participant_id is not None:
        participant = session.get(m.Participant, person.participant_id)
        return f"{participant.given_name} {participant.family_name}" if participant else None
    actor = session.get(m.Actor, person.actor_id) if person.actor_id else None
    return actor.name if actor else None


# ---------------------------------------------------------------------- the ID token


class IdToken(OpenIDCode):  # type: ignore[misc]
    """authlib's OpenID Connect extension of the authorization-code grant, bound
    to the request's server (its session, keys and time)."""

    def __init__(self, server: OAuthServer) -> None:
        super().__init__(require_nonce=False)
        self.server = server

    def exists_nonce(self, nonce: str, request: OAuth2Request) -> bool:
        client: RegisteredClient = request.client
        return token_store.nonce_used(self.server.session, client.pk, nonce)

    def resolve_client_private_key(self, client: RegisteredClient) -> RSAKey:
        return self.server.config.keys.signing_key()

    def get_client_algorithm(self, client: RegisteredClient) -> str:
        return ALGORITHM

    def get_encode_header(self, client: RegisteredClient) -> dict[str, str]:
        key = self.server.config.keys.signing_key()
        return {"alg": ALGORITHM, "typ": ID_TOKEN_TYPE, "kid": str(key.kid)}

    def get_client_claims(self, client: RegisteredClient) -> dict[str, Any]:
        now = int(self.server.now.timestamp())
        lifetime = int(self.server.config.access_ttl.total_seconds())
        return {
            "iss": self.server.config.issuer,
            "aud": client.client_id,
            "azp": client.client_id,
            "iat": now,
            "exp": now + lifetime,
        }

    def get_authorization_code_claims(self, authorization_code: StoredCode) -> dict[str, Any]:
        claims: dict[str, Any] = super().get_authorization_code_claims(authorization_code)
        claims["sid"] = str(authorization_code.id)  # the token family: what logout revokes
        return claims

    def generate_user_info(self, user: Person, scope: str) -> Claims:
        return identity_claims(self.server.session, user, scope)


# ---------------------------------------------------------------------- userinfo


@dataclass(frozen=True)
class _Bearer:
    """An access token as authlib's userinfo endpoint asks about it."""

    token: AccessToken
    client: RegisteredClient
    person: Person
    leeway: timedelta

    @property
    def scope(self) -> str:
        return self.token.get_scope()

    def get_scope(self) -> str:
        return self.token.get_scope()

    def get_client(self) -> RegisteredClient:
        return self.client

    def get_user(self) -> Person:
        return self.person

    def is_expired(self) -> bool:
        return self.token.expires_at + self.leeway <= self.token.checked_at

    def is_revoked(self) -> bool:
        return self.token.is_revoked()


class _PlatformAccessTokens(BearerTokenValidator):  # type: ignore[misc]
    def __init__(self, server: OAuthServer) -> None:
        super().__init__(realm="vocrehab")
        self.server = server

    def authenticate_token(self, token_string: str) -> _Bearer | None:
        token = read_access_token(self.server, token_string)
        if token is None:
            return None
        client = find_client(self.server.session, str(token.claims["client_id"]))
        try:
            person = principal_from_claims(token.claims)
        except Unauthenticated:
            return None
        if client is None:
            return None
        return _Bearer(token, client, person, self.server.config.leeway)

    def validate_token(self, token: _Bearer | None, scopes: Any, request: Any) -> None:
        if token is None:
            raise InvalidTokenError(
                "The access token is not valid here: it must be an unexpired access token "
                "of this server, of an active client.",
                realm=self.realm,
            )
        if token.is_revoked():
            raise InvalidTokenError(
                "The access token was revoked: sign in again.", realm=self.realm
            )
        if token.is_expired():
            raise InvalidTokenError(
                "The access token has expired: refresh it, or sign in again.", realm=self.realm
            )
        if self.scope_insufficient(token.get_scope(), scopes):
            raise InsufficientScopeError(
                "The access token was not issued for the openid scope: ask for openid when "
                "the user signs in."
            )


class _Protector(ResourceProtector):  # type: ignore[misc]
    """authlib's userinfo endpoint asks its protector for the token of the
    current request; this one is made for the request."""

    def __init__(self, server: OAuthServer, request: OAuth2Request) -> None:
        super().__init__()
        self.request = request
        self.register_token_validator(_PlatformAccessTokens(server))

    def parse_request_authorization(self, request: OAuth2Request) -> Any:
        if not request.headers.get("Authorization"):
            raise InvalidTokenError(
                "Send the access token as Authorization: Bearer <token>.", realm="vocrehab"
            )
        return super().parse_request_authorization(request)

    def acquire_token(self, scopes: str) -> _Bearer:
        token: _Bearer = self.validate_request(scope_to_list(scopes), self.request)
        return token


class UserInfo(UserInfoEndpoint):  # type: ignore[misc]
    """GET or POST /oauth/userinfo with `Authorization: Bearer <access token>`."""

    server: OAuthServer

    def __call__(self, request: OAuth2Request) -> tuple[int, Any, list[tuple[str, str]]]:
        self.resource_protector = _Protector(self.server, request)
        status, body, headers = super().__call__(request)
        return status, dict(body), [*headers, ("Cache-Control", "no-store")]

    def generate_user_info(self, user: Person, scope: str) -> Claims:
        return identity_claims(self.server.session, user, scope)

    def get_issuer(self) -> str:
        return self.server.config.issuer


# ---------------------------------------------------------------------- logout


class EndSession(EndSessionEndpoint):  # type: ignore[misc]
    """RP-initiated logout. The platform keeps no browser session of its own, so
    logging out means ending the sign-in the ID token names (`sid`): every
    refresh and access token of it is revoked. Without a valid `id_token_hint`
    nothing is revoked and nobody is redirected."""

    server: OAuthServer

    def get_server_jwks(self) -> KeySet:
        return self.server.config.keys.public_keys(self.server.now)

    def get_algorithms(self) -> list[str]:
        return [ALGORITHM]

    def validate_request(self, request: OAuth2Request) -> EndSessionRequest:
        hint = request.payload.data.get("id_token_hint")
        if hint and _token_type(hint) == TOKEN_TYPE:
            raise InvalidRequestError("The id_token_hint is an access token, not an ID token.")
        validated: EndSessionRequest = super().validate_request(request)
        claims = validated.id_token_claims
        if claims is not None and claims.get("iss") != self.server.config.issuer:
            raise InvalidRequestError("The id_token_hint was not issued by this server.")
        if claims is not None and validated.client is None:
            raise InvalidRequestError("The client of the id_token_hint is unknown or revoked.")
        return validated

    def end_session(self, end_session_request: EndSessionRequest) -> None:
        sid = (end_session_request.id_token_claims or {}).get("sid")
        try:
            family = uuid.UUID(str(sid))
        except ValueError:
            return
        token_store.revoke_family(self.server.session, family, self.server.now)


def _token_type(token: str) -> str | None:
    try:
        typ = extract_compact(token.encode()).protected.get("typ")
    except (JoseError, ValueError):
        return None
    return str(typ).lower().removeprefix("application/") if typ else None

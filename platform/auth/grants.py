"""The grants the authorization server offers, on authlib's grant classes:
client credentials (machines), authorization code with PKCE (people, through
a frontend; with an ID token when they ask for `openid`, see `oidc`) and
refresh tokens (rotated on every use).

A refused code or refresh token says which of its problems it has, in words a
client developer can act on (unknown, used twice, expired, revoked).

Each grant reaches the database through `self.server` (an `OAuthServer`
bound to the request's session and time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from authlib.oauth2.rfc6749 import (
    InvalidGrantError,
    InvalidRequestError,
    InvalidScopeError,
    OAuth2Request,
    grants,
    scope_to_list,
)
from authlib.oauth2.rfc7636 import CodeChallenge

from vocrehab.auth import token_store
from vocrehab.auth.clients import RegisteredClient
from vocrehab.auth.token_store import AuthorizationCode as StoredCode
from vocrehab.auth.token_store import RefreshToken as StoredRefreshToken
from vocrehab.auth.users import UserAccount, load_user
from vocrehab.db.base import new_id

if TYPE_CHECKING:
    from vocrehab.auth.server import OAuthServer

__all__ = ["AuthorizationCode", "ClientCredentials", "Pkce", "RefreshToken"]

CONFIDENTIAL = ["client_secret_basic", "client_secret_post"]
ANY_CLIENT = [*CONFIDENTIAL, "none"]


def check_requested_scope(request: OAuth2Request, allowed: frozenset[str]) -> None:
    """Asking for a scope the client may never have is an error, not a silent cut."""
    beyond = sorted(set(scope_to_list(request.payload.scope) or ()) - allowed)
    if beyond:
        raise InvalidScopeError(f"The client may not ask for these scopes: {' '.join(beyond)}.")


class ClientCredentials(grants.ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = CONFIDENTIAL
    server: OAuthServer

    def validate_requested_scope(self) -> None:
        check_requested_scope(self.request, self.request.client.scopes)


class AuthorizationCode(grants.AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ANY_CLIENT
    server: OAuthServer

    def validate_requested_scope(self) -> None:
        # A person signing in may also ask for the OpenID Connect scopes.
        check_requested_scope(self.request, self.request.client.requestable_scopes)

    def create_authorization_response(self, redirect_uri: str, grant_user: Any) -> Any:
        if grant_user is not None and not self._scope_for(grant_user):
            raise InvalidScopeError(
                "None of the requested scopes is open to this user.", redirect_uri=redirect_uri
            )
        return super().create_authorization_response(redirect_uri, grant_user)

    def _scope_for(self, user: UserAccount) -> str:
        client: RegisteredClient = self.request.client
        requested = scope_to_list(self.request.scope)
        scopes = client.grantable_scopes(requested, user.stakeholder_type, person=True)
        return " ".join(sorted(scopes))

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        user: UserAccount = request.user
        data = request.payload.data
        stored = StoredCode(
            id=new_id(),
            client_pk=request.client.pk,
            user_id=user.id,
            redirect_uri=request.payload.redirect_uri or "",  # RFC 6749 §4.1.3: only if sent
            scope=self._scope_for(user),
            code_challenge=data["code_challenge"],
            code_challenge_method=data["code_challenge_method"],
            nonce=data.get("nonce") or None,
        )
        token_store.save_code(self.server.session, code, stored, self.server.now)

    def query_authorization_code(self, code: str, client: RegisteredClient) -> StoredCode:
        found = token_store.find_code(self.server.session, code, client.pk, self.server.now)
        if found is None:
            raise InvalidGrantError(
                "The authorization code is unknown, or was issued to another client."
            )
        if found.spent == "used":
            raise InvalidGrantError(
                "This authorization code was already used: every token issued for it is now "
                "revoked. Start a new sign-in."
            )
        if found.spent == "expired":
            raise InvalidGrantError(
                "The authorization code has expired (a code lives 2 minutes): start a new sign-in."
            )
        return found

    def delete_authorization_code(self, authorization_code: StoredCode) -> None:
        token_store.consume_code(self.server.session, authorization_code.id, self.server.now)

    def authenticate_user(self, authorization_code: StoredCode) -> UserAccount | None:
        return load_user(self.server.session, authorization_code.user_id)


class RefreshToken(grants.RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ANY_CLIENT
    INCLUDE_NEW_REFRESH_TOKEN = True  # rotation: every use gives a new one
    server: OAuthServer

    def authenticate_refresh_token(self, refresh_token: str) -> StoredRefreshToken:
        token = token_store.find_refresh_token(self.server.session, refresh_token, self.server.now)
        if token is None:
            raise InvalidGrantError("The refresh token is unknown.")
        if not token.check_client(self.request.client):
            raise InvalidGrantError("The refresh token was issued to another client.")
        if token.reused:
            raise InvalidGrantError(
                "This refresh token was already used. Every refresh returns a new refresh token; "
                "using an old one again ends the sign-in it belongs to, and every token of it is "
                "now revoked. Sign in again."
            )
        if token.is_revoked():
            raise InvalidGrantError("The refresh token was revoked: sign in again.")
        if token.is_expired():
            raise InvalidGrantError("The refresh token has expired: sign in again.")
        return token

    def authenticate_user(self, refresh_token: StoredRefreshToken) -> UserAccount | None:
        return load_user(self.server.session, refresh_token.user_id)

    def revoke_old_credential(self, refresh_token: StoredRefreshToken) -> None:
        token_store.rotate_refresh_token(self.server.session, refresh_token, self.server.now)


class Pkce(CodeChallenge):  # type: ignore[misc]
    """PKCE with S256 for every authorization request (RFC 9700 §2.1.1), public or
    confidential client: a missing challenge or `plain` is refused."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant: Any, redirect_uri: Any) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError(
                "PKCE is required: send code_challenge and code_challenge_method=S256."
            )
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("Only code_challenge_method=S256 is supported.")
        super().validate_code_challenge(grant, redirect_uri)

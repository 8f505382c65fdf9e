"""Token revocation (RFC 7009) and introspection (RFC 7662) on authlib's endpoints.

Both take either kind of token. An access token is one of the platform's own
JWTs: its signature is checked, its `jti` looked up in the denylist. A refresh
token is looked up by its digest.

- Revoking an access token puts its `jti` on the denylist (the API refuses it
  from then on); revoking a refresh token revokes its whole family, access
  tokens included (RFC 7009 §2.1).
- Only confidential clients may introspect, and only their own tokens: a
  token of another client is simply `{"active": false}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from authlib.oauth2.rfc6749 import TokenMixin
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7662 import IntrospectionEndpoint
from joserfc import jwt
from joserfc.errors import JoseError

from vocrehab.auth import token_store
from vocrehab.auth.clients import RegisteredClient
from vocrehab.auth.keys import ALGORITHM
from vocrehab.auth.token_store import RefreshToken
from vocrehab.auth.tokens import TOKEN_TYPE
from vocrehab.auth.users import load_user

if TYPE_CHECKING:
    from vocrehab.auth.server import OAuthServer

__all__ = ["AccessToken", "Introspection", "Revocation"]

INTROSPECTED_CLAIMS = (
    "scope", "client_id", "sub", "aud", "iss", "exp", "iat", "jti",
    "stakeholder_type", "actor_id", "participant_id",
)  # fmt: skip


@dataclass(frozen=True)
class AccessToken(TokenMixin):  # type: ignore[misc]
    """One of the platform's own access tokens, signature checked."""

    claims: dict[str, Any]
    revoked: bool
    checked_at: datetime

    @property
    def jti(self) -> str:
        return str(self.claims["jti"])

    @property
    def expires_at(self) -> datetime:
        return datetime.fromtimestamp(int(self.claims["exp"]), UTC)

    def check_client(self, client: Any) -> bool:
        return bool(self.claims.get("client_id") == client.client_id)

    def get_scope(self) -> str:
        return str(self.claims.get("scope", ""))

    def get_expires_in(self) -> int:
        return int(self.claims["exp"]) - int(self.claims["iat"])

    def is_expired(self) -> bool:
        return self.expires_at <= self.checked_at

    def is_revoked(self) -> bool:
        return self.revoked


def read_access_token(server: OAuthServer, token: str) -> AccessToken | None:
    config = server.config
    try:
        decoded = jwt.decode(token, config.keys.public_keys(server.now), algorithms=[ALGORITHM])
    except (JoseError, ValueError):
        return None
    claims = decoded.claims
    if (
        decoded.header.get("typ", "").lower() not in {TOKEN_TYPE, "application/at+jwt"}
        or claims.get("iss") != config.issuer
        or claims.get("aud") != config.audience
        or not {"jti", "exp", "iat", "client_id"} <= claims.keys()
    ):
        return None
    revoked = token_store.is_access_token_revoked(server.session, str(claims["jti"]))
    return AccessToken(claims, revoked, server.now)


def find_token(
    server: OAuthServer, token: str, hint: str | None, *, detect_reuse: bool
) -> AccessToken | RefreshToken | None:
    found: AccessToken | RefreshToken | None = None
    if hint != "refresh_token":
        found = read_access_token(server, token)
    if found is None and hint != "access_token":
        found = token_store.find_refresh_token(
            server.session, token, server.now, detect_reuse=detect_reuse
        )
    return found


class Revocation(RevocationEndpoint):  # type: ignore[misc]
    CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]
    server: OAuthServer

    def query_token(self, token_string: str, token_type_hint: str | None) -> Any:
        return find_token(self.server, token_string, token_type_hint, detect_reuse=False)

    def revoke_token(self, token: AccessToken | RefreshToken, request: Any) -> None:
        session, now = self.server.session, self.server.now
        if isinstance(token, RefreshToken):
            token_store.revoke_family(session, token.family_id, now)
            return
        client: RegisteredClient = request.client
        token_store.revoke_access_token(
            session, token.jti, client_pk=client.pk, expires_at=token.expires_at, now=now
        )


class Introspection(IntrospectionEndpoint):  # type: ignore[misc]
    CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]
    server: OAuthServer

    def query_token(self, token_string: str, token_type_hint: str | None) -> Any:
        return find_token(self.server, token_string, token_type_hint, detect_reuse=False)

    def check_permission(self, token: Any, client: RegisteredClient, request: Any) -> bool:
        self.client_id = client.client_id
        return not client.public and bool(token.check_client(client))

    def introspect_token(self, token: AccessToken | RefreshToken) -> dict[str, Any]:
        if isinstance(token, AccessToken):
            keep = INTROSPECTED_CLAIMS
            return {
                "active": True,
                "token_type": "Bearer",
                **{name: token.claims[name] for name in keep if name in token.claims},
            }
        user = load_user(self.server.session, token.user_id)
        return {
            "active": user is not None,
            "token_type": "refresh_token",
            "scope": token.scope,
            "client_id": self.client_id,
            "sub": user.subject if user else None,
            "iss": self.server.config.issuer,
            "exp": int(token.expires_at.timestamp()),
            "iat": int(token.created_at.timestamp()),
        }

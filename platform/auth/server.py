"""authlib's `AuthorizationServer`, wired to Starlette and to the database.

authlib is synchronous and the app is async. The handlers read the HTTP
request first (async), then run authlib inside `AsyncSession.run_sync`: its
callbacks (`query_client`, `save_token`, the grants' lookups) use a plain
synchronous `Session` on the request's own async connection, through
SQLAlchemy's greenlet bridge, so no thread and no second connection is
involved and the event loop is never blocked on I/O. One server object is
built per request, bound to that session and to the request's time.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    InvalidScopeError,
    JsonRequest,
    OAuth2Error,
    OAuth2Request,
    scope_to_list,
)
from authlib.oauth2.rfc6749.requests import JsonPayload, OAuth2Payload
from authlib.oauth2.rfc6749.util import extract_basic_authorization
from sqlalchemy.orm import Session
from starlette.responses import JSONResponse, Response

from vocrehab.auth import token_store
from vocrehab.auth.clients import IDENTITY_SCOPES, RegisteredClient, find_client
from vocrehab.auth.endpoints import Introspection, Revocation
from vocrehab.auth.errors import describe
from vocrehab.auth.grants import AuthorizationCode, ClientCredentials, Pkce, RefreshToken
from vocrehab.auth.hashing import new_secret
from vocrehab.auth.keys import KeyStore
from vocrehab.auth.oidc import EndSession, IdToken, UserInfo
from vocrehab.auth.tokens import TokenRequest, issue_access_token
from vocrehab.auth.users import UserAccount
from vocrehab.core.policy import ALL_SCOPES

__all__ = ["HttpRequest", "OAuthServer", "ServerConfig"]

log = logging.getLogger("vocrehab.auth")


@dataclass(frozen=True)
class ServerConfig:
    """What every per-request server shares."""

    keys: KeyStore
    issuer: str
    audience: str
    access_ttl: timedelta
    """Lifetime of access tokens, and of ID tokens."""
    refresh_ttl: timedelta
    leeway: timedelta = timedelta(0)
    """Clock skew tolerated on an access token's expiry (the userinfo endpoint)."""


class _Params(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, params: Mapping[str, list[str]]) -> None:
        self._lists = defaultdict(list, {key: list(values) for key, values in params.items()})
        self._first = {key: values[0] for key, values in params.items() if values}

    @property
    def data(self) -> dict[str, str]:
        return self._first

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._lists


@dataclass
class HttpRequest:
    """A snapshot of a Starlette request, read before authlib (synchronous) runs.

    `params` are the query string (GET) or the urlencoded form (POST), as lists.
    """

    method: str
    uri: str
    headers: Mapping[str, str]
    params: Mapping[str, list[str]]
    client_ip: str = "unknown"
    json_body: Any = field(default=None)

    def oauth2(self) -> OAuth2Request:
        request = _StarletteOAuth2Request(self.method, self.uri, headers=self.headers)
        request.payload = _Params(self.params)
        request.snapshot = self
        return request


class _StarletteOAuth2Request(OAuth2Request):  # type: ignore[misc]
    snapshot: HttpRequest

    @property
    def args(self) -> dict[str, str]:
        return dict(self.payload.data) if self.method == "GET" else {}

    @property
    def form(self) -> dict[str, str]:
        return dict(self.payload.data) if self.method == "POST" else {}


class _Json(JsonPayload):  # type: ignore[misc]
    def __init__(self, body: Any) -> None:
        self._body = body

    @property
    def data(self) -> Any:
        return self._body


class OAuthServer(AuthorizationServer):  # type: ignore[misc]
    """One per request: `session` is the request's synchronous session, `now` its time."""

    def __init__(self, config: ServerConfig, session: Session, now: datetime) -> None:
        super().__init__(scopes_supported=[*ALL_SCOPES, *sorted(IDENTITY_SCOPES)])
        self.config = config
        self.session = session
        self.now = now
        self._issued: list[tuple[str, datetime]] = []
        self.register_token_generator("default", self._generate_token)
        self.register_grant(ClientCredentials)
        self.register_grant(AuthorizationCode, [Pkce(required=True), IdToken(self)])
        self.register_grant(RefreshToken)
        self.register_endpoint(Revocation)
        self.register_endpoint(Introspection)
        self.register_endpoint(UserInfo)
        self.register_endpoint(EndSession)

    # ------------------------------------------------------------------ framework glue

    def create_oauth2_request(self, request: Any) -> OAuth2Request:
        if isinstance(request, OAuth2Request):
            return request
        assert isinstance(request, HttpRequest), "handlers pass an HttpRequest snapshot"
        return request.oauth2()

    def create_json_request(self, request: Any) -> JsonRequest:
        assert isinstance(request, HttpRequest), "handlers pass an HttpRequest snapshot"
        json_request = JsonRequest(request.method, request.uri, request.headers)
        json_request.payload = _Json(request.json_body)
        return json_request

    def handle_response(self, status: int, body: Any, headers: Any) -> Response:
        header_map = dict(headers or [])
        if isinstance(body, dict):
            return JSONResponse(body, status, headers=header_map)
        return Response(body or b"", status, headers=header_map)

    def handle_error_response(self, request: Any, error: OAuth2Error) -> Response:
        _log_refusal(request, describe(error))
        return super().handle_error_response(request, error)  # type: ignore[no-any-return]

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        if name == "after_revoke_token":
            log.info("token revoked by client %s", kwargs["client"].client_id)

    # ------------------------------------------------------------------ data

    def query_client(self, client_id: str) -> RegisteredClient | None:
        return find_client(self.session, client_id)

    def _generate_token(
        self,
        grant_type: str,
        client: RegisteredClient,
        user: UserAccount | None = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, Any]:
        holder: UserAccount | RegisteredClient = user or client
        requested = scope_to_list(scope) if scope else None
        scopes = client.grantable_scopes(
            requested, holder.stakeholder_type, person=user is not None
        )
        if not scopes:
            raise InvalidScopeError("None of the requested scopes can be granted to this client.")
        jti = uuid.uuid4().hex
        ttl = self.config.access_ttl
        access_token = issue_access_token(
            self.config.keys,
            self.config.issuer,
            self.config.audience,
            TokenRequest(
                subject=holder.subject,
                client_id=client.client_id,
                stakeholder_type=holder.stakeholder_type,
                scopes=scopes,
                actor_id=holder.actor_id,
                participant_id=holder.participant_id,
                ttl=ttl,
                token_id=jti,
            ),
            self.now,
        )
        self._issued.append((jti, self.now + ttl))
        token: dict[str, Any] = {
            "token_type": "Bearer",
            "access_token": access_token,
            "expires_in": int(ttl.total_seconds()),
            "scope": " ".join(sorted(scopes)),
        }
        if include_refresh_token and user is not None:
            token["refresh_token"] = new_secret()
        return token

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        client: RegisteredClient = request.client
        family = _family_of(request)
        jti, expires_at = self._issued.pop()
        token_store.record_access_token(
            self.session, jti, client_pk=client.pk, family_id=family, expires_at=expires_at
        )
        if "refresh_token" in token:
            assert family is not None and request.user is not None
            token_store.save_refresh_token(
                self.session,
                token["refresh_token"],
                family_id=family,
                client_pk=client.pk,
                user_id=request.user.id,
                scope=token["scope"],
                now=self.now,
                ttl=self.config.refresh_ttl,
            )


def _family_of(request: OAuth2Request) -> uuid.UUID | None:
    if request.authorization_code is not None:
        return request.authorization_code.id  # type: ignore[no-any-return]
    if request.refresh_token is not None:
        return request.refresh_token.family_id  # type: ignore[no-any-return]
    return None


def _log_refusal(request: Any, error: OAuth2Error) -> None:
    """Which client, from where, and the error code: never a secret, code or token."""
    snapshot: HttpRequest | None = getattr(request, "snapshot", None)
    if snapshot is None:
        log.info("oauth request refused: %s", error.error)
        return
    client_id = snapshot.params.get("client_id", [None])[0]
    if client_id is None:
        client_id = extract_basic_authorization(snapshot.headers)[0]
    grant = snapshot.params.get("grant_type", ["-"])[0]
    log.info(
        "oauth request refused: %s (path=%s grant=%s client=%s ip=%s)",
        error.error,
        snapshot.uri.split("?", 1)[0],
        json.dumps(grant)[:60],
        json.dumps(client_id)[:80],
        snapshot.client_ip,
    )

"""The authorization server's HTTP endpoints, for `create_app` to mount.

| path | what |
|---|---|
| `GET/POST /oauth/authorize` | login and consent page; redirects back with a code |
| `POST /oauth/token` | client credentials, authorization code + PKCE, refresh token |
| `POST /oauth/revoke` | RFC 7009 revocation |
| `POST /oauth/introspect` | RFC 7662 introspection (confidential clients, own tokens) |
| `GET/POST /oauth/userinfo` | OpenID Connect userinfo (access token with `openid`) |
| `GET/POST /oauth/logout` | OpenID Connect RP-initiated logout |
| `GET /.well-known/oauth-authorization-server` | RFC 8414 metadata |
| `GET /.well-known/openid-configuration` | OpenID Connect discovery (the same document) |
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from authlib.oauth2.rfc6749 import OAuth2Error
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from vocrehab.auth.clients import IDENTITY_SCOPES
from vocrehab.auth.keys import ALGORITHM, KeyStore
from vocrehab.auth.login import AuthorizePage, page_language
from vocrehab.auth.oidc import CLAIMS_SUPPORTED
from vocrehab.auth.pages import problem_page, signed_out_page
from vocrehab.auth.server import OAuthServer
from vocrehab.auth.service import NO_STORE, AuthorizationService, InsecureTransport
from vocrehab.auth.texts import LANGUAGES, text
from vocrehab.auth.token_store import Replay
from vocrehab.config import Settings
from vocrehab.core.clock import Clock
from vocrehab.core.policy import ALL_SCOPES
from vocrehab.db.engine import Database

__all__ = ["OAuthEndpoints", "metadata"]

log = logging.getLogger("vocrehab.auth")
Handler = Callable[[Request], Awaitable[Response]]


class _Services(Protocol):
    settings: Settings
    db: Database
    clock: Clock
    keys: KeyStore


class OAuthEndpoints:
    """The routes, and what they hold that must be closed at shutdown (the limiter)."""

    def __init__(self, services: _Services) -> None:
        # authlib's grants log every issued token at DEBUG: never let them through.
        logging.getLogger("authlib.oauth2.rfc6749.grants").setLevel(logging.INFO)
        self.service = AuthorizationService(
            services.settings, services.db, services.clock, services.keys
        )
        page = AuthorizePage(self.service)
        self.routes: list[BaseRoute] = [
            Route("/oauth/authorize", _guarded(page.show), methods=["GET"]),
            Route("/oauth/authorize", _guarded(page.submit), methods=["POST"]),
            Route("/oauth/token", _guarded(self.token), methods=["POST"]),
            Route("/oauth/revoke", _guarded(self.revoke), methods=["POST"]),
            Route("/oauth/introspect", _guarded(self.introspect), methods=["POST"]),
            Route("/oauth/userinfo", _guarded(self.userinfo), methods=["GET", "POST"]),
            Route("/oauth/logout", _guarded(self.logout), methods=["GET", "POST"]),
            Route("/.well-known/oauth-authorization-server", self.metadata, methods=["GET"]),
            Route("/.well-known/openid-configuration", self.metadata, methods=["GET"]),
        ]

    async def token(self, request: Request) -> Response:
        snapshot = await self.service.snapshot(request)
        limited = await self.service.throttle("token", snapshot)
        if limited is not None:
            return limited
        try:
            return await self.service.run(lambda server: server.create_token_response(snapshot))
        except Replay as replay:
            return await self.service.revoke_replayed(replay)

    async def revoke(self, request: Request) -> Response:
        return await self._endpoint(request, "revocation")

    async def introspect(self, request: Request) -> Response:
        return await self._endpoint(request, "introspection")

    async def _endpoint(self, request: Request, name: str) -> Response:
        snapshot = await self.service.snapshot(request)
        limited = await self.service.throttle("token", snapshot)
        if limited is not None:
            return limited

        def respond(server: OAuthServer) -> Response:
            response: Response = server.create_endpoint_response(name, snapshot)
            return response

        return await self.service.run(respond, write=name == "revocation")

    async def userinfo(self, request: Request) -> Response:
        snapshot = await self.service.snapshot(request)

        def respond(server: OAuthServer) -> Response:
            response: Response = server.create_endpoint_response("userinfo", snapshot)
            return response

        return await self.service.run(respond, write=False)

    async def logout(self, request: Request) -> Response:
        """Ends the sign-in the `id_token_hint` names, then returns to the client's
        registered `post_logout_redirect_uri` (with `state`) or shows a page."""
        snapshot = await self.service.snapshot(request)
        lang = page_language(snapshot)

        def respond(server: OAuthServer) -> Response:
            try:
                validated = server.validate_endpoint_request("end_session", snapshot)
            except OAuth2Error as error:
                server.handle_error_response(snapshot, error)  # logs it; a page instead
                return problem_page(lang, text(lang, "invalid_logout"), error.description or "")
            redirect: Response | None = server.create_endpoint_response("end_session", validated)
            return redirect or signed_out_page(lang)

        return await self.service.run(respond)

    async def metadata(self, request: Request) -> Response:
        return JSONResponse(
            metadata(self.service.settings), headers={"Cache-Control": "max-age=300"}
        )

    async def close(self) -> None:
        await self.service.close()


def metadata(settings: Settings) -> dict[str, Any]:
    """Where everything is and what is supported: RFC 8414 authorization server
    metadata and OpenID Connect Discovery 1.0 in one document (served at both
    well-known paths)."""
    base = settings.base_url
    confidential = ["client_secret_basic", "client_secret_post"]
    return {
        "issuer": settings.token_issuer,
        "authorization_endpoint": f"{base}/oauth/authorize",
        "token_endpoint": f"{base}/oauth/token",
        "userinfo_endpoint": f"{base}/oauth/userinfo",
        "end_session_endpoint": f"{base}/oauth/logout",
        "jwks_uri": f"{base}/.well-known/jwks.json",
        "revocation_endpoint": f"{base}/oauth/revoke",
        "introspection_endpoint": f"{base}/oauth/introspect",
        "scopes_supported": [*ALL_SCOPES, *sorted(IDENTITY_SCOPES)],
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [ALGORITHM],
        "claims_supported": CLAIMS_SUPPORTED,
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
        "prompt_values_supported": ["none", "login"],
        "ui_locales_supported": list(LANGUAGES),
        "token_endpoint_auth_methods_supported": [*confidential, "none"],
        "revocation_endpoint_auth_methods_supported": [*confidential, "none"],
        "introspection_endpoint_auth_methods_supported": confidential,
        "code_challenge_methods_supported": ["S256"],
    }


def _guarded(handler: Handler) -> Handler:
    async def guarded(request: Request) -> Response:
        try:
            return await handler(request)
        except InsecureTransport:
            log.error("OAuth refused over plain http: set VOCREHAB_PUBLIC_URL to an https URL")
            body = {"error": "invalid_request", "error_description": "OAuth needs https."}
            return JSONResponse(body, 400, headers=NO_STORE)

    return guarded

"""The authorization endpoint: GET shows the login and consent page, POST signs
the user in and redirects back to the client with a code (or an error).

An authorization request whose client or redirect URI cannot be trusted is
answered with an error page and never redirected (RFC 6749 §4.1.2.1); other
errors go back to the client's redirect URI with `error` and `state`.
"""

from __future__ import annotations

import logging
from typing import Any

from authlib.oauth2.rfc6749 import OAuth2Error, scope_to_list
from starlette.requests import Request
from starlette.responses import Response

from vocrehab.auth.clients import RegisteredClient
from vocrehab.auth.pages import (
    CSRF_COOKIE,
    CSRF_FIELD,
    authorize_page,
    csrf_matches,
    new_csrf_token,
    problem_page,
)
from vocrehab.auth.server import HttpRequest, OAuthServer
from vocrehab.auth.service import AuthorizationService, client_id_of
from vocrehab.auth.users import UserAccount, authenticate

__all__ = ["AuthorizePage"]

log = logging.getLogger("vocrehab.auth")
REQUEST_PARAMS = (
    "response_type", "client_id", "redirect_uri", "scope", "state",
    "code_challenge", "code_challenge_method",
)  # fmt: skip
Validated = tuple[RegisteredClient, list[str]]


class AuthorizePage:
    def __init__(self, service: AuthorizationService) -> None:
        self.service = service

    async def show(self, request: Request) -> Response:
        snapshot = await self.service.snapshot(request)
        outcome = await self.service.run(lambda server: _validate(server, snapshot), write=False)
        if isinstance(outcome, Response):
            return outcome
        csrf = request.cookies.get(CSRF_COOKIE) or new_csrf_token()
        return self._page(outcome, snapshot, csrf)

    async def submit(self, request: Request) -> Response:
        snapshot = await self.service.snapshot(request)
        form = {name: values[0] for name, values in snapshot.params.items()}
        if not csrf_matches(request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD)):
            log.info("login form refused: CSRF token missing or wrong (ip=%s)", snapshot.client_ip)
            return problem_page(
                "This form has expired", "Go back to the application and sign in again.", 400
            )
        limited = await self.service.throttle("login", snapshot)
        if limited is not None:
            return _as_page(limited)
        authorization = _authorization_request(snapshot)
        outcome = await self.service.run(lambda s: _validate(s, authorization), write=False)
        if isinstance(outcome, Response):
            return outcome
        if form.get("decision") != "allow":
            return await self.service.run(lambda s: _respond(s, authorization, None), write=False)
        async with self.service.db.session() as session:
            user = await authenticate(session, form.get("username", ""), form.get("password", ""))
        if user is None:
            log.info("login failed (client=%r ip=%s)", client_id_of(snapshot), snapshot.client_ip)
            return self._page(
                outcome,
                authorization,
                form[CSRF_FIELD],
                status=401,
                error="Wrong username or password.",
                username=form.get("username", ""),
            )
        return await self.service.run(lambda s: _respond(s, authorization, user))

    def _page(
        self,
        validated: Validated,
        snapshot: HttpRequest,
        csrf: str,
        *,
        status: int = 200,
        error: str | None = None,
        username: str = "",
    ) -> Response:
        client, scopes = validated
        page = authorize_page(
            client_name=client.name,
            client_id=client.client_id,
            scopes=scopes,
            params=_request_values(snapshot),
            csrf=csrf,
            error=error,
            username=username,
            status=status,
        )
        secure = self.service.settings.base_url.startswith("https://")
        page.set_cookie(
            CSRF_COOKIE, csrf, path="/oauth", httponly=True, secure=secure, samesite="strict"
        )
        return page


def _authorization_request(snapshot: HttpRequest) -> HttpRequest:
    """The authorization request the form carries in hidden fields, nothing else."""
    params = {name: snapshot.params[name] for name in REQUEST_PARAMS if name in snapshot.params}
    return HttpRequest("GET", snapshot.uri, snapshot.headers, params, client_ip=snapshot.client_ip)


def _request_values(snapshot: HttpRequest) -> dict[str, str]:
    return {name: values[0] for name, values in snapshot.params.items() if name in REQUEST_PARAMS}


def _validate(server: OAuthServer, snapshot: HttpRequest) -> Validated | Response:
    request = snapshot.oauth2()
    try:
        grant = server.get_consent_grant(request)
    except OAuth2Error as error:
        return _refuse(server, request, error)
    return grant.client, scope_to_list(grant.request.scope) or []


def _respond(server: OAuthServer, snapshot: HttpRequest, user: UserAccount | None) -> Response:
    """Redirect back to the client: a code when `user` allowed, `access_denied` when None."""
    request = snapshot.oauth2()
    try:
        grant = server.get_consent_grant(request)
    except OAuth2Error as error:
        return _refuse(server, request, error)
    response: Response = server.create_authorization_response(request, grant_user=user, grant=grant)
    return response


def _refuse(server: OAuthServer, request: Any, error: OAuth2Error) -> Response:
    if error.redirect_uri:
        response: Response = server.handle_error_response(request, error)
        return response
    server.handle_error_response(request, error)  # logs it; the response is a page instead
    return problem_page(
        "This sign-in link is not valid", error.description or error.error or "invalid request"
    )


def _as_page(limited: Response) -> Response:
    page = problem_page("Too many attempts", "Wait a minute, then try again.", 429)
    page.headers["Retry-After"] = limited.headers["Retry-After"]
    return page

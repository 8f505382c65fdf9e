"""The authorization endpoint: GET shows the login and consent page, POST signs
the user in and redirects back to the client with a code (or an error).

An authorization request whose client or redirect URI cannot be trusted is
answered with an error page and never redirected (RFC 6749 §4.1.2.1); other
errors go back to the client's redirect URI with `error` and `state`. The
form is accepted only from the platform's own origin and with a token bound
to the browser and to this authorization request (`csrf`).
"""

from __future__ import annotations

import logging
from typing import Any

from authlib.oauth2.rfc6749 import OAuth2Error, scope_to_list
from starlette.requests import Request
from starlette.responses import Response

from vocrehab.auth.clients import RegisteredClient
from vocrehab.auth.csrf import COOKIE, FIELD, PURPOSE, FormToken, from_own_origin, new_browser_nonce
from vocrehab.auth.pages import authorize_page, problem_page
from vocrehab.auth.server import HttpRequest, OAuthServer
from vocrehab.auth.service import AuthorizationService, client_id_of
from vocrehab.auth.texts import negotiate, text
from vocrehab.auth.users import UserAccount, authenticate

__all__ = ["REQUEST_PARAMS", "AuthorizePage", "page_language"]

log = logging.getLogger("vocrehab.auth")
REQUEST_PARAMS = (
    "response_type", "client_id", "redirect_uri", "scope", "state",
    "code_challenge", "code_challenge_method", "nonce", "prompt", "max_age", "ui_locales",
)  # fmt: skip
Validated = tuple[RegisteredClient, list[str]]


def page_language(snapshot: HttpRequest) -> str:
    ui_locales = snapshot.params.get("ui_locales", [None])[0]
    return negotiate(ui_locales, snapshot.headers.get("accept-language"))


class AuthorizePage:
    def __init__(self, service: AuthorizationService) -> None:
        self.service = service
        self.tokens = FormToken(lambda now: service.keys.derived_secrets(PURPOSE, now))

    async def show(self, request: Request) -> Response:
        snapshot = await self.service.snapshot(request)
        lang = page_language(snapshot)
        outcome = await self.service.run(lambda s: _validate(s, snapshot, lang), write=False)
        if isinstance(outcome, Response):
            return outcome
        browser = request.cookies.get(COOKIE) or new_browser_nonce()
        return self._page(outcome, snapshot, lang, browser)

    async def submit(self, request: Request) -> Response:
        snapshot = await self.service.snapshot(request)
        lang = page_language(snapshot)
        form = {name: values[0] for name, values in snapshot.params.items()}
        browser = request.cookies.get(COOKIE)
        if not from_own_origin(snapshot.headers, self.service.settings.base_url):
            log.info("login form refused: posted from another origin (ip=%s)", snapshot.client_ip)
            return problem_page(lang, text(lang, "other_site"), text(lang, "sign_in_again"), 403)
        now = self.service.clock.now()
        if not self.tokens.check(form.get(FIELD), browser, _request_values(snapshot), now):
            log.info("login form refused: CSRF token missing or wrong (ip=%s)", snapshot.client_ip)
            return problem_page(lang, text(lang, "expired"), text(lang, "sign_in_again"), 400)
        limited = await self.service.throttle("login", snapshot)
        if limited is not None:
            return _as_page(limited, lang)
        authorization = _authorization_request(snapshot)
        outcome = await self.service.run(lambda s: _validate(s, authorization, lang), write=False)
        if isinstance(outcome, Response):
            return outcome
        if form.get("decision") != "allow":
            return await self.service.run(
                lambda s: _respond(s, authorization, None, lang), write=False
            )
        async with self.service.db.session() as session:
            user = await authenticate(session, form.get("username", ""), form.get("password", ""))
        if user is None:
            log.info("login failed (client=%r ip=%s)", client_id_of(snapshot), snapshot.client_ip)
            assert browser is not None  # the token check needs it
            return self._page(
                outcome,
                authorization,
                lang,
                browser,
                status=401,
                error=text(lang, "wrong_password"),
                username=form.get("username", ""),
            )
        return await self.service.run(lambda s: _respond(s, authorization, user, lang))

    def _page(
        self,
        validated: Validated,
        snapshot: HttpRequest,
        lang: str,
        browser: str,
        *,
        status: int = 200,
        error: str | None = None,
        username: str = "",
    ) -> Response:
        client, scopes = validated
        params = _request_values(snapshot) | {"ui_locales": lang}
        page = authorize_page(
            lang=lang,
            client_name=client.name,
            client_id=client.client_id,
            scopes=scopes,
            params=params,
            csrf=self.tokens.make(browser, params, self.service.clock.now()),
            error=error,
            username=username,
            status=status,
        )
        secure = self.service.settings.base_url.startswith("https://")
        page.set_cookie(
            COOKIE, browser, path="/oauth", httponly=True, secure=secure, samesite="strict"
        )
        return page


def _authorization_request(snapshot: HttpRequest) -> HttpRequest:
    """The authorization request the form carries in hidden fields, nothing else."""
    params = {name: snapshot.params[name] for name in REQUEST_PARAMS if name in snapshot.params}
    return HttpRequest("GET", snapshot.uri, snapshot.headers, params, client_ip=snapshot.client_ip)


def _request_values(snapshot: HttpRequest) -> dict[str, str]:
    return {name: values[0] for name, values in snapshot.params.items() if name in REQUEST_PARAMS}


def _validate(server: OAuthServer, snapshot: HttpRequest, lang: str) -> Validated | Response:
    request = snapshot.oauth2()
    try:
        grant = server.get_consent_grant(request)
    except OAuth2Error as error:
        return _refuse(server, request, error, lang)
    return grant.client, scope_to_list(grant.request.scope) or []


def _respond(
    server: OAuthServer, snapshot: HttpRequest, user: UserAccount | None, lang: str
) -> Response:
    """Redirect back to the client: a code when `user` allowed, `access_denied` when None."""
    request = snapshot.oauth2()
    try:
        grant = server.get_consent_grant(request)
    except OAuth2Error as error:
        return _refuse(server, request, error, lang)
    response: Response = server.create_authorization_response(request, grant_user=user, grant=grant)
    return response


def _refuse(server: OAuthServer, request: Any, error: OAuth2Error, lang: str) -> Response:
    if error.redirect_uri:
        response: Response = server.handle_error_response(request, error)
        return response
    server.handle_error_response(request, error)  # logs it; the response is a page instead
    return problem_page(
        lang, text(lang, "invalid_link"), error.description or error.error or "invalid request"
    )


def _as_page(limited: Response, lang: str) -> Response:
    page = problem_page(lang, text(lang, "too_many"), text(lang, "wait"), 429)
    page.headers["Retry-After"] = limited.headers["Retry-After"]
    return page

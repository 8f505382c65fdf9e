"""Bearer-token authentication for the API routes (RFC 6750).

A request without a valid token never reaches GraphQL: it gets 401 with a
GraphQL-shaped body (`extensions.code = UNAUTHENTICATED`) and a
`WWW-Authenticate` challenge, so both GraphQL clients and OAuth client
libraries understand it.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from vocrehab.auth.tokens import TokenValidator, Unauthenticated
from vocrehab.core.clock import Clock
from vocrehab.core.principal import Principal

__all__ = ["BearerAuth", "bearer_token"]

OPEN_METHODS = {"GET", "HEAD", "OPTIONS"}


def bearer_token(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return ""
    return None


class BearerAuth:
    """Wraps an ASGI app; puts the `Principal` in `scope["state"]["principal"]`.

    `open_methods` pass without a token (GraphiQL is served on GET /graphql).
    """

    def __init__(
        self,
        app: ASGIApp,
        validator: Callable[[], TokenValidator],
        clock: Clock,
        open_methods: set[str] | None = None,
        realm: str = "vocrehab",
    ) -> None:
        self.app = app
        self.validator = validator
        self.clock = clock
        self.open_methods = OPEN_METHODS if open_methods is None else open_methods
        self.realm = realm

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in self.open_methods:
            await self.app(scope, receive, send)
            return
        token = bearer_token(scope)
        try:
            if not token:
                raise Unauthenticated("missing bearer token")
            principal = await self.validator().validate(token, self.clock.now())
        except Unauthenticated as exc:
            await self._refuse(send, str(exc), token is not None)
            return
        scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)

    async def _refuse(self, send: Send, reason: str, token_given: bool) -> None:
        challenge = f'Bearer realm="{self.realm}"'
        if token_given:
            description = reason.replace('"', "'")
            challenge += f', error="invalid_token", error_description="{description}"'
        body = json.dumps(
            {"errors": [{"message": reason, "extensions": {"code": "UNAUTHENTICATED"}}]}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"www-authenticate", challenge.encode()),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def principal_of(scope: Scope) -> Principal:
    return scope["state"]["principal"]  # type: ignore[no-any-return]


__all__ += ["principal_of"]

"""create_app(settings): the one place where vocrehab is wired together.

Nothing happens at import time: the plugin host, the database, the keys and
the schema are built here from explicit settings, so tests build apps with
their own settings (and clock) side by side.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute, request_response
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UNSET

from vocrehab.api.context import Context
from vocrehab.api.downloads import download_document
from vocrehab.api.errors import classify
from vocrehab.api.loaders import Loaders
from vocrehab.api.schema import Limits, build_schema
from vocrehab.api.subscriptions import EventBroker, make_broker
from vocrehab.auth.denylist import AccessTokenDenylist
from vocrehab.auth.external import trusted_issuers
from vocrehab.auth.keys import KeyStore
from vocrehab.auth.middleware import BearerAuth, principal_of
from vocrehab.auth.routes import OAuthEndpoints
from vocrehab.auth.tokens import TokenValidator, Unauthenticated
from vocrehab.config import Settings
from vocrehab.core import audit
from vocrehab.core.access import with_organisation
from vocrehab.core.clock import Clock
from vocrehab.core.principal import Principal
from vocrehab.db.engine import Database
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.types import PluginConfig
from vocrehab.hooks.vocabulary import StakeholderType

__all__ = ["Services", "app_from_environment", "create_app", "load_plugins"]

log = logging.getLogger("vocrehab")


@dataclass
class Services:
    """What a running application holds, shared by all requests."""

    settings: Settings
    host: PluginHost
    db: Database
    clock: Clock
    keys: KeyStore
    validator: TokenValidator
    broker: EventBroker


def load_plugins(settings: Settings) -> PluginHost:
    return PluginHost.load(
        allow=settings.plugin_allow_list, config=PluginConfig(settings.plugin_options)
    )


class GraphQLView(GraphQL):  # type: ignore[type-arg]
    def __init__(self, services: Services, **kwargs: Any) -> None:
        settings = services.settings
        schema = build_schema(
            services.host,
            Limits(
                settings.max_query_depth,
                settings.max_aliases,
                settings.max_tokens,
                settings.introspection,
            ),
        )
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=False,
            **kwargs,
        )
        self.services = services

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        # GET serves GraphiQL only (queries via GET are disabled): no principal,
        # so no context; nothing executes without one.
        if request.scope.get("method") in {"GET", "HEAD"} and "principal" not in request.scope.get(
            "state", {}
        ):
            context = None
        return await super().run(request, context, root_value)

    async def process_result(self, request: Any, result: Any) -> Any:
        if result.errors:
            request_id = request.scope.get("state", {}).get("request_id", "unknown")
            result.errors = classify(result.errors, request_id)
        await self._write_access_log(request)
        return await super().process_result(request, result)

    async def _write_access_log(self, request: Any) -> None:
        """One batch per request, before the response leaves: no data without its log entry."""
        recorder = request.scope.get("state", {}).get("access_recorder")
        if recorder:
            async with self.services.db.transaction() as session:
                await audit.write_entries(session, recorder, self.services.clock.now())

    async def on_ws_connect(self, context: Context) -> Any:  # type: ignore[override]
        """A WebSocket authenticates with the bearer token in connection_init's payload
        (browsers cannot set headers on a WebSocket)."""
        services = self.services
        token = bearer_from_params(context.connection_params)
        try:
            if not token:
                raise Unauthenticated("missing bearer token in the connection_init payload")
            principal = await services.validator.validate(token, services.clock.now())
        except Unauthenticated as exc:
            raise ConnectionRejectionError(
                {"message": str(exc), "code": "UNAUTHENTICATED"}
            ) from None
        async with services.db.session() as session:
            principal = await with_organisation(session, principal)
        context.principal = principal
        context.loaders = Loaders(services.db, principal, services.clock)
        return UNSET

    async def get_context(self, request: Any, response: Any) -> Context:  # type: ignore[override]
        services = self.services
        if request.scope.get("type") == "websocket":
            request.scope.setdefault("state", {}).setdefault("request_id", uuid.uuid4().hex)
            principal = NOBODY  # until connection_init brings a token (on_ws_connect)
        else:
            principal = principal_of(request.scope)
        if principal.actor_id is not None and not principal.is_admin:
            async with services.db.session() as session:
                principal = await with_organisation(session, principal)
        request_id = request.scope.get("state", {}).get("request_id", "unknown")
        recorder = audit.AccessRecorder(principal, request_id)
        request.scope.setdefault("state", {})["access_recorder"] = recorder
        audit.start_recording(recorder)
        return Context(
            recorder=recorder,
            principal=principal,
            db=services.db,
            host=services.host,
            clock=services.clock,
            settings=services.settings,
            request_id=request.scope.get("state", {}).get("request_id", "unknown"),
            loaders=Loaders(services.db, principal, services.clock),
            request=request,
            response=response,
            broker=services.broker,
        )


NOBODY = Principal("anonymous", "", StakeholderType.PARTICIPANT, frozenset())
"""Who a WebSocket is before it authenticates: no scopes, no case, no participant."""


def bearer_from_params(params: dict[str, Any] | None) -> str | None:
    for name in ("Authorization", "authorization"):
        value = (params or {}).get(name)
        if isinstance(value, str) and value.lower().startswith("bearer "):
            return value[7:].strip() or None
    return None


class RequestId:
    """Gives every request an id, returned as X-Request-ID and used in error reports."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        await self.app(scope, receive, send_with_id)


def create_app(
    settings: Settings | None = None,
    *,
    host: PluginHost | None = None,
    clock: Clock | None = None,
    database: Database | None = None,
) -> Starlette:
    settings = settings or Settings()
    host = host or load_plugins(settings)
    clock = clock or Clock(settings.timezone)
    db = database or Database(settings.database_url, echo=settings.log_sql)
    keys = KeyStore(db)
    services = Services(
        settings=settings,
        host=host,
        db=db,
        clock=clock,
        keys=keys,
        broker=make_broker(settings.redis_url),
        validator=TokenValidator(
            keys,
            settings.token_issuer,
            settings.audience,
            denylist=AccessTokenDenylist(db),
            trusted=trusted_issuers(settings),
        ),
    )
    oauth = OAuthEndpoints(services)
    view = GraphQLView(services)
    graphql = BearerAuth(view, lambda: services.validator, clock)

    # Downloads need the token on GET too (no method is open there).
    documents = BearerAuth(
        request_response(download_document), lambda: services.validator, clock, set()
    )

    async def healthz(request: Request) -> Response:
        try:
            async with db.session() as session:
                await session.execute(sa.text("SELECT 1"))
        except Exception:
            log.exception("health check: database unreachable")
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, 503)
        return JSONResponse({"status": "ok", "plugins": [j.code for j in host.jurisdictions()]})

    async def jwks(request: Request) -> Response:
        await keys.refresh()
        return JSONResponse(keys.jwks(clock.now()), headers={"cache-control": "max-age=300"})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await keys.ensure_signing_key(clock.now())
        yield
        await oauth.close()
        await services.broker.close()
        if database is None:
            await db.dispose()

    middleware = [Middleware(RequestId)]
    if settings.cors_origin_list:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origin_list,
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["authorization", "content-type"],
                expose_headers=["x-request-id", "www-authenticate"],
                max_age=600,
            )
        )
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST", "OPTIONS"]),
            WebSocketRoute("/graphql", view),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/.well-known/jwks.json", jwks, methods=["GET"]),
            Route("/documents/{id}", documents, methods=["GET"]),
            *oauth.routes,
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.services = services
    return app


def app_from_environment() -> Starlette:
    """Factory for `uvicorn --factory` (used by `vocrehab serve` for workers and reload)."""
    return create_app(Settings())

"""create_app(settings): the one place where vocrehab is wired together.

Nothing happens at import time: the plugin host, the database, the keys and
the schema are built here from explicit settings, so tests build apps with
their own settings (and clock) side by side.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from strawberry.schema.config import StrawberryConfig

from vocrehab.api.access import AccessRules
from vocrehab.api.downloads import download_document
from vocrehab.api.graphiql import graphiql_response, graphiql_routes
from vocrehab.api.http import GraphQLHTTP
from vocrehab.api.metrics import Metrics
from vocrehab.api.operation import Documents, Limits, Pipeline
from vocrehab.api.planner import Planner
from vocrehab.api.schema import BuiltSchema, build_schema
from vocrehab.api.subscriptions import EventBroker, make_broker
from vocrehab.api.ws import SocketView
from vocrehab.auth.denylist import AccessTokenDenylist
from vocrehab.auth.external import trusted_issuers
from vocrehab.auth.keys import KeyStore
from vocrehab.auth.routes import OAuthEndpoints
from vocrehab.auth.tokens import TokenValidator
from vocrehab.config import Settings
from vocrehab.core.audit_seal import sealer_lag, sealing
from vocrehab.core.clock import Clock
from vocrehab.core.webhook_urls import UrlPolicy
from vocrehab.db.engine import Database
from vocrehab.db.outage import once_reachable
from vocrehab.failures import Failures
from vocrehab.health import Health
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.types import PluginConfig
from vocrehab.integrations.digest import DigestStage
from vocrehab.integrations.dispatcher import Dispatcher, DispatcherSettings
from vocrehab.integrations.webhooks import WebhookSettings, WebhookStage

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
    webhook_urls: UrlPolicy
    built: BuiltSchema = field(init=False)
    dispatcher: Dispatcher = field(init=False)
    pipeline: Pipeline = field(init=False)
    metrics: Metrics = field(init=False)

    @property
    def planner(self) -> Planner:
        return self.built.planner

    @property
    def rules(self) -> AccessRules:
        return self.built.rules

    @property
    def schema_config(self) -> StrawberryConfig:
        return self.built.config


def load_plugins(settings: Settings) -> PluginHost:
    return PluginHost.load(
        allow=settings.plugin_allow_list, config=PluginConfig(settings.plugin_options)
    )


def _limits(settings: Settings) -> Limits:
    return Limits(
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_aliases,
        max_tokens=settings.max_tokens,
        max_document_bytes=settings.max_request_bytes,
        introspection=settings.introspection,
        cache_bytes=settings.document_cache_bytes,
    )


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
        webhook_urls=UrlPolicy(allow_loopback_http=settings.webhook_allow_loopback_http),
        validator=TokenValidator(
            keys,
            settings.token_issuer,
            settings.audience,
            denylist=AccessTokenDenylist(db),
            trusted=trusted_issuers(settings),
            leeway=settings.token_leeway_seconds,
        ),
    )
    services.built = build_schema(host, introspection=settings.introspection)

    async def lag() -> tuple[float, int]:
        found = await sealer_lag(db, clock.now())
        return found.oldest_age_seconds, found.unsealed

    services.dispatcher = Dispatcher(
        services,
        DispatcherSettings(
            lease_seconds=settings.dispatcher_lease_seconds,
            poll_seconds=settings.dispatcher_poll_seconds,
        ),
        WebhookStage(
            services,
            services.webhook_urls,
            WebhookSettings(
                retry_hours=settings.webhook_retry_hours,
                timeout_seconds=settings.webhook_timeout_seconds,
                disable_after=settings.webhook_disable_after,
                lease_seconds=settings.dispatcher_lease_seconds,
            ),
        ),
        digests=DigestStage(services, settings.digest_hour),
    )
    services.metrics = Metrics(db.engine.pool, sealer_lag=lag)
    services.pipeline = Pipeline(services, Documents(services.built.graphql, _limits(settings)))
    oauth = OAuthEndpoints(services)
    graphql = GraphQLHTTP(
        services.pipeline,
        max_body_bytes=settings.max_request_bytes,
        graphiql=graphiql_response if settings.graphiql else None,
    )
    sockets = SocketView(
        services.pipeline,
        services.built.strawberry,
        settings.ws_recheck_seconds,
        max_message_bytes=settings.max_request_bytes,
    )

    async def jwks(request: Request) -> Response:
        await keys.refresh()
        return JSONResponse(keys.jwks(clock.now()), headers={"cache-control": "max-age=300"})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await once_reachable(lambda: keys.ensure_signing_key(clock.now()), "start-up")
        interval = settings.audit_seal_interval_seconds if settings.audit_sealer else None
        async with sealing(db, clock, interval), services.dispatcher.running(settings.dispatcher):
            yield
        await oauth.close()
        await services.dispatcher.webhooks.close()
        await services.broker.close()
        if database is None:
            await db.dispose()

    middleware = [Middleware(Failures)]  # outermost: request ids and coded failures
    if settings.cors_origin_list:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origin_list,
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["authorization", "content-type", "accept", "idempotency-key"],
                expose_headers=["x-request-id", "www-authenticate", "idempotent-replayed"],
                max_age=600,
            )
        )
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),  # OPTIONS: vocrehab.failures
            WebSocketRoute("/graphql", sockets),
            *Health(db, settings.redis_url, [j.code for j in host.jurisdictions()]).routes,
            Route("/metrics", services.metrics.endpoint, methods=["GET"]),
            Route("/.well-known/jwks.json", jwks, methods=["GET"]),
            Route("/documents/{id}", download_document, methods=["GET"]),
            *oauth.routes,
            *(graphiql_routes() if settings.graphiql else []),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.services = services
    return app


def app_from_environment() -> Starlette:
    """Factory for `uvicorn --factory` (used by `vocrehab serve` for workers and reload)."""
    app = create_app(Settings())
    _settle_the_heap()
    return app


def _settle_the_heap() -> None:
    """A serving process's garbage collector, tuned for many short requests.

    Everything built so far (modules, schema, plugins) lives as long as the
    process: frozen, the collector no longer walks it in every full collection.
    A request allocates tens of thousands of short-lived objects, few in
    cycles, and freed by their reference counts when it ends; a first-generation
    pass walks the objects of every request still in flight. With eight requests
    in flight, a threshold of 20,000 ran a pass every few requests over objects
    that were about to be freed anyway: 0.4 ms of a caseload page's 9 ms of CPU,
    0.8 ms of 12.7 ms with milestones. Above what requests in flight hold, passes
    are rare (none in 320 pages at 100,000), while cyclic garbage still goes
    within that many allocations. Only for `vocrehab serve`: an application built
    in tests or embedded elsewhere keeps the interpreter's defaults.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)

"""All configuration: one `Settings` object read from VOCREHAB_* environment variables.

Every setting is documented in README.md ("Configuration"); a test keeps the two in step.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from vocrehab.hooks.vocabulary import StakeholderType

__all__ = ["ClaimMapping", "RateLimits", "Settings", "TrustedIssuer"]


class ClaimMapping(BaseModel):
    """Which claim of an external token carries each fact (dotted paths reach into objects)."""

    stakeholder_type: str = "stakeholder_type"
    actor_id: str = "actor_id"
    participant_id: str = "participant_id"
    scope: str = "scope"
    client_id: str = "client_id"


class TrustedIssuer(BaseModel):
    """An identity provider whose access tokens the API accepts (eID broker, Keycloak)."""

    issuer: str
    jwks_url: str | None = None
    jwks_file: str | None = None
    audience: str
    claims: ClaimMapping = Field(default_factory=ClaimMapping)
    default_stakeholder_type: StakeholderType | None = None
    algorithms: list[str] = Field(default_factory=lambda: ["RS256", "PS256", "ES256"])

    @model_validator(mode="after")
    def _one_key_source(self) -> TrustedIssuer:
        if (self.jwks_url is None) == (self.jwks_file is None):
            raise ValueError(f"{self.issuer}: give exactly one of jwks_url and jwks_file")
        if any(alg.lower() == "none" or alg.startswith("HS") for alg in self.algorithms):
            raise ValueError(f"{self.issuer}: only asymmetric signature algorithms are allowed")
        return self


class RateLimits(BaseModel):
    """Requests allowed per `window_seconds`, counted per client and per IP address."""

    window_seconds: int = 60
    token_per_client: int = 60
    token_per_ip: int = 120
    login_per_client: int = 300
    login_per_ip: int = 20


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VOCREHAB_", extra="ignore")

    database_url: str = Field(
        "sqlite+aiosqlite:///var/vocrehab.sqlite3",
        description="SQLAlchemy URL; postgresql+asyncpg://user@host/db for PostgreSQL.",
    )
    host: str = Field("127.0.0.1", description="Interface `vocrehab serve` listens on.")
    port: int = Field(8000, description="Port `vocrehab serve` listens on.")
    workers: int = Field(1, description="Worker processes for `vocrehab serve`.")
    public_url: str | None = Field(
        None, description="Base URL clients reach the server at (default http://HOST:PORT)."
    )
    issuer: str | None = Field(
        None, description="`iss` of the platform's own access tokens (default: PUBLIC_URL)."
    )
    audience: str = Field("vocrehab", description="`aud` every access token must carry.")
    token_ttl_seconds: int = Field(900, description="Default lifetime of issued access tokens.")
    refresh_token_ttl_seconds: int = Field(
        14 * 24 * 3600, description="Lifetime of a refresh token (each use rotates it)."
    )
    token_leeway_seconds: int = Field(
        30,
        description="Clock skew tolerated when checking a token's exp, iat and nbf "
        "(the platform's own tokens and trusted issuers' alike).",
    )
    trusted_issuers: list[TrustedIssuer] = Field(
        default_factory=list,
        description="JSON list of external token issuers the API accepts (README).",
    )
    rate_limits: RateLimits = Field(
        default_factory=RateLimits,
        description="JSON limits for the token endpoint and the login form.",
    )
    redis_url: str | None = Field(
        None,
        description="Redis for what all workers share: rate limits and case events for "
        "subscribers (default: per process).",
    )
    plugins: str | None = Field(
        None, description="Comma-separated allow-list of plugin names; unset loads all installed."
    )
    plugin_options: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description='JSON options per plugin, e.g. {"generic": {"plan_due_days": 21}}.',
    )
    timezone: str = Field(
        "UTC", description="IANA zone that decides what 'today' is for deadlines and access."
    )
    graphiql: bool = Field(True, description="Serve GraphiQL on GET /graphql.")
    introspection: bool = Field(True, description="Allow schema introspection.")
    max_query_depth: int = Field(12, description="Deepest selection nesting accepted.")
    max_aliases: int = Field(30, description="Most aliases accepted in one operation.")
    max_tokens: int = Field(5000, description="Most lexical tokens accepted in one document.")
    max_total_count: int = Field(
        10_000,
        description="Most rows a root list counts for totalCount; beyond it, totalCount is "
        "this bound and totalCountPrecision AT_LEAST.",
    )
    max_request_bytes: int = Field(
        256 * 1024,
        description="Largest request body, query document and WebSocket message accepted.",
    )
    document_cache_bytes: int = Field(
        16 * 1024 * 1024,
        description="Parsed query documents are kept until their texts add up to this; the "
        "least recently used go first (persisted queries by hash likewise).",
    )
    ws_recheck_seconds: float = Field(
        30.0,
        description="How often an open WebSocket's token is checked for revocation (it is also "
        "checked on every operation and event, and the socket closes when it expires).",
    )
    cors_origins: str = Field(
        "", description="Comma-separated origins allowed to call the API from a browser."
    )
    audit_sealer: bool = Field(
        True, description="Run the access-log sealer inside `vocrehab serve` (every worker)."
    )
    audit_seal_interval_seconds: float = Field(
        1.0, gt=0, description="How often the sealer chains new access-log entries into a batch."
    )
    dispatcher: bool = Field(
        True,
        description="Run an outbox dispatcher inside `vocrehab serve` (every worker): plugin "
        "events, subscriptions and webhooks. Turn off when `vocrehab worker` runs them.",
    )
    dispatcher_poll_seconds: float = Field(
        0.5, gt=0, description="How often an idle dispatcher looks at the outbox."
    )
    dispatcher_lease_seconds: float = Field(
        30.0,
        gt=0,
        description="How long a dispatcher holds what it claimed; a dispatcher that dies "
        "is taken over after this.",
    )
    digest_hour: int = Field(
        7,
        ge=0,
        le=23,
        description="The hour of the day (the deployment's time zone) from which the daily "
        "digest is issued: digest.daily webhooks and dailyDigest subscribers.",
    )
    webhook_allow_loopback_http: bool = Field(
        False,
        description="Development: allow webhook URLs with plain http on a loopback address.",
    )
    webhook_retry_hours: float = Field(
        24.0, gt=0, description="How long a webhook message is retried before it is dead-lettered."
    )
    webhook_timeout_seconds: float = Field(
        10.0, gt=0, description="Time allowed for one webhook request, connection to reply."
    )
    webhook_disable_after: int = Field(
        5,
        ge=1,
        description="Dead-lettered messages in a row after which a subscription is disabled.",
    )
    idempotency_key_hours: float = Field(
        24.0,
        gt=0,
        description="How long the response to a mutation sent with an `Idempotency-Key` is "
        "kept for its retries.",
    )
    log_level: str = Field("INFO", description="Python log level.")
    log_sql: bool = Field(False, description="Log every SQL statement (development only).")

    @field_validator(
        "workers",
        "port",
        "max_query_depth",
        "max_aliases",
        "max_tokens",
        "max_total_count",
        "max_request_bytes",
        "document_cache_bytes",
        "token_ttl_seconds",
        "refresh_token_ttl_seconds",
    )
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
        return value

    @field_validator("token_leeway_seconds")
    @classmethod
    def _leeway(cls, value: int) -> int:
        if not 0 <= value <= 300:
            raise ValueError("must be between 0 and 300 seconds")
        return value

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def token_issuer(self) -> str:
        return self.issuer or self.base_url

    @property
    def plugin_allow_list(self) -> list[str] | None:
        if self.plugins is None:
            return None
        return [name.strip() for name in self.plugins.split(",") if name.strip()]

    @property
    def cors_origin_list(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]

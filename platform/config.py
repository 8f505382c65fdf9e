"""All configuration: one `Settings` object read from VOCREHAB_* environment variables.

Every setting is documented in README.md ("Configuration"); a test keeps the two in step.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


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
    cors_origins: str = Field(
        "", description="Comma-separated origins allowed to call the API from a browser."
    )
    log_level: str = Field("INFO", description="Python log level.")
    log_sql: bool = Field(False, description="Log every SQL statement (development only).")

    @field_validator("workers", "port", "max_query_depth", "max_aliases", "max_tokens")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
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

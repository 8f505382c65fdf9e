"""Prometheus metrics at `GET /metrics` (prometheus-client).

- `vocrehab_operation_seconds{operation, kind}`: how long each GraphQL operation
  took, by its name (anonymous operations are "-"; past 500 distinct names, new
  ones are counted as "other", so a client cannot grow the label set without bound);
- `vocrehab_operation_statements{kind}`: SQL statements per operation;
- `vocrehab_db_pool_connections{state}`: the connection pool, in use and idle;
- `vocrehab_access_log_unsealed{measure}`: the access log's sealer lag: how many
  entries wait to be sealed (`entries`) and the oldest one's age (`oldest_seconds`).

With several workers, set `PROMETHEUS_MULTIPROC_DIR` to a directory shared by
them (`vocrehab serve` does) and every worker's `/metrics` answers for all.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response

__all__ = ["Metrics"]

MAX_OPERATION_NAMES = 500


class Metrics:
    def __init__(
        self,
        pool: Any,
        sealer_lag: Callable[[], Awaitable[tuple[float, int]]] | None = None,
    ) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.pool = pool
        self.sealer_lag = sealer_lag
        self._names: set[str] = set()
        self._lag: tuple[float, int] = (0.0, 0)
        self.seconds = Histogram(
            "vocrehab_operation_seconds",
            "Time to answer a GraphQL operation.",
            ("operation", "kind"),
            registry=self.registry,
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.statements = Histogram(
            "vocrehab_operation_statements",
            "SQL statements one GraphQL operation sent.",
            ("kind",),
            registry=self.registry,
            buckets=(1, 2, 4, 6, 8, 12, 16, 24, 32, 64, 128),
        )
        self.registry.register(_PoolCollector(self))

    def observe(self, name: str | None, kind: str, started: float, statements: int) -> None:
        label = name or "-"
        if label not in self._names:
            if len(self._names) >= MAX_OPERATION_NAMES:
                label = "other"
            else:
                self._names.add(label)
        self.seconds.labels(label, kind).observe(time.perf_counter() - started)
        self.statements.labels(kind).observe(statements)

    async def endpoint(self, request: Request) -> Response:
        if self.sealer_lag is not None:
            self._lag = await self.sealer_lag()
        registry = self.registry
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            MultiProcessCollector(registry)
            registry.register(_PoolCollector(self))
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


class _PoolCollector:
    """Pool usage and sealer lag, read when scraped."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def collect(self) -> Any:
        pool = self.metrics.pool
        connections = GaugeMetricFamily(
            "vocrehab_db_pool_connections",
            "Database connections of this process's pool.",
            labels=["state"],
        )
        checked_out = getattr(pool, "checkedout", lambda: 0)()
        idle = getattr(pool, "checkedin", lambda: 0)()
        connections.add_metric(["in_use"], checked_out)
        connections.add_metric(["idle"], idle)
        yield connections
        if self.metrics.sealer_lag is not None:
            age, count = self.metrics._lag
            lag = GaugeMetricFamily(
                "vocrehab_access_log_unsealed",
                "Access-log entries not yet sealed into a batch: the oldest one's age in "
                "seconds, and how many.",
                labels=["measure"],
            )
            lag.add_metric(["oldest_seconds"], age)
            lag.add_metric(["entries"], count)
            yield lag

    def describe(self) -> list[Any]:
        return []

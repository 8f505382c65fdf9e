"""Load over HTTP: wrk (`-t1 -c8`, a Lua script for the POST bodies), or a Python
asyncio + httpx generator when wrk is not installed (it shares the CPU with the
servers it measures, so its numbers are lower: it says so when it runs)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace

import httpx

__all__ = ["Measured", "measure"]

CONNECTIONS = 8


@dataclass(frozen=True)
class Measured:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    """Connection errors, timeouts and answers other than 2xx/3xx (in all rounds)."""

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def measure(
    url: str, bodies: list[bytes], token: str | None, seconds: float, rounds: int
) -> Measured:
    """The median round (by requests per second) of `rounds` runs of `seconds` each;
    bodies are sent in turn, one per request."""
    wanted = os.environ.get("BENCH_LOADGEN", "wrk")
    drive = _wrk if wanted == "wrk" and shutil.which("wrk") else _python
    runs = sorted(
        (drive(url, bodies, token, seconds) for _ in range(rounds)), key=lambda m: m.per_second
    )
    return replace(runs[len(runs) // 2], errors=sum(run.errors for run in runs))


# ---------------------------------------------------------------------- wrk

_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH {"requests": %d, "us": %d, "p50": %d, "p99": %d, "errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def _lua_string(text: str) -> str:
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


def _script(bodies: list[bytes], token: str | None) -> str:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    lines = [f"wrk.headers[ {_lua_string(k)} ] = {_lua_string(v)}" for k, v in headers.items()]
    lines.append('wrk.method = "POST"')
    if len(bodies) == 1:
        lines.append(f"wrk.body = {_lua_string(bodies[0].decode())}")
    else:
        listed = ",\n".join(_lua_string(body.decode()) for body in bodies)
        lines += [
            f"local bodies = {{\n{listed}\n}}",
            "local i = 0",
            "request = function()",
            "  i = i % #bodies + 1",
            "  return wrk.format(nil, nil, nil, bodies[i])",
            "end",
        ]
    return "\n".join(lines) + _DONE


def _wrk(url: str, bodies: list[bytes], token: str | None, seconds: float) -> Measured:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_script(bodies, token))
        script.flush()
        done = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{CONNECTIONS}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "60s",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result:\n{done.stdout}\n{done.stderr}")
    found = json.loads(line.removeprefix("BENCH "))
    return Measured(
        found["requests"],
        found["us"] / 1e6,
        found["p50"] / 1e3,
        found["p99"] / 1e3,
        found["errors"],
    )


# ---------------------------------------------------------------------- Python

_warned = False


def _python(url: str, bodies: list[bytes], token: str | None, seconds: float) -> Measured:
    global _warned
    if not _warned:
        print(
            "warning: wrk is not installed (apt-get install wrk): using the Python load "
            "generator, which competes with the servers for CPU; its numbers are lower",
            file=sys.stderr,
        )
        _warned = True
    return asyncio.run(_python_load(url, bodies, token, seconds))


async def _python_load(
    url: str, bodies: list[bytes], token: str | None, seconds: float
) -> Measured:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    latencies: list[float] = []
    errors = 0
    turn = 0
    limits = httpx.Limits(max_connections=CONNECTIONS)
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=60) as client:
        started = time.perf_counter()
        deadline = started + seconds

        async def client_loop() -> None:
            nonlocal errors, turn
            while time.perf_counter() < deadline:
                body, turn = bodies[turn % len(bodies)], turn + 1
                sent = time.perf_counter()
                try:
                    response = await client.post(url, content=body)
                    errors += response.status_code >= 400
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - sent)

        await asyncio.gather(*(client_loop() for _ in range(CONNECTIONS)))
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return Measured(len(latencies), elapsed, statistics.median(ordered) * 1e3, p99 * 1e3, errors)

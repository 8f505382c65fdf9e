"""Calling the API the way a frontend does: POST /graphql with a bearer token."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

__all__ = ["body", "post", "timed"]


def body(query: str, **variables: Any) -> bytes:
    """A request body, as the load generators send it."""
    return json.dumps({"query": query, "variables": variables}).encode()


def post(url: str, token: str | None, query: str, **variables: Any) -> dict[str, Any]:
    """One request; its data, or an error naming what went wrong."""
    return _send(url, token, body(query, **variables))[0]


def timed(url: str, token: str | None, content: bytes) -> float:
    """Seconds one request took, once its answer has been checked."""
    return _send(url, token, content)[1]


def _send(url: str, token: str | None, content: bytes) -> tuple[dict[str, Any], float]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    started = time.perf_counter()
    response = httpx.post(url, content=content, headers=headers, timeout=120)
    took = time.perf_counter() - started
    try:
        answer = response.json()
    except ValueError:
        answer = {"errors": response.text}
    if response.status_code != 200 or answer.get("errors") or answer.get("data") is None:
        raise RuntimeError(f"{url} answered {response.status_code}: {json.dumps(answer)[:2000]}")
    return dict(answer["data"]), took

"""The `Idempotency-Key` request header on a mutation (the IETF draft "The
Idempotency-Key HTTP Header Field"): what the header may hold, which keys this
process is running, and what is kept of a response for a retry.

The pipeline (`api.operation.Pipeline.run`) runs such a mutation and keeps its
response in one transaction (`core.idempotency`). Queries ignore the header:
they change nothing, so a retry is safe without it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import ExecutionResult

from vocrehab.core.audit import AccessRecorder
from vocrehab.hooks.vocabulary import DataCategory

__all__ = [
    "HEADER",
    "INVALID",
    "IN_USE",
    "MAX_KEY_LENGTH",
    "REPLAYED",
    "REUSED",
    "BadKey",
    "Kept",
    "Replayed",
    "RunningKeys",
    "key_from_headers",
    "response_body",
]

HEADER = "idempotency-key"
REPLAYED = "idempotent-replayed"
"""Response header on an answer given from a stored response."""
MAX_KEY_LENGTH = 255

INVALID = "IDEMPOTENCY_KEY_INVALID"
"""400: the header is not a key (empty, too long, not printable ASCII, repeated)."""
IN_USE = "IDEMPOTENCY_KEY_IN_USE"
"""409: a request with this key is still running; retry later."""
REUSED = "IDEMPOTENCY_KEY_REUSED"
"""422: the key was used before for a different request (another body)."""


class Replayed(Exception):
    """The mutation ran before with this key: answer with its kept response."""

    def __init__(self, kept: Kept) -> None:
        super().__init__("replayed")
        self.kept = kept


class BadKey(ValueError):
    """The header's value is not a usable key (the message says why)."""


def key_from_headers(headers: Any) -> str | None:
    """The request's idempotency key, or None without the header. The draft makes it
    a Structured Field string (`"8e03978e-..."`); a bare token is taken as it is."""
    values = headers.getlist(HEADER) if hasattr(headers, "getlist") else [headers.get(HEADER)]
    values = [v for v in values if v is not None]
    if not values:
        return None
    if len(values) > 1:
        raise BadKey("send one Idempotency-Key header")
    raw = values[0].strip()
    quoted = raw.startswith('"')
    key = _sf_string(raw) if quoted else raw
    if not key:
        raise BadKey("the Idempotency-Key is empty")
    if len(key) > MAX_KEY_LENGTH:
        raise BadKey(f"the Idempotency-Key is longer than {MAX_KEY_LENGTH} characters")
    if not all(" " <= c <= "~" for c in key) or (not quoted and " " in key):
        raise BadKey("the Idempotency-Key must be printable ASCII (quoted if it has spaces)")
    return key


def _sf_string(raw: str) -> str:
    """An RFC 8941 string: quoted, with `\\"` and `\\\\` the only escapes."""
    chars: list[str] = []
    escaped = False
    for i, char in enumerate(raw[1:], start=1):
        if escaped:
            if char not in '"\\':
                raise BadKey('the Idempotency-Key escapes only \\" and \\\\')
            chars.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            if i != len(raw) - 1:
                raise BadKey("the Idempotency-Key has text after its closing quote")
            return "".join(chars)
        else:
            chars.append(char)
    raise BadKey("the Idempotency-Key's quoted string is not closed")


class RunningKeys:
    """The keys of the requests this process is running: a retry arriving meanwhile
    is answered at once, without waiting for the first request's write turn."""

    def __init__(self) -> None:
        self._running: set[tuple[str, str]] = set()

    @contextmanager
    def running(self, owner: str, key: str) -> Iterator[bool]:
        """True while this request holds the key; False when another one does."""
        entry = (owner, key)
        if entry in self._running:
            yield False
            return
        self._running.add(entry)
        try:
            yield True
        finally:
            self._running.discard(entry)


def response_body(result: ExecutionResult) -> dict[str, Any]:
    """A result as GraphQL over HTTP sends it."""
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body = {"errors": [e.formatted for e in result.errors], **body}
    return body


@dataclass(frozen=True)
class Kept:
    """What is kept of a response: the body sent, and what it showed of whom (a
    replay shows it again, and the access log says so again)."""

    body: dict[str, Any]
    cases: Mapping[uuid.UUID, frozenset[DataCategory]]
    participants: Mapping[uuid.UUID, frozenset[DataCategory]]

    @classmethod
    def of(cls, result: ExecutionResult, recorder: AccessRecorder) -> Kept:
        return cls(
            response_body(result),
            {k: frozenset(v) for k, v in recorder.cases.items()},
            {k: frozenset(v) for k, v in recorder.participants.items()},
        )

    def dumps(self) -> str:
        kept = {
            "body": self.body,
            "cases": _shown(self.cases),
            "participants": _shown(self.participants),
        }
        try:
            return orjson.dumps(kept).decode()
        except TypeError:  # a lone surrogate echoed back in a message
            return json.dumps(kept)

    @classmethod
    def loads(cls, text: str) -> Kept:
        kept = json.loads(text)
        return cls(kept["body"], _read(kept["cases"]), _read(kept["participants"]))

    def shown_to(self, recorder: AccessRecorder) -> None:
        """Record on `recorder` that the replay shows what the first answer showed."""
        for case_id, categories in self.cases.items():
            recorder.saw_case(case_id, *categories)
        for participant_id, categories in self.participants.items():
            recorder.saw_participant(participant_id, *categories)


def _shown(seen: Mapping[uuid.UUID, frozenset[DataCategory]]) -> dict[str, list[str]]:
    return {str(k): sorted(c.value for c in v) for k, v in seen.items()}


def _read(seen: dict[str, list[str]]) -> dict[uuid.UUID, frozenset[DataCategory]]:
    return {uuid.UUID(k): frozenset(DataCategory(c) for c in v) for k, v in seen.items()}

"""The conformance kit's determinism check, run in a second process.

Milestones, findings and orientation must follow from the facts (and the `today`
the platform passes) alone. Calling a method twice in one process cannot show
that: `date.today()` gives the same day twice, and a `set` iterates the same
way twice. So the kit asks a fresh interpreter too, with its clock fixed years
away (time-machine moves `date.today()`, `datetime.now()` and `time.time()`)
and another string-hash seed (which reorders sets of strings), and compares
the answers with its own.
"""

from __future__ import annotations

import copyreg
import dataclasses
import enum
import io
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any

__all__ = ["FIXED_CLOCK", "answers", "differences"]

HASH_SEEDS = ("7919", "104729", "1299709", "15485863")
"""The other processes' string-hash seeds. Several, fixed: whether a set of a plugin's
strings comes out in another order then depends on the plugin alone, never on
this process's own random seed."""

FIXED_CLOCK = datetime(2031, 7, 15, 12, 0, tzinfo=UTC)
"""The other process's 'now': far from the kit's TODAY, so a plugin reading the clock
answers differently there."""

_DISPATCH = copyreg.dispatch_table.copy()
_DISPATCH[MappingProxyType] = lambda proxy: (MappingProxyType, (dict(proxy),))


def _dumps(value: Any) -> bytes:
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(value)
    return out.getvalue()


def plain(value: Any) -> Any:
    """A value as nested tuples of builtins, order kept: comparable across processes."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            *tuple((f.name, plain(getattr(value, f.name))) for f in dataclasses.fields(value)),
        )
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return ("map", *tuple((plain(k), plain(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(plain(v) for v in value)
    if isinstance(value, set | frozenset):
        return ("set", *tuple(plain(v) for v in value))
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value if isinstance(value, str | int | float | bool | type(None)) else repr(value)


def answers(jurisdiction: Any, cases: Sequence[Any], today: date) -> list[Any]:
    """What the time-dependent methods say about each case, as plain values."""
    found: list[tuple[Any, ...]] = []
    for case in cases:
        try:
            milestones = list(jurisdiction.milestones(case))
            found.append(
                (
                    plain(milestones),
                    plain(list(jurisdiction.assess(case, today))),
                    plain(jurisdiction.orientation(case, milestones, today)),
                )
            )
        except Exception as exc:  # reported by the other checks; here only the difference counts
            found.append(("raised", type(exc).__name__))
    return found


def source_of(jurisdiction: Any, factory: Callable[[], Any] | None) -> bytes | None:
    """How the other process gets the same jurisdiction: its factory, or the object."""
    for candidate in (factory, getattr(jurisdiction, "unwrapped", jurisdiction)):
        if candidate is None:
            continue
        try:
            return _dumps(("factory" if candidate is factory else "object", candidate))
        except Exception:  # a lambda or an unpicklable member: try the next way
            continue
    return None


def differences(
    jurisdiction: Any,
    factory: Callable[[], Any] | None,
    cases: Sequence[Any],
    today: date,
) -> list[tuple[int, str]]:
    """(case index, what differs) where another process, clock and hash seed answer otherwise.

    An entry with index -1 says the check could not run at all.
    """
    source = source_of(jurisdiction, factory)
    if source is None:
        return [
            (-1, "neither the factory nor the jurisdiction can be pickled for a second process")
        ]
    mine = answers(jurisdiction, cases, today)
    payload = _dumps((source, list(cases), today))
    children = [
        subprocess.Popen(
            [sys.executable, "-c", "from vocrehab.hooks.kit_determinism import _child; _child()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={
                **os.environ,
                "PYTHONHASHSEED": seed,
                "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
            },
        )
        for seed in HASH_SEEDS
    ]
    outputs = [child.communicate(payload, timeout=300) for child in children]
    theirs_all = []
    for child, (out, err) in zip(children, outputs, strict=True):
        if child.returncode != 0:
            tail = err.decode(errors="replace").strip().splitlines()[-3:]
            return [(-1, "the second process failed: " + " | ".join(tail))]
        theirs_all.append(pickle.loads(out))
    found = []
    for index, a in enumerate(mine):
        for theirs in theirs_all:
            named = zip(("milestones", "assess", "orientation"), a, theirs[index], strict=False)
            differ = [(name, x, y) for name, x, y in named if x != y]
            if differ:
                name, x, y = differ[0]
                found.append((index, f"{name} differ in a second process (clock at "
                              f"{FIXED_CLOCK.date()}, other hash seed): {_first_difference(x, y)}"))  # fmt: skip
                break
    return found


def _first_difference(a: Any, b: Any) -> str:
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        for x, y in zip(a, b, strict=True):
            if x != y:
                return _first_difference(x, y)
    return f"{str(a)[:120]} here, {str(b)[:120]} there"


def _child() -> None:
    import time_machine

    with time_machine.travel(FIXED_CLOCK, tick=False):
        source, cases, today = pickle.loads(sys.stdin.buffer.read())
        kind, payload = pickle.loads(source)
        jurisdiction = payload() if kind == "factory" else payload
        sys.stdout.buffer.write(_dumps(answers(jurisdiction, cases, today)))

"""`make bench`: vocrehab over HTTP as its users call it, against the floor of
its own stack measured in the same run.

    make bench                                                         # SQLite
    BENCH_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/bench make bench
    .venv/bin/python bench/run.py --large --postgraphile               # the optional parts

A run makes a fresh database (a temporary SQLite file, or a new database on
the server of BENCH_DATABASE_URL, dropped at the end), migrates it with
`vocrehab db upgrade`, seeds it (bench/seed.py), starts `vocrehab serve`
(settings from the environment, a free port) and the floor app
(bench/floor.py), issues tokens with `vocrehab token issue`, and drives each
scenario with wrk (-t1 -c8). Per scenario it prints requests/s, p50 and p99,
and the throughput as a fraction of the floor's.

The outbox's part (webhook deliveries per second, the latency it adds to a
mutation) is bench/outbox.py, which also runs alone.

Environment: BENCH_CASES (10000), BENCH_DURATION seconds per round (10; longer
for slow requests), BENCH_ROUNDS (3; the median round counts), BENCH_WORKERS (1),
BENCH_LARGE_CASES (200000, with --large), BENCH_LOADGEN=python to use the
Python load generator even where wrk is installed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from client import body, post, timed
from load import Measured, measure
from outbox import run_outbox
from processes import Stack, fresh_database
from scenarios import CASE_NOTE, MOVES, OVERDUE, W1, W1_MILESTONES, W1_ORIENTATION
from sqlalchemy.engine import make_url
from statements import StatementLog

ROUND_REQUESTS = 40
LONGEST_ROUND = 60.0
MANAGERS = """query Managers { actors(first: 100, filter: {stakeholderType: CASE_MANAGER, kind: PERSON})
  { edges { node { id jurisdiction { code } } } } }"""
CASELOAD = """query Caseload($id: ID!) { cases(first: 100, filter: {teamMemberId: $id})
  { totalCount edges { node { id notes { totalCount } } } } }"""


@dataclass
class Settings:
    server: str | None = os.environ.get("BENCH_DATABASE_URL") or None
    cases: int = int(os.environ.get("BENCH_CASES", "10000"))
    large_cases: int = int(os.environ.get("BENCH_LARGE_CASES", "200000"))
    seconds: float = float(os.environ.get("BENCH_DURATION", "10"))
    rounds: int = int(os.environ.get("BENCH_ROUNDS", "3"))
    workers: int = int(os.environ.get("BENCH_WORKERS", "1"))
    large: bool = False
    postgraphile: bool = False
    keep: bool = False


@dataclass
class Report:
    """Prints each result as it comes, with its throughput as a fraction of the floor's."""

    floor: float = 0.0
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, measured: Measured, note: str = "") -> None:
        if not measured.requests:
            note = f"no answer within {measured.seconds:.0f} s (raise BENCH_DURATION)"
        ratio = f"{measured.per_second / self.floor:8.3f}" if self.floor else f"{'-':>8}"
        errors = f"  {measured.errors} errors" if measured.errors else ""
        line = (
            f"{name:<44}{measured.per_second:9.1f}{measured.p50_ms:10.1f}{measured.p99_ms:10.1f}"
            f"{ratio}  {note}{errors}"
        )
        self.lines.append(line)
        print(line, flush=True)

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"   {text}", flush=True)

    def header(self) -> None:
        print(f"\n{'scenario':<44}{'req/s':>9}{'p50 ms':>10}{'p99 ms':>10}{'x floor':>8}")

    def summary(self) -> None:
        self.header()
        print("\n".join([*self.lines, *(f"   {note}" for note in self.notes)]))


def run_reads(
    s: Settings, report: Report, stack: Stack, api: str, tokens: dict[str, str]
) -> Measured:
    """W1 and its wider variants as the case manager, and the admin's overdue filter; returns
    the overdue measurement."""
    manager = tokens["manager"]
    ours = post(api, manager, W1)
    with stack.floor(tokens["manager_id"]) as floor:
        theirs = post(floor, None, W1)
        same = "same data as vocrehab" if theirs == ours else "DIFFERS from vocrehab's answer"
        measured = _measure(s, floor, [body(W1)], None)
        report.floor = measured.per_second
        report.add("floor: W1 in one SQL statement", measured, same)
    edges = len(ours["cases"]["edges"])
    for name, query in (
        ("W1 caseload page", W1),
        ("W1 + milestones", W1_MILESTONES),
        ("W1 + milestones + orientation", W1_ORIENTATION),
    ):
        report.add(f"{name} ({edges} cases)", _measure(s, api, [body(query)], manager))
    moves = post(api, manager, MOVES)["moves"]["totalCount"]
    report.add(
        f"moves, case manager ({s.cases:,} cases)",
        _measure(s, api, [body(MOVES)], manager),
        f"{moves:,} steps theirs",
    )
    found = post(api, tokens["admin"], OVERDUE)["cases"]["totalCount"]
    overdue = _measure(s, api, [body(OVERDUE)], tokens["admin"])
    report.add(f"overdue filter, admin ({s.cases:,} cases)", overdue, f"{found:,} overdue")
    return overdue


def run_notes(
    s: Settings, report: Report, stack: Stack, api: str, tokens: dict[str, str], workers: int
) -> float:
    """addCaseNote from 8 clients over the manager's caseload; returns requests/s."""
    manager = tokens["manager"]
    before = post(api, manager, CASELOAD, id=tokens["manager_id"])["cases"]["edges"]
    bodies = [
        body(
            CASE_NOTE,
            input={
                "caseId": e["node"]["id"],
                "body": f"Bench note {i}",
                "visibleTo": ["CLINICIAN"],
            },
        )
        for i, e in enumerate(before)
    ]
    answer = post(api, manager, CASE_NOTE, input=json.loads(bodies[0])["variables"]["input"])
    if answer["addCaseNote"]["userErrors"]:
        raise RuntimeError(f"addCaseNote refused: {answer['addCaseNote']['userErrors']}")
    measured = _measure(s, api, bodies, manager)
    after = post(api, manager, CASELOAD, id=tokens["manager_id"])["cases"]["edges"]
    written = sum(e["node"]["notes"]["totalCount"] for e in after) - sum(
        e["node"]["notes"]["totalCount"] for e in before
    )
    report.add(
        f"addCaseNote, {workers} worker{'s' * (workers > 1)}",
        measured,
        f"{written:,} notes written in {s.rounds} round{'s' * (s.rounds > 1)}",
    )
    return measured.per_second


def _measure(s: Settings, url: str, bodies: list[bytes], token: str | None) -> Measured:
    """Rounds of BENCH_DURATION seconds, or longer for slow requests: a round lasts at least
    ROUND_REQUESTS times one request alone, so that every client finishes several."""
    alone = timed(url, token, bodies[0])  # checks the answer, and warms the server up
    seconds = max(s.seconds, min(LONGEST_ROUND, ROUND_REQUESTS * alone))
    return measure(url, bodies, token, seconds, s.rounds)


def find_manager(api: str, admin: str) -> str:
    """A generic case manager with the fullest caseload (the first of the seed's)."""
    managers = post(api, admin, MANAGERS)["actors"]["edges"]
    generic = [
        e["node"]["id"]
        for e in managers
        if (e["node"]["jurisdiction"] or {}).get("code") == "generic"
    ]
    best, most = "", -1
    for actor in (generic or [e["node"]["id"] for e in managers])[:5]:
        count = post(api, admin, CASELOAD, id=actor)["cases"]["totalCount"]
        if count > most:
            best, most = actor, count
    if most < 0:
        raise RuntimeError("the seed made no case manager")
    return best


@contextmanager
def seeded(s: Settings, folder: Path, cases: int, label: str) -> Iterator[Stack]:
    with fresh_database(s.server, folder, label) as url:
        stack = Stack.on(url, folder)
        print(
            f"== {make_url(url).render_as_string(hide_password=True)}: migrate, seed {cases:,}",
            flush=True,
        )
        stack.cli("db", "upgrade")
        stack.seed(cases)
        yield stack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--large",
        action="store_true",
        help="also time the overdue filter at BENCH_LARGE_CASES (seeding takes minutes)",
    )
    parser.add_argument(
        "--postgraphile",
        action="store_true",
        help="also run PostGraphile 4 on the same database (PostgreSQL, npx)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the servers' logs (and a SQLite database)"
    )
    s = Settings(**vars(parser.parse_args(argv)))
    report = Report()
    folder = Path(tempfile.mkdtemp(prefix="vocrehab-bench-"))
    try:
        overdue = run_main(s, report, folder)
        if s.large:
            run_large(s, report, folder, overdue)
    finally:
        if s.keep:
            print(f"logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    report.summary()
    return 0


def run_main(s: Settings, report: Report, folder: Path) -> Measured:
    with seeded(s, folder, s.cases, "main") as stack:
        tokens = {"admin": stack.cli("token", "issue", "--admin", "--ttl", "36000")}
        report.header()
        with stack.serve(s.workers) as api:
            tokens["manager_id"] = find_manager(api, tokens["admin"])
            tokens["manager"] = stack.cli(
                "token", "issue", "--actor", tokens["manager_id"], "--ttl", "36000"
            )
            overdue = run_reads(s, report, stack, api, tokens)
            one = run_notes(s, report, stack, api, tokens, s.workers)
        with stack.serve(2 * s.workers) as api:
            two = run_notes(s, report, stack, api, tokens, 2 * s.workers)
        report.note(f"addCaseNote: {two / one:.2f}x the throughput with twice the workers")
        run_outbox(report, stack, tokens)
        report.note(f"vocrehab audit verify: {verify(stack)}")
        if s.server:
            report.note(statements_per_page(stack, tokens["manager"]))
            if s.postgraphile:
                from postgraphile import run_postgraphile

                run_postgraphile(s, report, stack, tokens["manager_id"])
        return overdue


def verify(stack: Stack) -> str:
    try:
        return stack.cli("audit", "verify")
    except RuntimeError as exc:
        return f"FAILED: {exc}"


def statements_per_page(stack: Stack, token: str, requests: int = 10) -> str:
    """What PostgreSQL itself sees per W1 request (bench/statements.py says how)."""
    log = StatementLog.find(stack.database_url)
    if isinstance(log, str):
        return f"statements per W1 request: not counted: {log}"
    with log.logging(), stack.serve(1) as api:
        for _ in range(3):  # the pool's connections open on the first requests
            post(api, token, W1)
        kinds = log.count(requests, lambda: post(api, token, W1))
    listed = ", ".join(f"{n / requests:g} {kind}" for kind, n in kinds.most_common())
    total = sum(kinds.values()) / requests
    return f"PostgreSQL saw {total:g} statements per W1 request ({listed}), in its own log"


def run_large(s: Settings, report: Report, folder: Path, small: Measured) -> None:
    with seeded(s, folder, s.large_cases, "large") as stack:
        admin = stack.cli("token", "issue", "--admin", "--ttl", "36000")
        with stack.serve(s.workers) as api:
            found = post(api, admin, OVERDUE)["cases"]["totalCount"]
            large = _measure(s, api, [body(OVERDUE)], admin)
    report.add(f"overdue filter, admin ({s.large_cases:,} cases)", large, f"{found:,} overdue")
    ratio = large.p50_ms / small.p50_ms if small.p50_ms else float("nan")
    report.note(
        f"overdue filter: p50 at {s.large_cases:,} cases is {ratio:.2f}x its p50 at {s.cases:,}"
    )


if __name__ == "__main__":
    sys.exit(main())

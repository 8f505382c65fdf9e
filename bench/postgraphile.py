"""PostGraphile 4 (`npx postgraphile@4`, which runs on Node 20; version 5 needs
Node 22) on the same PostgreSQL tables: what a team might otherwise pick.

Its generated schema has no "cases on my team" filter, so its W1 walks from
the case manager to their team memberships, newest case first (case ids are
time-ordered UUIDs, so that is the order of `cases(first: 50)`), and asks for
the same fields of each case. No auth and no access log, like the floor; the
first run downloads PostGraphile into npm's cache.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from client import body, post
from floor import decode_actor
from load import measure
from processes import Stack, free_port
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from run import Report, Settings

__all__ = ["run_postgraphile"]

W1 = """query W1($actor: UUID!) { actorById(id: $actor) {
  caseTeamMembersByActorId(first: 50, orderBy: [CASE_ID_DESC], condition: {until: null}) {
    nodes { caseByCaseId {
      id reference participantByParticipantId { givenName familyName }
      caseTeamMembersByCaseId(orderBy: [SINCE_ASC, ID_ASC]) { nodes { role actorByActorId { name } } }
      plansByCaseId(condition: {status: "ACTIVE"}) {
        nodes { title planStepsByPlanId(orderBy: POSITION_ASC) { nodes { startDate endDate workPercent } } } }
      interventionsByCaseId(first: 5, orderBy: ID_ASC) { nodes { status typeCode } }
} } } } }"""


def run_postgraphile(s: Settings, report: Report, stack: Stack, manager: str) -> None:
    """Measures PostGraphile's W1 for the case manager `manager` (a global ID)."""
    if shutil.which("npx") is None:
        print("   PostGraphile: not run (npx not found; it needs Node 20)")
        return
    port = free_port()
    url = f"http://127.0.0.1:{port}/graphql"
    database = make_url(stack.database_url).set(drivername="postgresql")
    command = [
        "npx",
        "-y",
        "postgraphile@4",
        "-c",
        database.render_as_string(hide_password=False),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--disable-default-mutations",
        "--disable-query-log",
    ]
    actor = str(decode_actor(manager))
    with stack.running(command, "postgraphile", url, "POST", NODE_ENV="production"):
        nodes = post(url, None, W1, actor=actor)["actorById"]["caseTeamMembersByActorId"]["nodes"]
        measured = measure(url, [body(W1, actor=actor)], None, s.seconds, s.rounds)
    report.add("PostGraphile 4: W1 from the team memberships", measured, f"{len(nodes)} cases")

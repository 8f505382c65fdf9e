"""integrity: the invariants the rules promise, enforced by the database

- one ACTIVE plan per case (a partial unique index);
- one current team membership per actor and case (a partial unique index);
- no two periods of one benefit type in a case that share a day: an exclusion
  constraint on PostgreSQL (btree_gist for the equality parts), triggers on
  SQLite, which has no exclusion constraints. Both fail under the name
  ex_benefit_periods_no_overlap.

Data that already breaks one of them (written before writes were serialised
on SQLite) stops the upgrade with the rows to fix, rather than being changed
silently: which plan stays active, which membership or which benefit period
is right, is a case worker's decision.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 19:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OVERLAP = "ex_benefit_periods_no_overlap"

# (what is broken, a query listing the offending rows)
_BROKEN = [
    (
        "cases with more than one ACTIVE plan",
        "SELECT case_id FROM plans WHERE status = 'ACTIVE' GROUP BY case_id HAVING count(*) > 1",
    ),
    (
        "actors on a case's team more than once (case_id, actor_id)",
        "SELECT case_id, actor_id FROM case_team_members WHERE until IS NULL "
        "GROUP BY case_id, actor_id HAVING count(*) > 1",
    ),
    (
        "overlapping benefit periods of one type (ids of both periods)",
        "SELECT a.id, b.id FROM benefit_periods a JOIN benefit_periods b "
        "ON a.case_id = b.case_id AND a.benefit_type_code = b.benefit_type_code AND a.id < b.id "
        "AND a.start_date <= COALESCE(b.end_date, '9999-12-31') "
        "AND b.start_date <= COALESCE(a.end_date, '9999-12-31')",
    ),
]

# SQLite compares ISO dates as text; an open end runs to the end of time.
_SQLITE_OVERLAP = """
CREATE TRIGGER {name} BEFORE {event} ON benefit_periods
WHEN EXISTS (
    SELECT 1 FROM benefit_periods other
    WHERE other.case_id = NEW.case_id
      AND other.benefit_type_code = NEW.benefit_type_code
      AND other.id <> NEW.id
      AND other.start_date <= COALESCE(NEW.end_date, '9999-12-31')
      AND NEW.start_date <= COALESCE(other.end_date, '9999-12-31')
)
BEGIN
    SELECT RAISE(ABORT, '{constraint}');
END
"""
_SQLITE_TRIGGERS = {
    "trg_benefit_periods_no_overlap_insert": "INSERT",
    "trg_benefit_periods_no_overlap_update": (
        "UPDATE OF case_id, benefit_type_code, start_date, end_date"
    ),
}


def _refuse_broken_data() -> None:
    bind = op.get_bind()
    found = []
    for what, query in _BROKEN:
        rows = bind.execute(sa.text(query)).fetchall()
        if rows:
            listed = "; ".join(", ".join(str(v) for v in row) for row in rows[:20])
            found.append(f"{len(rows)} {what}: {listed}")
    if found:
        raise RuntimeError(
            "the database holds data that breaks the invariants this migration enforces; "
            "fix these rows, then upgrade again:\n  " + "\n  ".join(found)
        )


def upgrade() -> None:
    _refuse_broken_data()
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index(
            "uq_plans_one_active", ["case_id"], unique=True,
            sqlite_where=sa.text("status = 'ACTIVE'"),
            postgresql_where=sa.text("status = 'ACTIVE'"),
        )  # fmt: skip
    with op.batch_alter_table("case_team_members", schema=None) as batch_op:
        batch_op.create_index(
            "uq_case_team_members_current", ["case_id", "actor_id"], unique=True,
            sqlite_where=sa.text("until IS NULL"),
            postgresql_where=sa.text("until IS NULL"),
        )  # fmt: skip
    if op.get_bind().dialect.name == "postgresql":
        # Trusted since PostgreSQL 13: the database owner may create it.
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            f"ALTER TABLE benefit_periods ADD CONSTRAINT {OVERLAP} EXCLUDE USING gist "
            "(case_id WITH =, benefit_type_code WITH =, "
            "daterange(start_date, end_date, '[]') WITH &&)"
        )
    else:
        for name, event in _SQLITE_TRIGGERS.items():
            op.execute(_SQLITE_OVERLAP.format(name=name, event=event, constraint=OVERLAP))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # btree_gist stays: other objects may use it, and it holds no data.
        op.execute(f"ALTER TABLE benefit_periods DROP CONSTRAINT {OVERLAP}")
    else:
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    with op.batch_alter_table("case_team_members", schema=None) as batch_op:
        batch_op.drop_index("uq_case_team_members_current")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index("uq_plans_one_active")

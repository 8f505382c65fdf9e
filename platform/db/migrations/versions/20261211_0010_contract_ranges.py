"""contract: benefit amounts, optional milestones, details versions

- benefit_periods.amount: the amount a period is granted at, in whole units of the
  benefit type's currency (the benefit type declares which amounts it allows);
- milestones.optional: a possibility rather than a duty, OPTIONAL once past due;
- cases, assessments, interventions .details_version: the version of the
  jurisdiction's details format the details were written in. Existing details were
  written before versions existed: version 1, what a plugin that declares none has.

Plain ADD COLUMNs (no table rebuild on SQLite, which would drop the triggers that
keep benefit periods of one type from overlapping).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-11 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VERSIONED = ("cases", "assessments", "interventions")


def upgrade() -> None:
    op.add_column("benefit_periods", sa.Column("amount", sa.Integer(), nullable=True))
    op.add_column(
        "milestones",
        sa.Column("optional", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    for table in _VERSIONED:
        op.add_column(
            table,
            sa.Column("details_version", sa.Integer(), nullable=False, server_default="1"),
        )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+) keeps the tables and their triggers.
    for table in _VERSIONED:
        op.drop_column(table, "details_version")
    op.drop_column("milestones", "optional")
    op.drop_column("benefit_periods", "amount")

"""moves: whose move it is across a caseload, and what changed since one last looked

- milestones.assignee_id: a team member a step is assigned to (from then on it is
  their move rather than their role's);
- milestones.pending: unmet and applicable, kept with met_on and not_applicable,
  so a viewer's moves are an index scan by (pending, responsible, due date);
- case_read_markers: the newest event of a case when an actor last looked at it
  (the unseen events are those after it).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import vocrehab.db.base

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("milestones") as batch:
        batch.add_column(sa.Column("assignee_id", sa.Uuid(), nullable=True))
        batch.add_column(
            sa.Column("pending", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.create_foreign_key(
            op.f("fk_milestones_assignee_id_actors"), "actors", ["assignee_id"], ["id"]
        )
    op.execute(sa.text("UPDATE milestones SET pending = (met_on IS NULL AND NOT not_applicable)"))
    with op.batch_alter_table("milestones") as batch:
        batch.alter_column("pending", server_default=None)
        batch.create_index(
            "ix_milestones_moves", ["pending", "responsible", "due_date", "id"], unique=False
        )
        batch.create_index(
            "ix_milestones_assignee_id_due_date", ["assignee_id", "due_date"], unique=False
        )
    op.create_table(
        "case_read_markers",
        sa.Column("actor_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("seen_event_id", sa.Uuid(), nullable=True),
        sa.Column("seen_at", vocrehab.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_case_read_markers_actor_id_actors"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_read_markers_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("actor_id", "case_id", name=op.f("pk_case_read_markers")),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("case_read_markers")
    with op.batch_alter_table("milestones") as batch:
        batch.drop_index("ix_milestones_assignee_id_due_date")
        batch.drop_index("ix_milestones_moves")
        batch.drop_constraint(op.f("fk_milestones_assignee_id_actors"), type_="foreignkey")
        batch.drop_column("pending")
        batch.drop_column("assignee_id")

"""meetings and the daily digest

- meetings: the case team's meetings (a kind the jurisdiction offers; scheduled,
  held or cancelled; who takes part; minutes of a data category; the milestones
  a held one met);
- daily_digests: the days whose digest went out, one row per day.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-11 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import vocrehab.db.base

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
UTC = vocrehab.db.base.UTCDateTime()
MEETING_STATUS = sa.Enum(
    "SCHEDULED", "HELD", "CANCELLED", name="meetingstatus", native_enum=False, length=32
)
CATEGORY = sa.Enum(
    "CONTACT", "MEDICAL", "PLAN", "BENEFITS", "DOCUMENTS",
    name="datacategory", native_enum=False, length=32,
)  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("status", MEETING_STATUS, nullable=False),
        sa.Column("scheduled_for", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("participant_ids", JSON, nullable=False),
        sa.Column("outcomes", JSON, nullable=False),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("minutes_category", CATEGORY, nullable=False),
        sa.Column("cancel_reason", sa.String(length=500), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_meetings_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["actors.id"], name=op.f("fk_meetings_created_by_id_actors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    op.create_index("ix_meetings_case_id_id", "meetings", ["case_id", "id"], unique=False)
    op.create_table(
        "daily_digests",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("issued_at", UTC, nullable=False),
        sa.Column("deliveries", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_daily_digests")),
    )


def downgrade() -> None:
    op.drop_table("daily_digests")
    op.drop_index("ix_meetings_case_id_id", table_name="meetings")
    op.drop_table("meetings")

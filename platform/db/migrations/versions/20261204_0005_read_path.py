"""read path: access as bits, categories on events, documents and milestones

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 20:00:00

- consents.categories_mask: the consented categories as bits, so the statement
  that loads a case also gives the viewer's consent-based access;
- case_events.category (one category, text) becomes category_mask (bits), and
  roles_mask names the roles that may see an event about a role-restricted
  object (a note);
- documents.categories_mask: the categories a document's content was rendered
  with; documents stored before hold at most what their creator's role sees;
- milestones.category: the category a milestone reveals (PLAN for all so far);
- cases.next_due_sort: the next due date, never NULL, behind one index for
  ordering and the overdue filter.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CATEGORIES = ["CONTACT", "MEDICAL", "PLAN", "BENEFITS", "DOCUMENTS"]
BIT = {name: 1 << i for i, name in enumerate(CATEGORIES)}
# AUTHZ.md's default categories per role (what a document's creator could see).
BY_ROLE = {
    "PARTICIPANT": CATEGORIES,
    "EMPLOYER": ["PLAN", "DOCUMENTS"],
    "CLINICIAN": ["CONTACT", "MEDICAL", "PLAN", "DOCUMENTS"],
    "CASE_MANAGER": CATEGORIES,
    "EMPLOYMENT_OFFICER": ["CONTACT", "PLAN", "BENEFITS", "DOCUMENTS"],
    "REHAB_COORDINATOR": CATEGORIES,
    "PROVIDER": ["PLAN", "DOCUMENTS"],
    "ADMIN": CATEGORIES,
}
FAR_FUTURE = "9999-12-31"
CATEGORY = sa.Enum(
    "CONTACT", "MEDICAL", "PLAN", "BENEFITS", "DOCUMENTS",
    name="datacategory", native_enum=False, length=32,
)  # fmt: skip


def _mask(names: list[str]) -> int:
    return sum(BIT[n] for n in set(names) if n in BIT)


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("consents") as batch:
        batch.add_column(sa.Column("categories_mask", sa.Integer(), nullable=False, server_default="0"))
    for row in bind.execute(sa.text("SELECT id, categories FROM consents")).all():
        names = row.categories if isinstance(row.categories, list) else json.loads(row.categories)
        bind.execute(
            sa.text("UPDATE consents SET categories_mask = :m WHERE id = :id"),
            {"m": _mask(names), "id": row.id},
        )
    with op.batch_alter_table("consents") as batch:
        batch.alter_column("categories_mask", server_default=None)

    with op.batch_alter_table("case_events") as batch:
        batch.add_column(sa.Column("category_mask", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("roles_mask", sa.Integer(), nullable=True))
    for name, bit in BIT.items():
        bind.execute(
            sa.text("UPDATE case_events SET category_mask = :bit WHERE category = :name"),
            {"bit": bit, "name": name},
        )
    with op.batch_alter_table("case_events") as batch:
        batch.drop_column("category")
        batch.alter_column("category_mask", server_default=None)

    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("categories_mask", sa.Integer(), nullable=False, server_default="0"))
    for role, names in BY_ROLE.items():
        bind.execute(
            sa.text("UPDATE documents SET categories_mask = :m WHERE created_by_role = :role"),
            {"m": _mask(names), "role": role},
        )
    with op.batch_alter_table("documents") as batch:
        batch.alter_column("categories_mask", server_default=None)

    with op.batch_alter_table("milestones") as batch:
        batch.add_column(sa.Column("category", CATEGORY, nullable=False, server_default="PLAN"))
    with op.batch_alter_table("milestones") as batch:
        batch.alter_column("category", server_default=None)

    with op.batch_alter_table("cases") as batch:
        batch.add_column(
            sa.Column("next_due_sort", sa.Date(), nullable=False, server_default=FAR_FUTURE)
        )
    bind.execute(
        sa.text("UPDATE cases SET next_due_sort = next_due_date WHERE next_due_date IS NOT NULL")
    )
    with op.batch_alter_table("cases") as batch:
        batch.alter_column("next_due_sort", server_default=None)
        batch.drop_index("ix_cases_next_due_date_id")
        batch.create_index("ix_cases_next_due_sort_id", ["next_due_sort", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_next_due_sort_id")
        batch.create_index("ix_cases_next_due_date_id", ["next_due_date", "id"], unique=False)
        batch.drop_column("next_due_sort")
    with op.batch_alter_table("milestones") as batch:
        batch.drop_column("category")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("categories_mask")
    bind = op.get_bind()
    with op.batch_alter_table("case_events") as batch:
        batch.add_column(sa.Column("category", sa.String(length=32), nullable=True))
    for name, bit in BIT.items():
        # The most telling category of an event is the one it kept before.
        bind.execute(
            sa.text(
                "UPDATE case_events SET category = :name WHERE category IS NULL "
                "AND (category_mask & :bit) != 0"
            ),
            {"bit": bit, "name": name},
        )
    with op.batch_alter_table("case_events") as batch:
        batch.drop_column("roles_mask")
        batch.drop_column("category_mask")
    with op.batch_alter_table("consents") as batch:
        batch.drop_column("categories_mask")

"""OpenID Connect: post-logout redirect URIs of clients, the nonce of authorization codes

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 19:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('oauth_clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('post_logout_redirect_uris', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='[]', nullable=False))

    with op.batch_alter_table('oauth_authorization_codes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nonce', sa.String(length=255), nullable=True))
        batch_op.create_index('ix_oauth_authorization_codes_client_nonce', ['client_pk', 'nonce'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('oauth_authorization_codes', schema=None) as batch_op:
        batch_op.drop_index('ix_oauth_authorization_codes_client_nonce')
        batch_op.drop_column('nonce')

    with op.batch_alter_table('oauth_clients', schema=None) as batch_op:
        batch_op.drop_column('post_logout_redirect_uris')

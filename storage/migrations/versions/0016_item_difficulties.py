"""fitted question difficulties

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = '0016'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('item_difficulties',
    sa.Column('pack_id', sa.String(length=64), nullable=False),
    sa.Column('item_key', sa.String(length=160), nullable=False),
    sa.Column('difficulty', sa.Float(), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.Column('updated_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('pack_id', 'item_key', name=op.f('pk_item_difficulties'))
    )


def downgrade() -> None:
    op.drop_table('item_difficulties')

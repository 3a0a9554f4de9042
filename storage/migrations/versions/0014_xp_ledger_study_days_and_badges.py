"""xp ledger, study days, badges and league entries

Revision ID: 0014
Revises: 0015
Create Date: 2026-12-02 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy import Text  # noqa: F401  (autogenerate renders JSONB(astext_type=Text()))
from alembic import op

import storage.models.base



revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('badges_earned',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('badge_id', sa.String(length=40), nullable=False),
    sa.Column('earned_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_badges_earned_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'badge_id', name=op.f('pk_badges_earned'))
    )
    op.create_table('league_entries',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('pack_id', sa.String(length=64), nullable=False),
    sa.Column('minor', sa.Boolean(), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=False),
    sa.Column('league_key', sa.String(length=120), nullable=False),
    sa.Column('result', sa.String(length=16), nullable=True),
    sa.Column('week_xp', sa.Integer(), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_league_entries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'week', name=op.f('pk_league_entries'))
    )
    with op.batch_alter_table('league_entries', schema=None) as batch_op:
        batch_op.create_index('ix_league_entries_week_league', ['week', 'league_key'], unique=False)

    op.create_table('study_days',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('sessions', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('ill', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_study_days_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'day', name=op.f('pk_study_days'))
    )
    op.create_table('xp_ledger',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('requested', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('study_day', sa.Date(), nullable=False),
    sa.Column('local_hour', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_xp_ledger_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xp_ledger')),
    sa.UniqueConstraint('user_id', 'key', name=op.f('uq_xp_ledger_user_id_key'))
    )
    with op.batch_alter_table('xp_ledger', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_xp_ledger_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('xp_ledger', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_xp_ledger_user_id'))

    op.drop_table('xp_ledger')
    op.drop_table('study_days')
    with op.batch_alter_table('league_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_league_entries_week_league')

    op.drop_table('league_entries')
    op.drop_table('badges_earned')

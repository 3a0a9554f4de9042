"""weekly challenges

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    moment = storage.models.base.UtcDateTime(timezone=True)
    op.create_table(
        "weekly_challenges",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("pack_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.String(length=120), nullable=True),
        sa.Column("subject_id", sa.String(length=120), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("swaps", sa.Integer(), nullable=False),
        sa.Column("offered_at", moment, nullable=True),
        sa.Column("accepted_at", moment, nullable=True),
        sa.Column("completed_at", moment, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_weekly_challenges_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_challenges")),
        sa.UniqueConstraint("user_id", "week", name=op.f("uq_weekly_challenges_user_id_week")),
    )
    op.create_table(
        "group_challenges",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("place_key", sa.String(length=64), nullable=False),
        sa.Column("chat_key", sa.String(length=96), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("created_at", moment, nullable=False),
        sa.Column("completed_at", moment, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_challenges")),
        sa.UniqueConstraint(
            "channel", "place_key", "week", name=op.f("uq_group_challenges_channel_place_key_week")
        ),
    )
    op.create_table(
        "group_challenge_members",
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("joined_at", moment, nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["group_challenges.id"],
            name=op.f("fk_group_challenge_members_challenge_id_group_challenges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_group_challenge_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("challenge_id", "user_id", name=op.f("pk_group_challenge_members")),
    )
    op.create_index(
        op.f("ix_group_challenge_members_user_id"),
        "group_challenge_members",
        ["user_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_group_challenge_members_user_id"), table_name="group_challenge_members")
    op.drop_table("group_challenge_members")
    op.drop_table("group_challenges")
    op.drop_table("weekly_challenges")

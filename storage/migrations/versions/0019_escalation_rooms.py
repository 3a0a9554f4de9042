"""escalation rooms: a forum topic per escalation in the operator's tutor supergroup

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "escalation_rooms",
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tutor_user_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_key", sa.String(length=64), nullable=False),
        sa.Column("thread_key", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.String(length=200), nullable=False),
        sa.Column("created_at", storage.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["escalations.id"],
            name=op.f("fk_escalation_rooms_escalation_id_escalations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tutor_user_id"],
            ["users.id"],
            name=op.f("fk_escalation_rooms_tutor_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_escalation_rooms_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("escalation_id", name=op.f("pk_escalation_rooms")),
    )
    with op.batch_alter_table("escalation_rooms", schema=None) as batch_op:
        batch_op.create_index(
            "ix_escalation_rooms_place", ["channel", "chat_key", "thread_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_escalation_rooms_user_id"), ["user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("escalation_rooms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escalation_rooms_user_id"))
        batch_op.drop_index("ix_escalation_rooms_place")
    op.drop_table("escalation_rooms")

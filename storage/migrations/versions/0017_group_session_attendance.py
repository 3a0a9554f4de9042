"""group session attendance

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-02 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0017"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "group_session_attendance",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", storage.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.Column("checked_at", storage.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["study_groups.id"],
            name=op.f("fk_group_session_attendance_group_id_study_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_group_session_attendance_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_session_attendance")),
        sa.UniqueConstraint(
            "group_id",
            "user_id",
            "starts_at",
            name=op.f("uq_group_session_attendance_group_id_user_id_starts_at"),
        ),
    )
    op.create_index(
        "ix_group_session_attendance_user",
        "group_session_attendance",
        ["user_id", "starts_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_group_session_attendance_user", table_name="group_session_attendance")
    op.drop_table("group_session_attendance")

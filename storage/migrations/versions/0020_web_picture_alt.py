"""web chat pictures keep their alt text: what the picture shows, in the student's language

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 01:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("web_chat_files") as batch:
        batch.add_column(sa.Column("alt", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("web_chat_files") as batch:
        batch.drop_column("alt")

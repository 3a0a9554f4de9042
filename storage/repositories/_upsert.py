"""Insert-or-update that works on both SQLite and PostgreSQL in one statement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.base import Base


async def upsert(
    session: AsyncSession,
    model: type[Base],
    rows: Sequence[dict[str, Any]],
    key_columns: Sequence[str],
) -> None:
    """Insert `rows`, updating the non-key columns of rows whose key already exists."""
    if not rows:
        return
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).values(list(rows))
    update_columns = {
        name: statement.excluded[name] for name in rows[0] if name not in set(key_columns)
    }
    if update_columns:
        statement = statement.on_conflict_do_update(index_elements=key_columns, set_=update_columns)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=key_columns)
    await session.execute(statement)

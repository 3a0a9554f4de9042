"""Everything stored about one person, for export and deletion (rule: every store can do both).

The exporter walks every table that has a `user_id` column, so a table added by a later
migration is covered without changing this code; deletion relies on the ON DELETE CASCADE of
those tables' foreign key to `users` (a test checks every such table has one).
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, and_, delete, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Base, UserRow

SKIPPED_COLUMNS = frozenset({"lease_expires_at"})


def tables_with_user_data() -> list[Table]:
    """Tables holding rows about one user, in dependency order."""
    return [
        table
        for table in Base.metadata.sorted_tables
        if "user_id" in table.columns and table.name != "users"
    ]


def tables_keyed_by_identity() -> list[Table]:
    """Tables that name a person by channel account (channel, user_key) instead of user id."""
    return [
        table
        for table in Base.metadata.sorted_tables
        if {"channel", "user_key"} <= set(table.columns.keys()) and "user_id" not in table.columns
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


class SqlPersonalDataRepository:
    """Export and delete one user's data across all tables."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def export(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row about the user, table by table, as JSON-ready values."""
        users = Base.metadata.tables["users"]
        result: dict[str, list[dict[str, Any]]] = {
            "users": await self._rows(users, users.c.id == user_id)
        }
        for table in tables_with_user_data():
            rows = await self._rows(table, table.c.user_id == user_id)
            if rows:
                result[table.name] = rows
        accounts = await self._accounts(user_id)
        for table in tables_keyed_by_identity():
            rows = await self._rows(table, _owned_by(table, accounts))
            if rows:
                result[table.name] = rows
        return result

    async def _accounts(self, user_id: int) -> list[tuple[str, str]]:
        identities = Base.metadata.tables["channel_identities"]
        rows = await self._session.execute(
            select(identities.c.channel, identities.c.external_id).where(
                identities.c.user_id == user_id
            )
        )
        return [(channel, external_id) for channel, external_id in rows]

    async def _rows(self, table: Table, condition: Any) -> list[dict[str, Any]]:
        rows = (await self._session.execute(select(table).where(condition))).mappings()
        return [
            {key: _plain(value) for key, value in row.items() if key not in SKIPPED_COLUMNS}
            for row in rows
        ]

    async def delete(self, user_id: int) -> None:
        """Delete the user; the foreign keys cascade to every table that refers to them, and
        rows that name one of their channel accounts are deleted first."""
        accounts = await self._accounts(user_id)
        for table in tables_keyed_by_identity():
            await self._session.execute(delete(table).where(_owned_by(table, accounts)))
        await self._session.execute(delete(UserRow).where(UserRow.id == user_id))


def _owned_by(table: Table, accounts: list[tuple[str, str]]) -> Any:
    """Rows of an identity-keyed table that belong to one of these accounts."""
    if not accounts:
        return false()
    return or_(*(and_(table.c.channel == c, table.c.user_key == key) for c, key in accounts))

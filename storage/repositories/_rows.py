"""Running prebuilt read statements on the session's connection, as plain Core.

`AsyncSession.execute` sends every statement through the ORM's execution layer, even a select
of table columns that returns plain rows. The hot reads (every message needs them) skip that
layer: same connection, same transaction, a fraction of the Python work per query.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Executable, Row
from sqlalchemy.ext.asyncio import AsyncSession


async def first_row(
    session: AsyncSession, statement: Executable, params: Mapping[str, Any]
) -> Row[Any] | None:
    """The first row `statement` returns, or None."""
    connection = await session.connection()
    return (await connection.execute(statement, params)).first()


async def all_rows(
    session: AsyncSession, statement: Executable, params: Mapping[str, Any]
) -> Sequence[Row[Any]]:
    """Every row `statement` returns."""
    connection = await session.connection()
    return (await connection.execute(statement, params)).all()

"""`column IN (many values)` that stays one cached statement on PostgreSQL."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession


def is_postgres(session: AsyncSession) -> bool:
    """Whether the session talks to PostgreSQL."""
    return session.bind is not None and session.bind.dialect.name == "postgresql"


def among(column: Any, values: Collection[Any], postgres: bool) -> ColumnElement[bool]:
    """`column = ANY(:array)` on PostgreSQL, `column IN (...)` elsewhere.

    An IN list of a thousand ids is a new statement for every length, parsed and planned each
    time; one array parameter keeps the statement the same.
    """
    if not postgres:
        return column.in_(list(values))
    array = bindparam(None, list(values), type_=ARRAY(column.type))
    return column == any_(array)

"""The SQLite engine makes one hand-off to the database thread per statement, and still behaves
exactly like the stock aiosqlite adapter (rows, row counts, errors, rollbacks, bulk inserts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage.db import create_engine


async def _trips_of(engine: Any, statement: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many times aiosqlite was asked to run something on its thread for `statement`."""
    trips = 0
    original = aiosqlite.Connection._execute

    async def counting(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal trips
        trips += 1
        return await original(self, fn, *args, **kwargs)

    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))  # the connection is open before counting
        monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)
        await connection.execute(text(statement))
        monkeypatch.setattr(aiosqlite.Connection, "_execute", original)
    return trips


async def test_a_select_is_one_trip_to_the_database_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'trips.db'}")
    try:
        assert await _trips_of(engine, "SELECT 1, 2", monkeypatch) == 1
    finally:
        await engine.dispose()


async def test_results_counts_errors_and_rollback_are_the_stock_ones(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'same.db'}")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"))
            await connection.execute(
                text("INSERT INTO t (name) VALUES (:name)"), [{"name": "a"}, {"name": "b"}]
            )
            inserted = await connection.execute(
                text("INSERT INTO t (name) VALUES ('c') RETURNING id")
            )
            assert inserted.scalar_one() == 3
            changed = await connection.execute(text("UPDATE t SET name = 'z' WHERE id < 3"))
            assert changed.rowcount == 2
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT id, name FROM t ORDER BY id"))).all()
            assert [tuple(row) for row in rows] == [(1, "z"), (2, "z"), (3, "c")]
            result = await connection.execute(text("SELECT name FROM t WHERE id = 99"))
            assert result.first() is None
        with pytest.raises(IntegrityError):
            async with engine.begin() as connection:
                await connection.execute(text("INSERT INTO t (id, name) VALUES (4, 'd')"))
                await connection.execute(text("INSERT INTO t (id, name) VALUES (1, 'dup')"))
        async with engine.connect() as connection:
            count = await connection.execute(text("SELECT count(*) FROM t"))
            assert count.scalar_one() == 3  # the failed transaction left nothing behind
    finally:
        await engine.dispose()

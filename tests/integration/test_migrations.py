"""Alembic: upgrade, downgrade and upgrade again on both backends; schema matches the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from storage.db import create_engine
from storage.migrate import current_revision, downgrade_async, head_revision, upgrade_async
from storage.models import Base
from storage.models.forum import SEARCH_INDEX_PREFIX


def _derived(name: str | None) -> bool:
    """Search indexes the migrations make outside the models (SQLite FTS5 and its shadow
    tables, PostgreSQL expression indexes)."""
    return bool(name) and str(name).startswith(SEARCH_INDEX_PREFIX)


def _tables(connection: Connection) -> set[str]:
    names = set(inspect(connection).get_table_names()) - {"alembic_version"}
    return {name for name in names if not _derived(name)}


def _schema_diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": True,
            "include_name": lambda name, kind, parent: not _derived(name),
        },
    )
    return list(compare_metadata(context, Base.metadata))


async def _inspect(url: str, func: object) -> object:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(func)  # type: ignore[arg-type]
    finally:
        await engine.dispose()


async def test_upgrade_downgrade_upgrade(database_url: str) -> None:
    # the fixture database is already at head
    assert await current_revision(database_url) == head_revision()
    assert await _inspect(database_url, _tables) == set(Base.metadata.tables)

    await downgrade_async(database_url, "base")
    assert await current_revision(database_url) is None
    assert await _inspect(database_url, _tables) == set()

    await upgrade_async(database_url, "head")
    assert await current_revision(database_url) == head_revision()
    assert await _inspect(database_url, _tables) == set(Base.metadata.tables)


async def test_migrations_match_the_models(database_url: str) -> None:
    diff = await _inspect(database_url, _schema_diff)
    assert diff == [], f"models and migrations differ; write a migration: {diff}"


@pytest.mark.parametrize("steps", [1])
async def test_each_revision_downgrades_cleanly(database_url: str, steps: int) -> None:
    # walk down one revision at a time to base, then back up
    while await current_revision(database_url) is not None:
        await downgrade_async(database_url, f"-{steps}")
    await upgrade_async(database_url, "head")
    assert await current_revision(database_url) == head_revision()

"""Alembic environment: runs migrations on the async engine of SQLite or PostgreSQL."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

import storage.models  # noqa: F401  (registers every table)
from storage.db import async_database_url, create_engine, is_sqlite
from storage.models.base import Base

DEFAULT_URL = "sqlite+aiosqlite:///./data/learnconnect.db"
config = context.config
target_metadata = Base.metadata


def _database_url() -> str:
    url = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    return async_database_url(url or os.environ.get("LEARNCONNECT_DATABASE_URL", DEFAULT_URL))


def _configure(connection: Connection | None, url: str) -> None:
    # SQLite cannot ALTER most things in place; batch mode rebuilds the table instead.
    options = {
        "target_metadata": target_metadata,
        "render_as_batch": is_sqlite(url),
        "compare_type": True,
    }
    if connection is None:
        context.configure(url=url, literal_binds=True, **options)
    else:
        context.configure(connection=connection, **options)


def _run_sync(connection: Connection, url: str) -> None:
    _configure(connection, url)
    with context.begin_transaction():
        context.run_migrations()


async def _run_online(url: str) -> None:
    engine = create_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(_run_sync, url)
        await connection.commit()
    await engine.dispose()


def main() -> None:
    """Run offline (SQL script) or online against the configured database."""
    url = _database_url()
    if context.is_offline_mode():
        _configure(None, url)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_sync(connection, url)
    else:
        asyncio.run(_run_online(url))


main()

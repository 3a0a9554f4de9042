"""Benchmark databases: a fresh migrated SQLite file or PostgreSQL database per run."""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from storage.db import async_database_url
from storage.migrate import upgrade_async

POSTGRES_URL = os.environ.get(
    "LEARNCONNECT_BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@asynccontextmanager
async def fresh_database(backend: str) -> AsyncIterator[str]:
    """A migrated, empty database URL for `backend` ("sqlite" or "postgres"), removed after."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            url = f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}"
            await upgrade_async(url)
            yield url
        return
    base = async_database_url(POSTGRES_URL)
    name = f"lc_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(_dsn(base), timeout=5)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        await upgrade_async(url)
        yield url
    finally:
        admin = await asyncpg.connect(_dsn(base), timeout=5)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


async def postgres_available() -> bool:
    """Whether the benchmark PostgreSQL server answers."""
    try:
        connection = await asyncio.wait_for(asyncpg.connect(_dsn(POSTGRES_URL)), 5)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await connection.close()
    return True

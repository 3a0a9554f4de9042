"""Test databases: a migrated template per backend, copied for every test that needs one.

SQLite templates are files copied per test; PostgreSQL templates are databases cloned with
`CREATE DATABASE ... TEMPLATE`, which takes milliseconds instead of re-running migrations.
Set LEARNCONNECT_TEST_POSTGRES_URL to the server (default: the local CI server). With
LEARNCONNECT_TEST_REQUIRE_POSTGRES=1 (as in .ci/run) an unreachable server fails the tests
instead of skipping them.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from storage.db import async_database_url
from storage.migrate import upgrade

T = TypeVar("T")
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def postgres_base_url() -> str:
    """The server URL the PostgreSQL tests use."""
    return async_database_url(
        os.environ.get("LEARNCONNECT_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    )


def postgres_required() -> bool:
    """Whether an unreachable PostgreSQL fails the run (CI) rather than skipping."""
    return os.environ.get("LEARNCONNECT_TEST_REQUIRE_POSTGRES", "") not in ("", "0", "false")


def run_blocking(func: Callable[[], T]) -> T:
    """Run `func` in a fresh thread, so it may call asyncio.run() even inside a running loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(func).result()


def _dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def _admin(url: str, *statements: str) -> None:
    connection = await asyncpg.connect(_dsn(url), timeout=5)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def postgres_available(url: str) -> bool:
    """Whether the server answers."""
    try:
        run_blocking(lambda: asyncio.run(_admin(url, "SELECT 1")))
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    return True


class PostgresTemplate:
    """A migrated database that per-test databases are cloned from."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.name = f"lc_tpl_{uuid.uuid4().hex[:10]}"
        self.created: list[str] = []

    def create(self) -> None:
        """Create and migrate the template."""
        run_blocking(lambda: asyncio.run(_admin(self.base_url, f'CREATE DATABASE "{self.name}"')))
        url = make_url(self.base_url).set(database=self.name).render_as_string(False)
        run_blocking(lambda: upgrade(url))

    async def clone(self) -> str:
        """A fresh database with the migrated schema; returns its URL."""
        name = f"lc_t_{uuid.uuid4().hex[:12]}"
        await _admin(self.base_url, f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
        self.created.append(name)
        return make_url(self.base_url).set(database=name).render_as_string(False)

    async def drop(self, url: str) -> None:
        """Drop a clone made by `clone`."""
        name = make_url(url).database
        await _admin(self.base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def destroy(self) -> None:
        """Drop the template and anything left behind."""
        statements = [f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)' for n in self.created]
        statements.append(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        run_blocking(lambda: asyncio.run(_admin(self.base_url, *statements)))


class SqliteTemplate:
    """A migrated SQLite file that per-test files are copied from."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / "template.db"

    def create(self) -> None:
        """Create and migrate the template file."""
        run_blocking(lambda: upgrade(f"sqlite+aiosqlite:///{self.path}"))

    def clone(self, target: Path) -> str:
        """A copy of the template; returns its URL."""
        shutil.copyfile(self.path, target)
        return f"sqlite+aiosqlite:///{target}"


def skip_or_fail_postgres(reason: str) -> None:
    """Skip a PostgreSQL test locally, fail it in CI."""
    if postgres_required():
        pytest.fail(f"PostgreSQL is required (LEARNCONNECT_TEST_REQUIRE_POSTGRES=1): {reason}")
    pytest.skip(reason)

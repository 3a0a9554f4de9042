"""Shared fixtures: databases on both backends, units of work, a fixed clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWorkFactory
from tests.dbs import (
    PostgresTemplate,
    SqliteTemplate,
    postgres_available,
    postgres_base_url,
    skip_or_fail_postgres,
)
from tests.fakes import FixedClock

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    template = SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))
    template.create()
    return template


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[PostgresTemplate | None]:
    base = postgres_base_url()
    if not postgres_available(base):
        yield None
        return
    template = PostgresTemplate(base)
    template.create()
    yield template
    template.destroy()


@pytest.fixture(params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: SqliteTemplate,
) -> AsyncIterator[str]:
    """A migrated, empty database: once on SQLite, once on PostgreSQL."""
    if request.param == "sqlite":
        yield sqlite_template.clone(tmp_path / "test.db")
        return
    template: PostgresTemplate | None = request.getfixturevalue("postgres_template")
    if template is None:
        skip_or_fail_postgres(f"no PostgreSQL server at {postgres_base_url()}")
        return
    url = await template.clone()
    yield url
    await template.drop(url)


@pytest.fixture
async def uow_factory(database_url: str) -> AsyncIterator[SqlUnitOfWorkFactory]:
    """Units of work on the test database (both backends)."""
    engine = create_engine(database_url)
    yield SqlUnitOfWorkFactory(create_session_factory(engine))
    await engine.dispose()


@pytest.fixture
def clock() -> FixedClock:
    """A clock frozen at a Monday morning in Istanbul (06:00 UTC)."""
    return FixedClock(datetime(2026, 12, 7, 6, 0, tzinfo=UTC))

"""Engine and session factory for SQLite (the embedded default) and PostgreSQL (at scale)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.sqlite_driver import one_trip_dbapi


def async_database_url(url: str) -> str:
    """The URL with the async driver we ship (asyncpg, aiosqlite), so copied URLs just work."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        return "postgresql+asyncpg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    if not url.startswith(("postgresql+asyncpg://", "sqlite+aiosqlite://")):
        raise ValueError("must be a sqlite:/// or postgresql:// URL")
    return url


def is_sqlite(url: str | URL) -> bool:
    """Whether a database URL points at SQLite."""
    return make_url(str(url) if isinstance(url, URL) else url).get_backend_name() == "sqlite"


def ensure_sqlite_directory(url: str) -> None:
    """Create the folder of a file-based SQLite database, so a fresh clone can start."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return
    Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the web chat read while a job writes; foreign keys are off by default in SQLite;
    # busy_timeout turns brief lock contention into a wait instead of an error.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


DEFAULT_POOL_SIZE = 20


def create_engine(
    url: str, *, echo: bool = False, pool_size: int = DEFAULT_POOL_SIZE
) -> AsyncEngine:
    """Create an async engine with the settings each backend needs (`pool_size` is the number
    of PostgreSQL connections the process keeps open)."""
    if is_sqlite(url):
        ensure_sqlite_directory(url)
        # One hand-off to SQLite's thread per statement instead of four (storage/sqlite_driver).
        engine = create_async_engine(url, echo=echo, module=one_trip_dbapi())
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
        return engine
    return create_async_engine(
        url,
        echo=echo,
        # No ping before every checkout (a round trip on every message): a connection dropped by
        # a restart fails once, SQLAlchemy then invalidates the whole pool, and the unit of work
        # reports it as StorageUnavailable, which the dialogue engine and the jobs retry.
        pool_pre_ping=False,
        pool_size=pool_size,
        # No overflow: under sustained load an overflow connection is opened for one request
        # and closed when it comes back, so every such request paid for a new connection.
        # Waiting a moment for one of the pool's own connections costs far less.
        max_overflow=0,
    )


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """A session factory whose objects stay readable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)

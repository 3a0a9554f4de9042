"""A PostgreSQL advisory lock held on a dedicated connection, for electing one job runner.

A session-level advisory lock lives as long as the connection that took it: when the holder
process dies, the server closes its connection and the lock is free at once. TCP keepalives on
the connection make a silently vanished holder (a cut network) release within seconds too.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging

import asyncpg
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

_KEEPALIVES = {
    "tcp_keepalives_idle": "5",
    "tcp_keepalives_interval": "2",
    "tcp_keepalives_count": "3",
    "application_name": "learnconnect-leader",
}


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory lock key for a name."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def asyncpg_dsn(database_url: str) -> str:
    """The plain libpq-style DSN asyncpg expects for a SQLAlchemy URL."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class AdvisoryLock:
    """Try to hold one advisory lock; check that it is still held."""

    def __init__(self, database_url: str, name: str, timeout: float = 5.0) -> None:
        self._dsn = asyncpg_dsn(database_url)
        self.key = lock_key(name)
        self._timeout = timeout
        self._connection: asyncpg.Connection | None = None

    @property
    def held(self) -> bool:
        """Whether this object believes it holds the lock (its connection is open)."""
        return self._connection is not None and not self._connection.is_closed()

    async def try_acquire(self) -> bool:
        """Take the lock if it is free; never waits for another holder."""
        try:
            if self._connection is None or self._connection.is_closed():
                self._connection = await asyncpg.connect(
                    self._dsn, timeout=self._timeout, server_settings=_KEEPALIVES
                )
            got = await asyncio.wait_for(
                self._connection.fetchval("SELECT pg_try_advisory_lock($1)", self.key),
                self._timeout,
            )
        except (OSError, asyncpg.PostgresError, TimeoutError) as error:
            log.warning("leader lock unavailable: %s", type(error).__name__)
            await self._close()
            return False
        # On a refusal the connection stays open for the next try; it holds nothing.
        return bool(got)

    async def still_held(self) -> bool:
        """Whether the lock is still ours: the session that took it still answers."""
        if self._connection is None or self._connection.is_closed():
            return False
        try:
            await asyncio.wait_for(self._connection.fetchval("SELECT 1"), self._timeout)
        except (OSError, asyncpg.PostgresError, TimeoutError):
            await self._close()
            return False
        return True

    async def release(self) -> None:
        """Give the lock up (closing the connection releases it too)."""
        if self._connection is not None and not self._connection.is_closed():
            try:
                await asyncio.wait_for(
                    self._connection.execute("SELECT pg_advisory_unlock_all()"), self._timeout
                )
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError):
                log.debug("could not unlock cleanly; closing the connection releases it")
        await self._close()

    async def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            try:
                await asyncio.wait_for(connection.close(), self._timeout)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError):
                connection.terminate()

"""Leader election: exactly one process runs the scheduler and the dispatchers.

On PostgreSQL the leader holds an advisory lock on a dedicated connection; standbys try to take
it every `interval` seconds, so one takes over within about one interval of the leader's death
(the server frees the lock as soon as the dead process's connection closes). On SQLite the
database belongs to one process, which is always the leader.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from storage.db import is_sqlite
from storage.leader import AdvisoryLock

log = logging.getLogger(__name__)
LOCK_NAME = "learnconnect:scheduler"


class LeaderLock(Protocol):
    """A lock at most one process holds."""

    async def try_acquire(self) -> bool:
        """Take the lock if it is free."""
        ...

    async def still_held(self) -> bool:
        """Whether it is still ours."""
        ...

    async def release(self) -> None:
        """Give it up."""
        ...


class AlwaysLeader:
    """The lock of a single-process deployment (SQLite): always held."""

    async def try_acquire(self) -> bool:
        """Always succeeds."""
        return True

    async def still_held(self) -> bool:
        """Always true."""
        return True

    async def release(self) -> None:
        """Nothing to release."""


def leader_lock_for(database_url: str, name: str = LOCK_NAME) -> LeaderLock:
    """The right lock for the database: an advisory lock on PostgreSQL, none on SQLite."""
    if is_sqlite(database_url):
        return AlwaysLeader()
    return AdvisoryLock(database_url, name)


Hook = Callable[[], Awaitable[None]]


class LeaderElector:
    """Keeps trying to lead; calls `on_elected` / `on_deposed` when that changes."""

    def __init__(
        self, lock: LeaderLock, interval: float, on_elected: Hook, on_deposed: Hook
    ) -> None:
        self._lock = lock
        self._interval = interval
        self._on_elected = on_elected
        self._on_deposed = on_deposed
        self.is_leader = False
        self._stopped = asyncio.Event()

    async def check(self) -> bool:
        """One round: keep or lose leadership if leading, else try to take it."""
        if self.is_leader:
            if not await self._lock.still_held():
                self.is_leader = False
                log.warning("lost the scheduler lock; standing by")
                await self._on_deposed()
        elif await self._lock.try_acquire():
            self.is_leader = True
            log.info("elected to run the scheduler and dispatchers")
            await self._on_elected()
        return self.is_leader

    async def run(self) -> None:
        """Check every interval until `stop` is called."""
        while not self._stopped.is_set():
            try:
                await self.check()
            except Exception:  # an election hiccup must never kill the loop
                log.exception("leader election round failed")
            try:
                await asyncio.wait_for(self._stopped.wait(), self._interval)
            except TimeoutError:
                continue

    async def stop(self) -> None:
        """Stop electing and give the lock up."""
        self._stopped.set()
        if self.is_leader:
            self.is_leader = False
            await self._on_deposed()
        await self._lock.release()

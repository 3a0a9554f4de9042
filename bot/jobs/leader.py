"""Leader election: exactly one process runs the scheduler and the dispatchers, and exactly one
holds each bot token's live connection (Telegram long polling, the Discord gateway).

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
TELEGRAM_POLLING_LOCK = "learnconnect:telegram-polling"
DISCORD_GATEWAY_LOCK = "learnconnect:discord-gateway"


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
        self,
        lock: LeaderLock,
        interval: float,
        on_elected: Hook,
        on_deposed: Hook,
        role: str = "the scheduler and dispatchers",
    ) -> None:
        self._lock = lock
        self._interval = interval
        self._on_elected = on_elected
        self._on_deposed = on_deposed
        self._role = role
        self.is_leader = False
        self._stopped = asyncio.Event()

    async def check(self) -> bool:
        """One round: keep or lose leadership if leading, else try to take it."""
        if self.is_leader:
            if not await self._lock.still_held():
                self.is_leader = False
                log.warning("lost the lock for %s; standing by", self._role)
                await self._on_deposed()
        elif await self._lock.try_acquire():
            self.is_leader = True
            log.info("elected to run %s", self._role)
            try:
                await self._on_elected()
            except BaseException:
                # A leader that could not start its work would hold the role doing nothing:
                # give it back, so that this process or another tries again next round.
                self.is_leader = False
                await self._lock.release()
                raise
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


class Leadership:
    """One named role this process takes when it can and gives up when it must, in the
    background: `on_elected` / `on_deposed` run as that changes."""

    def __init__(
        self,
        database_url: str,
        name: str,
        interval: float,
        *,
        on_elected: Hook,
        on_deposed: Hook,
    ) -> None:
        self.name = name
        self.elector = LeaderElector(
            leader_lock_for(database_url, name), interval, on_elected, on_deposed, role=name
        )
        self._task: asyncio.Task[None] | None = None

    @property
    def is_leader(self) -> bool:
        """Whether this process holds the role now."""
        return self.elector.is_leader

    async def start(self) -> None:
        """Take the role at once when nobody holds it; keep trying in the background."""
        try:
            await self.elector.check()
        except Exception:  # the background rounds try again
            log.exception("first election round for %s failed", self.name)
        self._task = asyncio.create_task(self.elector.run(), name=f"leader:{self.name}")

    async def stop(self) -> None:
        """Stop electing, then give the role up (running `on_deposed` if held)."""
        # The background round must be over before the lock is released: both use the lock's
        # one database connection, which cannot run two statements at once.
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.elector.stop()

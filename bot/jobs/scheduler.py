"""The in-process APScheduler that runs the coach's system jobs, on the elected leader only."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.jobs.leader import LOCK_NAME, Leadership

log = logging.getLogger(__name__)

JobRegistrar = Callable[[AsyncIOScheduler], None]


class SchedulerService:
    """Starts an `AsyncIOScheduler` with the app; its jobs run only while this process leads.

    Every process registers the same jobs and starts its scheduler paused; the leader election
    resumes it in the one process that holds the lock and pauses it again if the lock is lost.
    """

    name = "scheduler"

    def __init__(
        self, database_url: str, leader_check_s: float, registrars: Sequence[JobRegistrar]
    ) -> None:
        self._database_url = database_url
        self._leader_check_s = leader_check_s
        self.registrars = list(registrars)  # each adds its jobs at start
        self.scheduler = AsyncIOScheduler(timezone="UTC", job_defaults={"coalesce": True})
        self.leadership: Leadership | None = None

    def add_job(self, func: Callable[..., Awaitable[Any]], trigger: str, **options: Any) -> None:
        """Schedule a coroutine function; overlapping runs of one job are not allowed."""
        self.scheduler.add_job(func, trigger, max_instances=1, **options)

    async def start(self) -> None:
        """Register every job, then start electing a leader."""
        for registrar in self.registrars:
            registrar(self.scheduler)
        self.scheduler.start(paused=True)
        self.leadership = Leadership(
            self._database_url,
            LOCK_NAME,
            self._leader_check_s,
            on_elected=self._lead,
            on_deposed=self._stand_by,
        )
        await self.leadership.start()

    async def _lead(self) -> None:
        self.scheduler.resume()

    async def _stand_by(self) -> None:
        if self.scheduler.running:
            self.scheduler.pause()

    async def stop(self) -> None:
        """Stop without waiting for running jobs; they are re-run from durable state."""
        if self.leadership is not None:
            await self.leadership.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

"""The in-process APScheduler that runs the coach's system jobs, on the elected leader only."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.jobs.leader import LOCK_NAME, Leadership
from bot.jobs.notify_settings import NotifySettings

if TYPE_CHECKING:
    from bot.bootstrap import Container

log = logging.getLogger(__name__)

JobRegistrar = Callable[["Container", AsyncIOScheduler], None]


class SchedulerService:
    """Starts an `AsyncIOScheduler` with the app; its jobs run only while this process leads.

    Every process registers the same jobs and starts its scheduler paused; the leader election
    resumes it in the one process that holds the lock and pauses it again if the lock is lost.
    """

    name = "scheduler"

    def __init__(self, container: Container) -> None:
        self._container = container
        self.scheduler = AsyncIOScheduler(timezone="UTC", job_defaults={"coalesce": True})
        self.leadership: Leadership | None = None

    def add_job(self, func: Callable[..., Awaitable[Any]], trigger: str, **options: Any) -> None:
        """Schedule a coroutine function; overlapping runs of one job are not allowed."""
        self.scheduler.add_job(func, trigger, max_instances=1, **options)

    async def start(self) -> None:
        """Register every job the container lists, then start electing a leader."""
        for registrar in self._container.job_registrars:
            registrar(self._container, self.scheduler)
        self.scheduler.start(paused=True)
        settings = self._container.extras.get("notify_settings") or NotifySettings()
        self.leadership = Leadership(
            self._container.settings.database_url,
            LOCK_NAME,
            settings.leader_check_s,
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

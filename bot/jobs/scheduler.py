"""The in-process APScheduler that runs the coach's system jobs."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

if TYPE_CHECKING:
    from bot.bootstrap import Container

log = logging.getLogger(__name__)

JobRegistrar = Callable[["Container", AsyncIOScheduler], None]


class SchedulerService:
    """Starts and stops an `AsyncIOScheduler` with the app."""

    name = "scheduler"

    def __init__(self, container: Container) -> None:
        self._container = container
        self.scheduler = AsyncIOScheduler(timezone="UTC", job_defaults={"coalesce": True})

    def add_job(self, func: Callable[..., Awaitable[Any]], trigger: str, **options: Any) -> None:
        """Schedule a coroutine function; overlapping runs of one job are not allowed."""
        self.scheduler.add_job(func, trigger, max_instances=1, **options)

    async def start(self) -> None:
        """Register every job the container lists and start ticking."""
        for registrar in self._container.job_registrars:
            registrar(self._container, self.scheduler)
        self.scheduler.start()

    async def stop(self) -> None:
        """Stop without waiting for running jobs; they are re-run from durable state."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

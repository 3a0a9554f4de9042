"""Notification jobs: the sweep, a dispatcher per channel, the nightly run, clean-up.

`NotificationJobs` is built from what it needs (units of work, the clock, the channels that can
push, its settings, the planning service); `register` adds its jobs to the scheduler, which runs
them on the elected leader only. Channels are looked up on every tick, so a channel that starts
after the scheduler is picked up at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.jobs.delivery import DispatchReport
from bot.jobs.dispatcher import Dispatcher, DispatchOptions, OutboxRouter, PictureSource
from bot.jobs.notify_settings import NotifySettings
from bot.jobs.ratelimit import TELEGRAM_LIMITS, PlatformLimits, RateLimiter
from coach.core.channels import Channel
from coach.core.clock import Clock
from coach.core.uow import UnitOfWork, UnitOfWorkFactory
from coach.messages import ChannelKind
from coach.notifications.model import OutboxStatus
from coach.notifications.sweep import SweepOptions, SweepReport, sweep
from coach.plans.nightly import NightlyOptions, NightlyReport, NightlyRun, weekly_proposal
from coach.plans.service import PlanningService

log = logging.getLogger(__name__)
DEFAULT_LIMITS: Mapping[str, PlatformLimits] = {ChannelKind.TELEGRAM.value: TELEGRAM_LIMITS}
FINISHED = (OutboxStatus.SENT.value, OutboxStatus.DROPPED.value)
FAILED = (OutboxStatus.FAILED.value, OutboxStatus.DEAD.value)


class NotificationJobs:
    """The notification work of one process; the scheduler calls these methods."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        channels: Mapping[str, Channel],
        settings: NotifySettings,
        planning: PlanningService,
        *,
        limits: Mapping[str, PlatformLimits] | None = None,
        pictures: PictureSource | None = None,
    ) -> None:
        self._uow = uow
        self._pictures = pictures  # drawings pushes name (the weekly card), made at send time
        self._clock = clock
        self._channels = channels
        self.settings = settings
        self._planning = planning
        self._limits = {**DEFAULT_LIMITS, **(limits or {})}
        self._nightly = NightlyRun(planning)
        self._dispatchers: dict[str, tuple[Channel, Dispatcher]] = {}
        self._routers: dict[str, OutboxRouter] = {}

    def add_router(self, channel_name: str, router: OutboxRouter) -> None:
        """Route a channel's rows at send time (escalation rooms in a Telegram supergroup)."""
        self._routers[channel_name] = router
        self._dispatchers.pop(channel_name, None)

    def dispatcher_for(self, channel: Channel) -> Dispatcher:
        """The one dispatcher of a channel (one per bot token), created on first use."""
        known = self._dispatchers.get(channel.name)
        if known is not None and known[0] is channel:
            return known[1]
        platform = self._limits.get(channel.name)
        s = self.settings
        options = DispatchOptions(
            batch_size=s.dispatch_batch_size,
            lease_seconds=s.lease_seconds,
            concurrency=s.dispatch_concurrency,
            max_attempts=s.max_attempts,
            backoff_base_s=s.backoff_base_s,
            backoff_max_s=s.backoff_max_s,
            lease_margin_s=min(5.0, s.lease_seconds / 4),
        )
        limiter = RateLimiter(platform) if platform is not None else None
        # A Telegram photo passed on to another platform is downloaded through the Telegram bot.
        telegram = self._channels.get("telegram") if channel.name != "telegram" else None
        photos = getattr(telegram, "download_photo", None)
        dispatcher = Dispatcher(
            self._uow,
            channel,
            self._clock,
            options,
            limiter,
            photo_source=photos,
            pictures=self._pictures,
            router=self._routers.get(channel.name),
        )
        self._dispatchers[channel.name] = (channel, dispatcher)
        return dispatcher

    def push_channels(self) -> tuple[str, ...]:
        """The channels that can push, in the preferred order."""
        running = dict(self._channels)
        preferred = [name for name in self.settings.channels if name in running]
        return (*preferred, *sorted(name for name in running if name not in preferred))

    def sweep_options(self) -> SweepOptions:
        """Sweep over the channels that are running; weekly reviews propose through planning."""
        return SweepOptions(
            channels=self.push_channels(),
            batch_size=self.settings.sweep_batch_size,
            propose_week=self._propose_week,
        )

    async def _propose_week(
        self, uow: UnitOfWork, user_id: int, suggestion: str, week: Sequence[date], now: datetime
    ) -> int | None:
        proposal = await weekly_proposal(
            self._planning, uow, user_id, suggestion=suggestion, next_week=week, now=now
        )
        return proposal.plan_id if proposal is not None else None

    async def sweep(self) -> SweepReport:
        """Produce and reconcile every student's pushes."""
        report = await sweep(self._uow, self._clock.now(), self.sweep_options())
        log.info("notification sweep: %s", report)
        return report

    async def dispatch(self) -> DispatchReport:
        """Drain the due pushes of every channel, the channels side by side."""
        dispatchers = [self.dispatcher_for(c) for c in dict(self._channels).values()]
        total = DispatchReport()
        for report in await asyncio.gather(*(d.drain() for d in dispatchers)):
            total.add(report)
        return total

    async def nightly(self) -> NightlyReport:
        """Yesterday's open sessions missed, one re-plan proposal, a morning message."""
        options = NightlyOptions(channels=self.push_channels())
        report = await self._nightly.run(self._uow, self._clock.now(), options)
        log.info("nightly run: %s", report)
        return report

    async def clean_up(self) -> int:
        """Delete finished pushes after the retention period; failures stay three times as long."""
        now = self._clock.now()
        keep = timedelta(days=self.settings.retention_days)
        async with self._uow() as uow:
            purged = await uow.outbox.purge(now - keep, FINISHED)
            purged += await uow.outbox.purge(now - 3 * keep, FAILED)
            await uow.commit()
        return purged

    def register(self, scheduler: AsyncIOScheduler) -> None:
        """Add the notification jobs to the scheduler."""
        s = self.settings
        once: dict[str, Any] = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}
        scheduler.add_job(
            self.sweep,
            "cron",
            minute=f"*/{s.sweep_interval_minutes}",
            id="notify-sweep",
            next_run_time=datetime.now(UTC),  # catch up at once after downtime
            **once,
        )
        scheduler.add_job(
            self.dispatch, "interval", seconds=s.dispatch_interval_s, id="notify-dispatch", **once
        )
        # Hourly: every student's night comes at another UTC hour; each is done once a night.
        scheduler.add_job(self.nightly, "cron", minute=30, id="nightly-run", **once)
        scheduler.add_job(self.clean_up, "cron", hour=3, minute=15, id="notify-clean-up", **once)

"""Notification jobs: the sweep, a dispatcher per channel, invitations, re-planning, clean-up.

`install(container)` wires them in: the scheduler registers the jobs (they run on the elected
leader only) and the web app gets GET /metrics. Channels come from `container.extras["channels"]`
(name -> Channel), which channel services fill; they are looked up on every tick, so a channel
that starts after the scheduler is picked up at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from bot.jobs.delivery import DispatchReport
from bot.jobs.dispatcher import Dispatcher, DispatchOptions
from bot.jobs.notify_settings import NotifySettings
from bot.jobs.ratelimit import TELEGRAM_LIMITS, PlatformLimits, RateLimiter
from coach.core.channels import Channel
from coach.core.uow import UnitOfWorkFactory
from coach.messages import ChannelKind
from coach.notifications.events import GroupInviteSource
from coach.notifications.model import OutboxStatus
from coach.notifications.pushes import push_invitation
from coach.notifications.sweep import SweepOptions, SweepReport, sweep

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.bootstrap import Container

log = logging.getLogger(__name__)
DEFAULT_LIMITS: Mapping[str, PlatformLimits] = {ChannelKind.TELEGRAM.value: TELEGRAM_LIMITS}
FINISHED = (OutboxStatus.SENT.value, OutboxStatus.DROPPED.value)
FAILED = (OutboxStatus.FAILED.value, OutboxStatus.DEAD.value)
NightlyHook = Callable[["Container", datetime], Awaitable[None]]


def notify_settings(container: Container) -> NotifySettings:
    """The container's notification settings (tests put their own in `extras`)."""
    settings = container.extras.get("notify_settings")
    if settings is None:
        settings = NotifySettings()
        container.extras["notify_settings"] = settings
    return cast(NotifySettings, settings)


def units_of_work(container: Container) -> UnitOfWorkFactory:
    """The container's unit-of-work factory, typed as the port the coach expects.

    The SQL unit of work has the protocol's members with their concrete repository types, which
    mypy's invariance rule for protocol attributes does not accept without this cast.
    """
    return cast(UnitOfWorkFactory, container.uow)


def channels_of(container: Container) -> dict[str, Channel]:
    """Channels that can push right now, by name."""
    return dict(container.extras.get("channels") or {})


class NotificationJobs:
    """The notification work of one process; the scheduler calls these methods."""

    def __init__(self, container: Container) -> None:
        self.container = container
        self.settings = notify_settings(container)
        self._dispatchers: dict[str, tuple[Channel, Dispatcher]] = {}

    def dispatcher_for(self, channel: Channel) -> Dispatcher:
        """The one dispatcher of a channel (one per bot token), created on first use."""
        known = self._dispatchers.get(channel.name)
        if known is not None and known[0] is channel:
            return known[1]
        limits = {**DEFAULT_LIMITS, **self.container.extras.get("channel_limits", {})}
        platform = limits.get(channel.name)
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
        dispatcher = Dispatcher(
            units_of_work(self.container), channel, self.container.clock, options, limiter
        )
        self._dispatchers[channel.name] = (channel, dispatcher)
        return dispatcher

    def sweep_options(self) -> SweepOptions:
        """Sweep over the channels that are running, in the preferred order."""
        running = channels_of(self.container)
        preferred = [name for name in self.settings.channels if name in running]
        preferred += sorted(name for name in running if name not in preferred)
        return SweepOptions(channels=tuple(preferred), batch_size=self.settings.sweep_batch_size)

    async def sweep(self) -> SweepReport:
        """Produce and reconcile every student's pushes."""
        report = await sweep(
            units_of_work(self.container), self.container.clock.now(), self.sweep_options()
        )
        log.info("notification sweep: %s", report)
        return report

    async def dispatch(self) -> DispatchReport:
        """Drain the due pushes of every channel, the channels side by side."""
        dispatchers = [self.dispatcher_for(c) for c in channels_of(self.container).values()]
        total = DispatchReport()
        for report in await asyncio.gather(*(d.drain() for d in dispatchers)):
            total.add(report)
        return total

    async def invitations(self) -> int:
        """Queue study-group invitations from every registered source."""
        sources: list[GroupInviteSource] = self.container.extras.get("group_invite_sources", [])
        options = self.sweep_options()
        queued = 0
        now = self.container.clock.now()
        for source in sources:
            for user_id, invite in await source.pending_invitations(now):
                async with units_of_work(self.container)() as uow:
                    stored = await push_invitation(
                        uow, user_id, invite, channels=options.channels, now=now
                    )
                    await uow.commit()
                queued += stored is not None
        return queued

    async def nightly(self) -> None:
        """Nightly re-planning: calls the planner's hook once it is installed."""
        hook: NightlyHook | None = self.container.extras.get("nightly_replan")
        if hook is None:
            log.debug("no nightly re-planning hook installed yet")
            return
        await hook(self.container, self.container.clock.now())

    async def clean_up(self) -> int:
        """Delete finished pushes after the retention period; failures stay three times as long."""
        now = self.container.clock.now()
        keep = timedelta(days=self.settings.retention_days)
        async with self.container.uow() as uow:
            purged = await uow.outbox.purge(now - keep, FINISHED)
            purged += await uow.outbox.purge(now - 3 * keep, FAILED)
            await uow.commit()
        return purged


def register_notification_jobs(container: Container, scheduler: AsyncIOScheduler) -> None:
    """Add the notification jobs to the scheduler."""
    jobs = NotificationJobs(container)
    container.extras["notification_jobs"] = jobs
    s = jobs.settings
    once: dict[str, Any] = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}
    scheduler.add_job(
        jobs.sweep,
        "cron",
        minute=f"*/{s.sweep_interval_minutes}",
        id="notify-sweep",
        next_run_time=datetime.now(UTC),  # catch up at once after downtime
        **once,
    )
    scheduler.add_job(
        jobs.dispatch, "interval", seconds=s.dispatch_interval_s, id="notify-dispatch", **once
    )
    scheduler.add_job(
        jobs.invitations,
        "interval",
        minutes=s.invitations_interval_minutes,
        id="notify-invitations",
        **once,
    )
    scheduler.add_job(jobs.nightly, "cron", hour=1, minute=30, id="nightly-replan", **once)
    scheduler.add_job(jobs.clean_up, "cron", hour=3, minute=15, id="notify-clean-up", **once)


def install(container: Container) -> None:
    """Wire notifications into a container: scheduled jobs and the /metrics route."""
    from bot.web.metrics import metrics_router  # noqa: PLC0415  (web imports stay lazy)

    container.job_registrars.append(register_notification_jobs)
    container.router_factories.append(metrics_router)

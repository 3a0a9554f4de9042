"""A coach wired for notification tests: real jobs, a frozen clock and a recording channel."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.bootstrap import Container, build
from bot.jobs.notifications import NotificationJobs
from bot.jobs.notify_settings import NotifySettings
from bot.settings import Settings
from coach.core.channels import ChannelCapabilities
from coach.messages import ChannelRef, Reply
from tests.fakes import FixedClock


@dataclass(frozen=True)
class Delivery:
    """One message as the platform would have received it, and when."""

    at: datetime
    ref: ChannelRef
    reply: Reply

    def local(self, tz: str) -> str:
        """'Tue 17:45' in the student's zone."""
        return self.at.astimezone(ZoneInfo(tz)).strftime("%a %H:%M")


@dataclass
class RecordingChannel:
    """A channel that accepts everything and remembers when it was asked to send."""

    clock: FixedClock
    name: str = "telegram"
    capabilities: ChannelCapabilities = field(default_factory=ChannelCapabilities)
    sent: list[Delivery] = field(default_factory=list)

    async def send(self, to: ChannelRef, reply: Reply) -> str | None:
        """Record the message; the platform message id is its position."""
        self.sent.append(Delivery(self.clock.now(), to, reply))
        return f"msg-{len(self.sent)}"


@asynccontextmanager
async def notifying_coach(
    database_url: str, clock: FixedClock, channel: Any, **settings: Any
) -> AsyncIterator[tuple[Container, NotificationJobs]]:
    """A container (no scheduler) whose notification jobs the test runs by hand."""
    container = build(
        Settings(database_url=database_url, scheduler_enabled=False),
        clock=clock,
        channels={channel.name: channel},
        notify_settings=NotifySettings(**settings),
    )
    try:
        yield container, container.notification_jobs
    finally:
        await container.engine.dispose()


async def run_until(
    jobs: NotificationJobs,
    clock: FixedClock,
    until: datetime,
    step: timedelta,
    sweep_every: int = 1,
) -> None:
    """Tick like the scheduler would: sweep (every `sweep_every` ticks), dispatch, move on."""
    tick = 0
    while clock.now() < until:
        if tick % sweep_every == 0:
            await jobs.sweep()
        await jobs.dispatch()
        clock.advance(seconds=step.total_seconds())
        tick += 1

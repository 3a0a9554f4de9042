"""Send slots within platform ceilings, leader election rounds, and the scheduler on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from apscheduler.schedulers.base import STATE_RUNNING

from bot.bootstrap import build
from bot.jobs.delivery import backoff_seconds
from bot.jobs.leader import AlwaysLeader, LeaderElector, leader_lock_for
from bot.jobs.notify_settings import NotifySettings
from bot.jobs.ratelimit import TELEGRAM_LIMITS, PlatformLimits, RateLimiter
from bot.jobs.scheduler import SchedulerService
from bot.settings import Settings
from storage.leader import AdvisoryLock, lock_key


class Ticks:
    """A hand-moved monotonic clock."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_slots_keep_the_global_per_chat_and_group_ceilings() -> None:
    ticks = Ticks()
    limiter = RateLimiter(TELEGRAM_LIMITS, ticks)
    waits = [limiter.reserve(f"chat{n}", False, 10) for n in range(50)]

    def reserve(chat: str, group: bool = False, within: float = 10) -> float | None:
        wait = limiter.reserve(chat, group, within)
        return None if wait is None else round(wait, 6)

    assert waits[0] == 0
    assert round(waits[25] or 0, 6) == 1.0  # 25 a second across the token
    assert reserve("chat0") == 2.0  # the next global slot, after chat0's 1.1 s
    assert reserve("chat0") == 3.1  # and 1.1 s after that for the same chat
    assert reserve("-100", True) == 3.14
    assert reserve("-100", True) == 6.14  # groups: 20 a minute, one every 3 s
    assert reserve("chat0", within=1.0) is None  # too far away: put back, not held


def test_a_429_pauses_every_send_of_the_token() -> None:
    ticks = Ticks()
    limiter = RateLimiter(PlatformLimits(), ticks)
    assert limiter.reserve("a", False, 10) == 0
    limiter.pause(4)
    assert limiter.reserve("b", False, 10) == 4
    assert limiter.next_free_in("c") == 4
    ticks.now += 5
    assert limiter.reserve("c", False, 10) == 0


def test_backoff_doubles_up_to_the_ceiling() -> None:
    assert [backoff_seconds(n, 5, 60) for n in range(1, 6)] == [5, 10, 20, 40, 60]


class ScriptedLock:
    """A lock whose answers the test decides."""

    def __init__(self) -> None:
        self.free = True
        self.held = False
        self.released = False

    async def try_acquire(self) -> bool:
        self.held = self.free
        return self.held

    async def still_held(self) -> bool:
        return self.held

    async def release(self) -> None:
        self.released = True


async def test_the_elector_leads_loses_and_leads_again() -> None:
    lock = ScriptedLock()
    events: list[str] = []

    async def elected() -> None:
        events.append("elected")

    async def deposed() -> None:
        events.append("deposed")

    elector = LeaderElector(lock, 0.01, elected, deposed)
    lock.free = False
    assert not await elector.check()
    lock.free = True
    assert await elector.check()
    assert await elector.check()  # still held: nothing happens
    lock.held = False  # the lock's connection died
    assert not await elector.check()
    assert await elector.check()
    await elector.stop()
    assert events == ["elected", "deposed", "elected", "deposed"]
    assert lock.released


async def test_a_leader_that_cannot_start_gives_the_role_back() -> None:
    lock = ScriptedLock()
    attempts: list[str] = []

    async def elected() -> None:
        attempts.append("start")
        if len(attempts) == 1:
            raise OSError("Bot API unreachable")

    async def deposed() -> None:
        attempts.append("deposed")

    elector = LeaderElector(lock, 0.01, elected, deposed, role="telegram polling")
    with pytest.raises(OSError):
        await elector.check()
    assert not elector.is_leader and lock.released  # free for this process or another
    assert await elector.check()  # the next round tries again
    assert attempts == ["start", "start"]


def test_sqlite_needs_no_lock_and_postgres_gets_an_advisory_lock() -> None:
    assert isinstance(leader_lock_for("sqlite+aiosqlite:////tmp/x.db"), AlwaysLeader)
    lock = leader_lock_for("postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    assert isinstance(lock, AdvisoryLock)
    assert lock.key == lock_key("learnconnect:scheduler") != lock_key("other")


async def test_the_scheduler_runs_the_notification_jobs_on_sqlite(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/s.db", scheduler_enabled=True)
    container = build(settings, notify_settings=NotifySettings(leader_check_s=0.05))
    [service] = [s for s in container.services if isinstance(s, SchedulerService)]
    await service.start()
    try:
        assert service.leadership is not None and service.leadership.is_leader
        assert service.scheduler.state == STATE_RUNNING  # resumed: this process leads
        ids = {job.id for job in service.scheduler.get_jobs()}
        assert {"notify-sweep", "notify-dispatch", "nightly-run", "notify-clean-up"} <= ids
    finally:
        await service.stop()
        await container.engine.dispose()

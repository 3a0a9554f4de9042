"""A separate OS process for the multi-process notification tests.

    python -m tests.notify_worker dispatch URL [--block-after N] [--batch B] [--lease S] ...
    python -m tests.notify_worker lead URL [--check S]

`dispatch` runs a real Dispatcher with a channel that records every delivery in the table
`test_deliveries` (so the test sees what a platform would have received, from every process),
and exits once nothing is queued or leased. With `--block-after N` every send after the N-th
hangs, so the test can SIGKILL the process with rows leased mid-batch. `lead` runs the real
scheduler service with leader election and a job that writes a heartbeat row every 0.2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import text

from bot.bootstrap import build
from bot.clock import SystemClock
from bot.jobs.dispatcher import Dispatcher, DispatchOptions
from bot.jobs.notify_settings import NotifySettings
from bot.settings import Settings
from coach.core.channels import ChannelCapabilities
from coach.messages import ChannelRef, Reply
from coach.notifications import OutboxStatus
from storage.db import create_engine, create_session_factory
from storage.leader import asyncpg_dsn
from storage.uow import SqlUnitOfWorkFactory

DELIVERIES = """CREATE TABLE IF NOT EXISTS test_deliveries (
    message_id text PRIMARY KEY, dedupe_key text NOT NULL, pid integer NOT NULL,
    at timestamptz NOT NULL DEFAULT clock_timestamp())"""
HEARTBEATS = """CREATE TABLE IF NOT EXISTS test_heartbeats (
    pid integer NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())"""


@dataclass
class DatabaseRecordingChannel:
    """Records each delivery in `test_deliveries`; can hang after a number of sends."""

    pool: asyncpg.Pool
    block_after: int | None = None
    delay: float = 0.0
    name: str = "telegram"
    capabilities: ChannelCapabilities = field(default_factory=ChannelCapabilities)
    count: int = 0

    async def send(self, to: ChannelRef, reply: Reply) -> str | None:
        """Record the message under a process-unique id, as a platform would assign one."""
        if self.block_after is not None and self.count >= self.block_after:
            await asyncio.Event().wait()  # hang until killed
        self.count += 1
        message_id = f"{os.getpid()}-{self.count}"
        if self.delay:
            await asyncio.sleep(self.delay)
        await self.pool.execute(
            "INSERT INTO test_deliveries (message_id, dedupe_key, pid) VALUES ($1, $2, $3)",
            message_id,
            reply.meta["dedupe_key"],
            os.getpid(),
        )
        return message_id


async def dispatch(args: argparse.Namespace) -> None:
    pool = await asyncpg.create_pool(asyncpg_dsn(args.url), min_size=1, max_size=args.concurrency)
    engine = create_engine(args.url, pool_size=4)
    units = SqlUnitOfWorkFactory(create_session_factory(engine))
    channel = DatabaseRecordingChannel(pool, args.block_after, args.delay)
    options = DispatchOptions(
        batch_size=args.batch,
        lease_seconds=args.lease,
        concurrency=args.concurrency,
        lease_margin_s=min(1.0, args.lease / 4),
    )
    dispatcher = Dispatcher(units, channel, SystemClock(), options)
    print("ready", flush=True)
    while True:
        report = await dispatcher.run_once()
        if report.claimed:
            continue
        async with units() as uow:
            stats = await uow.outbox.stats(SystemClock().now())
        if stats.count(OutboxStatus.QUEUED) + stats.count(OutboxStatus.LEASED) == 0:
            break
        await asyncio.sleep(0.1)  # rows are leased by someone else: wait for them
    await engine.dispose()
    await pool.close()


async def lead(args: argparse.Namespace) -> None:
    def heartbeat(scheduler: AsyncIOScheduler) -> None:
        async def beat() -> None:
            async with container.engine.begin() as conn:
                await conn.execute(text("INSERT INTO test_heartbeats (pid) VALUES (:pid)"),
                                   {"pid": os.getpid()})  # fmt: skip

        scheduler.add_job(beat, "interval", seconds=0.2, id="heartbeat", max_instances=1)

    settings = Settings(database_url=args.url, scheduler_enabled=True)
    container = build(settings, notify_settings=NotifySettings(leader_check_s=args.check))
    assert container.scheduler is not None
    container.scheduler.registrars.append(heartbeat)
    await container.start()
    print("ready", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await container.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["dispatch", "lead"])
    parser.add_argument("url")
    parser.add_argument("--block-after", type=int, default=None)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--lease", type=float, default=30.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--check", type=float, default=0.5)
    args = parser.parse_args(argv)
    runner: Any = dispatch if args.mode == "dispatch" else lead
    asyncio.run(runner(args))


if __name__ == "__main__":
    main(sys.argv[1:])

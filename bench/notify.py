"""Notification benchmark: `python -m bench.notify` prints one JSON object.

- dispatch_per_s_sqlite / dispatch_per_s_postgres: outbox rows sent per second by one
  dispatcher through a channel without limits (goal >= 2,000);
- telegram_rate_per_s / telegram_429s: messages per second the dispatcher gets through the fake
  Telegram Bot API (which enforces 30/s overall and 1/s per chat) in 60 s, and how many 429s it
  provoked (goals >= 24 and 0);
- produce_100k_s: one sweep producing the next day's reminders (and check-ins) for 100,000
  students on PostgreSQL (goal <= 60).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench._notify_data import (
    add_due_pushes,
    add_planned_students,
    add_students,
    scratch_postgres,
)
from bot.clock import SystemClock
from bot.jobs.dispatcher import Dispatcher, DispatchOptions
from bot.jobs.ratelimit import TELEGRAM_LIMITS, RateLimiter
from coach.notifications.sweep import SweepOptions, sweep
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import FakeChannel

Work = Callable[[SqlUnitOfWorkFactory, str], Awaitable[dict[str, Any]]]


async def with_units(url: str, work: Work) -> dict[str, Any]:
    engine = create_engine(url, pool_size=20)
    try:
        return await work(SqlUnitOfWorkFactory(create_session_factory(engine)), url)
    finally:
        await engine.dispose()


def dispatch_bench(rows: int) -> Work:
    async def run(units: SqlUnitOfWorkFactory, _url: str) -> dict[str, Any]:
        students = await add_students(units, rows // 5, "web")
        queued = await add_due_pushes(units, students, 5, "web")
        options = DispatchOptions(batch_size=500, concurrency=64)
        dispatcher = Dispatcher(units, FakeChannel(name="web"), SystemClock(), options)
        started = time.perf_counter()
        report = await dispatcher.drain(max_batches=10_000)
        elapsed = time.perf_counter() - started
        assert report.sent == queued, report
        return {"rate": round(report.sent / elapsed), "sent": report.sent}

    return run


def telegram_bench(seconds: float) -> Work:
    async def run(units: SqlUnitOfWorkFactory, _url: str) -> dict[str, Any]:
        from telegram import Bot
        from telegram.request import HTTPXRequest

        from bot.channels.telegram import TelegramChannel
        from bot.channels.telegram_callbacks import CallbackSigner
        from tests.fakes.telegram_api import FakeTelegramServer
        from tests.fakes.telegram_objects import RateLimits

        students = await add_students(units, 300, "telegram")
        queued = await add_due_pushes(units, students, 6, "telegram")
        async with FakeTelegramServer(rate_limits=RateLimits()) as fake:
            request = HTTPXRequest(connection_pool_size=32)
            async with Bot(fake.token, base_url=fake.api_url, request=request) as bot:
                channel = TelegramChannel(bot, CallbackSigner(fake.token), units, SystemClock())
                dispatcher = Dispatcher(
                    units, channel, SystemClock(), DispatchOptions(batch_size=100),
                    RateLimiter(TELEGRAM_LIMITS),
                )  # fmt: skip
                started = time.monotonic()
                while time.monotonic() - started < seconds:
                    claimed = (await dispatcher.run_once()).claimed
                    if not claimed:
                        await asyncio.sleep(0.05)
                elapsed = time.monotonic() - started  # the last batch may end past `seconds`
            delivered = sum(c.status == 200 for c in fake.calls_to("sendMessage"))
            assert fake.rate_limits is not None
            rejected = fake.rate_limits.rejected
        return {"rate": round(delivered / elapsed, 2), "rejected": rejected, "queued": queued}

    return run


def produce_bench(students: int) -> Work:
    async def run(units: SqlUnitOfWorkFactory, url: str) -> dict[str, Any]:
        now = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
        await add_planned_students(url, students, now.date() + timedelta(days=1))
        options = SweepOptions(channels=("telegram",), batch_size=1000)
        started = time.perf_counter()
        report = await sweep(units, now, options)
        first = time.perf_counter() - started
        started = time.perf_counter()
        await sweep(units, now + timedelta(minutes=5), options)
        again = time.perf_counter() - started
        return {"first": round(first, 1), "again": round(again, 1), "rows": report.by_kind}

    return run


async def main(args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await asyncio.to_thread(upgrade, url)
        sqlite = await with_units(url, dispatch_bench(args.rows))
        result["dispatch_per_s_sqlite"] = sqlite["rate"]
    async with scratch_postgres() as url:
        postgres = await with_units(url, dispatch_bench(args.rows))
        result["dispatch_per_s_postgres"] = postgres["rate"]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'telegram.db'}"
        await asyncio.to_thread(upgrade, url)
        telegram = await with_units(url, telegram_bench(args.telegram_seconds))
        result["telegram_rate_per_s"] = telegram["rate"]
        result["telegram_429s"] = telegram["rejected"]
    if args.students:
        async with scratch_postgres() as url:
            produced = await with_units(url, produce_bench(args.students))
        result["produce_100k_s"] = produced["first"]
        result["produce_details"] = {
            "students": args.students,
            "rows_by_kind": produced["rows"],
            "second_sweep_s": produced["again"],
        }
    result["dispatched_rows"] = args.rows
    result["telegram_seconds"] = args.telegram_seconds
    return result


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--telegram-seconds", type=float, default=60.0)
    parser.add_argument("--students", type=int, default=100_000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    print(json.dumps(asyncio.run(main(args))))


if __name__ == "__main__":
    cli()

"""Several OS processes on one PostgreSQL database: two dispatchers share 1,000 due pushes and
send each exactly once; a dispatcher killed with SIGKILL mid-batch loses nothing, and its leased
rows go out once the lease expires; a standby takes the scheduler over when the leader dies."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from storage.db import create_engine, create_session_factory
from storage.leader import asyncpg_dsn
from storage.uow import SqlUnitOfWorkFactory
from tests.dbs import PostgresTemplate, postgres_base_url, skip_or_fail_postgres
from tests.notify_support import push, seed_students
from tests.notify_worker import DELIVERIES, HEARTBEATS

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def pg_url(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    template: PostgresTemplate | None = request.getfixturevalue("postgres_template")
    if template is None:
        skip_or_fail_postgres(f"no PostgreSQL server at {postgres_base_url()}")
        return
    url = await template.clone()
    connection = await asyncpg.connect(asyncpg_dsn(url))
    await connection.execute(DELIVERIES)
    await connection.execute(HEARTBEATS)
    await connection.close()
    yield url
    await template.drop(url)


@pytest.fixture
async def units(pg_url: str) -> AsyncIterator[SqlUnitOfWorkFactory]:
    engine = create_engine(pg_url)
    yield SqlUnitOfWorkFactory(create_session_factory(engine))
    await engine.dispose()


@contextmanager
def worker(*args: str) -> Iterator[subprocess.Popen[bytes]]:
    """A worker process that is killed, whatever happens, when the block ends."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.notify_worker", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


async def eventually(check: Callable[[], Awaitable[bool]], within: float, what: str) -> None:
    """Poll `check` until it holds; a deadline, not a measurement (fails after `within`)."""
    started = time.monotonic()
    while not await check():
        if time.monotonic() - started > within:
            raise AssertionError(f"not within {within}s: {what}")
        await asyncio.sleep(0.1)


async def fetch(url: str, query: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return list(await connection.fetch(query))
    finally:
        await connection.close()


async def seed_due_pushes(units: SqlUnitOfWorkFactory, count: int) -> None:
    now = datetime.now(UTC)
    students = await seed_students(units, count)
    async with units() as uow:
        await uow.outbox.enqueue(
            [
                push(user, f"push:{n}", now - timedelta(minutes=1), chat=str(10_000 + user))
                for n, user in enumerate(students)
            ],
            now,
        )
        await uow.commit()


async def assert_each_sent_exactly_once(url: str, count: int) -> list[asyncpg.Record]:
    deliveries = await fetch(url, "SELECT message_id, dedupe_key, pid, at FROM test_deliveries")
    rows = await fetch(url, "SELECT dedupe_key, status, platform_message_id, sent_at FROM outbox")
    assert len(deliveries) == count
    assert len({d["dedupe_key"] for d in deliveries}) == count  # nothing twice
    assert {r["status"] for r in rows} == {"sent"}  # nothing lost
    delivered = {d["dedupe_key"]: d["message_id"] for d in deliveries}
    assert {r["dedupe_key"]: r["platform_message_id"] for r in rows} == delivered
    return deliveries


async def all_settled(url: str) -> bool:
    [row] = await fetch(url, "SELECT count(*) AS n FROM outbox WHERE status <> 'sent'")
    return row["n"] == 0


async def test_two_dispatchers_send_a_thousand_pushes_exactly_once(
    pg_url: str, units: SqlUnitOfWorkFactory
) -> None:
    await seed_due_pushes(units, 1000)
    options = ("--batch", "25", "--delay", "0.002", "--concurrency", "4")
    with (
        worker("dispatch", pg_url, *options) as first,
        worker("dispatch", pg_url, *options) as second,
    ):
        await eventually(lambda: all_settled(pg_url), 120, "all 1,000 pushes sent")
        assert first.wait(timeout=30) == 0
        assert second.wait(timeout=30) == 0
    deliveries = await assert_each_sent_exactly_once(pg_url, 1000)
    by_process = {d["pid"] for d in deliveries}
    assert by_process == {first.pid, second.pid}  # both really worked, side by side


async def test_a_dispatcher_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    pg_url: str, units: SqlUnitOfWorkFactory
) -> None:
    await seed_due_pushes(units, 1000)

    async def first_sends_done() -> bool:
        [sent] = await fetch(pg_url, "SELECT count(*) AS n FROM outbox WHERE status = 'sent'")
        return sent["n"] == 30

    stuck = ("--batch", "100", "--lease", "3", "--block-after", "30", "--concurrency", "8")
    with worker("dispatch", pg_url, *stuck) as doomed:
        await eventually(first_sends_done, 60, "the first dispatcher sent 30 and hangs")
        leased = await fetch(
            pg_url, "SELECT dedupe_key, lease_expires_at FROM outbox WHERE status = 'leased'"
        )
        assert len(leased) == 70  # the rest of its batch, mid-flight
        doomed.send_signal(signal.SIGKILL)
        assert doomed.wait(timeout=10) == -signal.SIGKILL

    with worker("dispatch", pg_url, "--batch", "100") as survivor:
        await eventually(lambda: all_settled(pg_url), 120, "the survivor sent everything")
        assert survivor.wait(timeout=30) == 0

    deliveries = await assert_each_sent_exactly_once(pg_url, 1000)
    by_key = {d["dedupe_key"]: d for d in deliveries}
    assert sum(d["pid"] == doomed.pid for d in deliveries) == 30
    for row in leased:  # the killed process's rows went out only after its lease ran out
        delivery = by_key[row["dedupe_key"]]
        assert delivery["pid"] == survivor.pid
        assert delivery["at"] >= row["lease_expires_at"]


async def test_a_standby_takes_over_the_scheduler_when_the_leader_dies(pg_url: str) -> None:
    async def beating() -> set[int]:
        rows = await fetch(
            pg_url,
            "SELECT DISTINCT pid FROM test_heartbeats"
            " WHERE at > clock_timestamp() - interval '1 second'",
        )
        return {row["pid"] for row in rows}

    with (
        worker("lead", pg_url, "--check", "0.5") as one,
        worker("lead", pg_url, "--check", "0.5") as two,
    ):

        async def someone_leads() -> bool:
            return len(await beating()) > 0

        await eventually(someone_leads, 60, "a leader runs the scheduler")
        await asyncio.sleep(1.5)  # both are up and electing
        [leader_pid] = await beating()  # exactly one process runs the jobs
        assert leader_pid in {one.pid, two.pid}
        [locks] = await fetch(
            pg_url, "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted"
        )
        assert locks["n"] == 1
        leader, standby = (one, two) if leader_pid == one.pid else (two, one)

        leader.send_signal(signal.SIGKILL)
        leader.wait(timeout=10)

        async def standby_leads() -> bool:
            return await beating() == {standby.pid}

        await eventually(standby_leads, 30, "the standby took over")

"""Clean-up, and the outbox migration going down and up again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import inspect

from storage.db import create_engine
from storage.migrate import downgrade_async, upgrade_async
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.notify_harness import RecordingChannel, notifying_coach
from tests.notify_support import add_student, push

NOW = datetime(2027, 2, 1, 12, 0, tzinfo=UTC)


async def test_clean_up_keeps_recent_rows_and_failures_longer(
    database_url: str, uow_factory: SqlUnitOfWorkFactory
) -> None:
    user = await add_student(uow_factory, channel="web")
    old, older = NOW - timedelta(days=40), NOW - timedelta(days=100)
    async with uow_factory() as uow:
        await uow.outbox.enqueue([push(user, "old-dropped", old, drop_reason="daily cap")], old)
        await uow.outbox.enqueue([push(user, "ancient-dropped", older, drop_reason="x")], older)
        await uow.outbox.enqueue([push(user, "recent", NOW - timedelta(days=2))], NOW)
        await uow.commit()
    clock = FixedClock(NOW)
    async with notifying_coach(database_url, clock, RecordingChannel(clock, name="web")) as (
        _,
        jobs,
    ):
        assert await jobs.clean_up() == 2
        async with uow_factory() as uow:
            stats = await uow.outbox.stats(NOW)
    assert stats.by_status == {"queued": 1}  # old dropped rows went; the recent one stays


async def test_the_outbox_migration_goes_down_and_up(database_url: str) -> None:
    async def tables() -> set[str]:
        engine = create_engine(database_url)
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
        await engine.dispose()
        return names

    assert {"outbox", "notify_job_runs"} <= await tables()
    await downgrade_async(database_url, "0003")  # the revision before the outbox
    assert not {"outbox", "notify_job_runs"} & await tables()
    await upgrade_async(database_url)
    assert {"outbox", "notify_job_runs"} <= await tables()

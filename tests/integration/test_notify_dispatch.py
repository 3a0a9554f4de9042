"""The dispatcher's own rules on both backends: the cap at send time, broken templates, leases
about to run out, channel bugs; and the outbox seen from outside: /metrics and the CLI."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import httpx
from sqlalchemy import select
from typer.testing import CliRunner

from bot.bootstrap import build
from bot.cli import app as cli
from bot.jobs.dispatcher import Dispatcher, DispatchOptions
from bot.settings import Settings
from bot.web.app import create_app
from coach.messages import ChannelRef, Reply
from coach.notifications import NotificationKind
from storage.db import create_engine, create_session_factory
from storage.models import OutboxRow
from storage.uow import SqlUnitOfWorkFactory
from tests.dbs import SqliteTemplate, run_blocking
from tests.fakes import FakeChannel, FixedClock
from tests.notify_support import add_student, push

NOW = datetime(2027, 1, 12, 11, 0, tzinfo=UTC)  # noon in Berlin


async def rows(uow_factory: SqlUnitOfWorkFactory) -> dict[str, SimpleNamespace]:
    async with uow_factory() as uow:
        result = await uow.session.execute(select(*OutboxRow.__table__.c))
        return {r["dedupe_key"]: SimpleNamespace(**r) for r in result.mappings()}


def web_push(user: int, key: str, due: datetime, **options: object):  # type: ignore[no-untyped-def]
    return push(user, key, due, channel="web", chat=f"c{user}", **options)  # type: ignore[arg-type]


async def test_the_daily_cap_holds_at_send_time(uow_factory: SqlUnitOfWorkFactory) -> None:
    user = await add_student(uow_factory, channel="web", max_pushes_per_day=3)
    async with uow_factory() as uow:  # e.g. pushes queued before the student lowered the cap
        await uow.outbox.enqueue(
            [web_push(user, f"k{n}", NOW - timedelta(minutes=5 - n)) for n in range(5)], NOW
        )
        await uow.commit()
    channel = FakeChannel(name="web")
    report = await Dispatcher(uow_factory, channel, FixedClock(NOW)).run_once()
    assert (report.sent, report.dropped, report.drop_reasons) == (3, 2, {"daily cap": 2})
    assert [reply.meta["dedupe_key"] for _, reply in channel.sent] == ["k0", "k1", "k2"]


async def test_a_broken_template_is_dead_lettered_and_the_rest_still_go(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    user = await add_student(uow_factory, channel="web")
    broken = web_push(user, "broken", NOW, context={"rest_day": False})  # "student" is missing
    async with uow_factory() as uow:
        await uow.outbox.enqueue([broken, web_push(user, "fine", NOW)], NOW)
        await uow.commit()
    report = await Dispatcher(uow_factory, FakeChannel(name="web"), FixedClock(NOW)).run_once()
    stored = await rows(uow_factory)
    assert (report.sent, report.dead) == (1, 1)
    assert stored["broken"].status == "dead"
    assert stored["broken"].last_error.startswith("render: UndefinedError")


async def test_a_row_whose_lease_is_about_to_end_is_put_back_not_sent(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    user = await add_student(uow_factory, channel="web")
    async with uow_factory() as uow:
        await uow.outbox.enqueue([web_push(user, "k", NOW)], NOW)
        await uow.commit()
    channel = FakeChannel(name="web")
    options = DispatchOptions(lease_seconds=2, lease_margin_s=5)
    report = await Dispatcher(uow_factory, channel, FixedClock(NOW), options).run_once()
    stored = (await rows(uow_factory))["k"]
    assert channel.sent == []
    assert report.released == 1
    assert (stored.status, stored.attempts, stored.next_attempt_at) == ("queued", 0, NOW)


class BrokenChannel(FakeChannel):
    """A channel with a bug: every send raises."""

    async def send(self, to: ChannelRef, reply: Reply) -> str | None:
        raise KeyError("chat")


async def test_a_channel_bug_is_retried_with_backoff(uow_factory: SqlUnitOfWorkFactory) -> None:
    user = await add_student(uow_factory, channel="web")
    async with uow_factory() as uow:
        await uow.outbox.enqueue([web_push(user, "k", NOW, kind=NotificationKind.MILESTONE)], NOW)
        await uow.commit()
    report = await Dispatcher(uow_factory, BrokenChannel(name="web"), FixedClock(NOW)).run_once()
    stored = (await rows(uow_factory))["k"]
    assert report.retried == 1
    assert (stored.status, stored.attempts, stored.last_error) == ("queued", 1, "KeyError: 'chat'")
    assert stored.next_attempt_at == NOW + timedelta(seconds=5)


async def test_metrics_show_queued_sent_failed_and_lag(
    database_url: str, uow_factory: SqlUnitOfWorkFactory
) -> None:
    user = await add_student(uow_factory, channel="web")
    async with uow_factory() as uow:
        await uow.outbox.enqueue(
            [web_push(user, "a", NOW - timedelta(seconds=90)), web_push(user, "b", NOW)], NOW
        )
        await uow.commit()
    container = build(Settings(database_url=database_url, scheduler_enabled=False),
                      clock=FixedClock(NOW))  # fmt: skip
    try:
        transport = httpx.ASGITransport(app=create_app(container))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get("/metrics")
    finally:
        await container.engine.dispose()
    assert response.status_code == 200
    lines = set(response.text.splitlines())
    assert "learnconnect_outbox_queued 2.0" in lines
    assert "learnconnect_outbox_sent 0.0" in lines
    assert "learnconnect_outbox_failed 0.0" in lines
    assert "learnconnect_outbox_lag_seconds 90.0" in lines
    assert 'learnconnect_outbox_rows{status="queued"} 2.0' in lines


def test_outbox_stats_on_the_command_line(sqlite_template: SqliteTemplate, tmp_path: Path) -> None:
    url = sqlite_template.clone(tmp_path / "cli.db")

    async def seed() -> None:
        engine = create_engine(url)
        units = SqlUnitOfWorkFactory(create_session_factory(engine))
        user = await add_student(units, channel="web")
        now = datetime.now(UTC)
        async with units() as uow:
            await uow.outbox.enqueue([web_push(user, "a", now + timedelta(hours=1))], now)
            await uow.commit()
        await engine.dispose()

    run_blocking(lambda: asyncio.run(seed()))
    runner = CliRunner()
    env = {"LEARNCONNECT_DATABASE_URL": url}
    result = runner.invoke(cli, ["outbox", "stats", "--json"], env=env)
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output.strip().splitlines()[-1])
    assert stats["by_status"]["queued"] == 1
    assert stats["due_now"] == 0
    plain = runner.invoke(cli, ["outbox", "stats"], env=env)
    assert "queued           1" in plain.output

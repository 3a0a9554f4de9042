"""One live connection per bot token across processes on one PostgreSQL database.

Two processes long-polling one Telegram token would both receive every update and answer it
twice; two Discord gateway connections of one bot would too. Each `serve` process therefore
polls (or connects) only while it holds that token's lock, and another takes over when the
holder goes away.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import discord
import pytest

from bot.bootstrap import build
from bot.channels.discord_service import DiscordService
from bot.channels.telegram_service import TelegramService
from bot.jobs.notify_settings import NotifySettings
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.telegram_support import NOW, StubEngine, telegram_settings
from tests.adapters.test_discord_service import closed_port, settings
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("database_url", ["postgres"], indirect=True),
]

ADA = FakeUser(4242, "Ada", "tr")
CHECK_S = 0.1


@pytest.fixture(autouse=True)
def restore_api_base() -> Iterator[None]:
    base = discord.http.Route.BASE
    yield
    discord.http.Route.BASE = base


async def eventually(condition: Callable[[], bool], within: float = 10.0) -> None:
    """Wait until `condition` holds (a takeover happens on the standby's next check)."""
    for _ in range(int(within / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")


def polling_service(
    fake: FakeTelegramServer, database_url: str, engine: StubEngine, units: SqlUnitOfWorkFactory
) -> TelegramService:
    """A `serve` process's Telegram service, polling the fake on the shared database."""
    return TelegramService(
        telegram_settings(fake, database_url=database_url),
        engine,
        units,
        FixedClock(NOW),
        poll_timeout=1,
        typing_after=None,
        leader_check_s=CHECK_S,
    )


async def test_only_one_process_polls_a_token_and_another_takes_over(
    fake: FakeTelegramServer, database_url: str
) -> None:
    database = create_engine(database_url)
    units = SqlUnitOfWorkFactory(create_session_factory(database))
    first_engine, second_engine = StubEngine(), StubEngine()
    first = polling_service(fake, database_url, first_engine, units)
    second = polling_service(fake, database_url, second_engine, units)
    try:
        await first.start()
        await second.start()
        for text in ("bir", "iki", "üç"):
            await fake.send_text(ADA, text)
        await fake.wait_for_messages(ADA.id, 3)
        await first.stop()  # the polling process goes away
        await fake.send_text(ADA, "dört")
        sent = await fake.wait_for_messages(ADA.id, 4)
    finally:
        await second.stop()
        await database.dispose()
    assert [m["text"] for m in sent] == ["echo bir", "echo iki", "echo üç", "echo dört"]
    assert [e.text for e in first_engine.events] == ["bir", "iki", "üç"]  # answered once each
    assert [e.text for e in second_engine.events] == ["dört"]  # the standby took over


async def test_only_one_process_connects_to_the_discord_gateway(database_url: str) -> None:
    unreachable = f"http://127.0.0.1:{closed_port()}"
    containers = [
        build(
            settings(database_url, unreachable),
            notify_settings=NotifySettings(leader_check_s=CHECK_S),
        )
        for _ in range(2)
    ]
    services = [
        next(s for s in container.services if isinstance(s, DiscordService))
        for container in containers
    ]
    first, second = services
    try:
        await first.start()
        await second.start()
        assert first.holds_gateway and not second.holds_gateway
        await first.stop()
        await eventually(lambda: second.holds_gateway)
    finally:
        await second.stop()
        for container in containers:
            await container.engine.dispose()

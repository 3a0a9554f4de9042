"""Live Q&A announcements on the platforms: a one-off Discord guild scheduled event in a
server set up with the coach (simcord), and a post in the configured Telegram supergroup
(the fake Bot API), both made by the announcements job after the session is scheduled."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import discord
import pytest
from sqlalchemy import select
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.channels.telegram import TelegramChannel
from bot.channels.telegram_callbacks import CallbackSigner
from bot.jobs.liveqa import LiveQaPublisher
from bot.liveqa_discord import DiscordQaEvents
from coach.core.uow import UnitOfWork, UnitOfWorkFactory
from coach.domain import GroupSettings
from coach.liveqa.model import NewSession
from coach.liveqa.usecases import ScheduleSession, schedule_session
from coach.packs.catalog import Catalog
from coach.services import build_services
from coach.subscriptions import subscriptions
from storage.models import QaAnnouncementRow
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.discord_support import coach_bot, mini_engine, running
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
STARTS = datetime(2026, 12, 9, 16, 0, tzinfo=UTC)


async def _schedule(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, group: GroupSettings
) -> int:
    uow_factory.bus = subscriptions(build_services(Catalog.load([str(MINI)])))
    async with uow_factory() as uow:
        await uow.groups.save(group)
        new = NewSession(None, "Ayşe Hoca", "mini", "tr", "paragraf", "Paragraf: sorularınız",
                         STARTS, 45, "Europe/Istanbul")  # fmt: skip
        result = await schedule_session(cast(UnitOfWork, uow), clock.now(), ScheduleSession(new))
        await uow.commit()
    assert result.session is not None
    return result.session.id


async def _announcements(uow_factory: SqlUnitOfWorkFactory) -> list[tuple[str, str, int, str]]:
    async with uow_factory() as uow:
        rows = await uow.session.scalars(select(QaAnnouncementRow).order_by(QaAnnouncementRow.id))
        return [(r.channel, r.status, r.attempts, r.platform_id or "") for r in rows]


async def test_a_session_becomes_a_discord_scheduled_event(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    async with running(bot) as env:
        guild = env.create_guild()
        group = GroupSettings("discord", str(guild.id), "tr", clock.now(), "1")
        await _schedule(uow_factory, clock, group)
        events = DiscordQaEvents(bot.conversation.channel)
        units = cast(UnitOfWorkFactory, uow_factory)
        publisher = LiveQaPublisher(units, clock, Catalog.load([str(MINI)]), {}, events)

        env.inject_error("POST", f"/guilds/{guild.id}/scheduled-events", status=500,
                         message="Internal Server Error")  # fmt: skip
        first = await publisher.publish()
        assert (first.done, first.failed) == (0, 1)
        assert (await _announcements(uow_factory))[0][:3] == ("discord", "pending", 1)

        report = await publisher.publish()  # the next run retries it
        cached = bot.get_guild(guild.id)
        assert cached is not None
        fetched = await cached.fetch_scheduled_events()

    assert (report.done, report.failed) == (1, 0)
    [event] = fetched
    assert event.name == "Paragraf: sorularınız"
    assert event.entity_type is discord.EntityType.external
    assert event.start_time == STARTS and event.end_time == datetime(
        2026, 12, 9, 16, 45, tzinfo=UTC
    )
    assert event.location == "LearnConnect Koç — /sorucevap"
    assert "Ayşe Hoca" in (event.description or "")
    assert await _announcements(uow_factory) == [("discord", "done", 2, str(event.id))]
    assert await publisher.publish() == type(report)()  # nothing left to announce


@pytest.fixture
async def telegram(
    fake: FakeTelegramServer, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> AsyncIterator[TelegramChannel]:
    bot = Bot(fake.token, base_url=fake.api_url, request=HTTPXRequest(read_timeout=2))
    async with bot:
        yield TelegramChannel(bot, CallbackSigner(fake.token), uow_factory, clock)


async def test_a_session_is_announced_in_the_telegram_supergroup(
    fake: FakeTelegramServer,
    telegram: TelegramChannel,
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
) -> None:
    group = GroupSettings("telegram", "-1001234", "tr", clock.now(), "-1001234")
    await _schedule(uow_factory, clock, group)
    units = cast(UnitOfWorkFactory, uow_factory)
    channels = {"telegram": telegram}
    report = await LiveQaPublisher(units, clock, Catalog.load([str(MINI)]), channels).publish()

    assert (report.done, report.failed) == (1, 0)
    [call] = fake.calls_to("sendMessage")
    assert str(call.params["chat_id"]) == "-1001234"
    text = str(call.params["text"])
    assert "Paragraf: sorularınız" in text and "Çar 09.12 19:00" in text and "/sorucevap" in text
    [(channel, status, attempts, message_id)] = await _announcements(uow_factory)
    assert (channel, status, attempts) == ("telegram", "done", 1) and message_id

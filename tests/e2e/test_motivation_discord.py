"""Must-show 4 over Discord (the real discord.py bot on simcord): Done -> the XP message ->
/badges, /streak, /league; the weekly card pushed on Sunday evening arrives as a PNG file of
the card's size; the server's weekly leaderboard is posted in its coach channel with the
members who allow boards only, and /leaderboard shows it on demand (never in a DM)."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import cast

import discord
from PIL import Image

from bot.channels.discord_guild import DiscordGuildAdmin
from bot.community_discord import DiscordGroupPlaces
from bot.jobs.boards import WeeklyBoards
from bot.jobs.cards import CardPictures, WeeklyCards
from bot.jobs.dispatcher import Dispatcher, DispatchOptions
from coach.community.usecases import (
    Answer,
    AnswerInvitation,
    RunMatching,
    answer_invitation,
    run_matching,
)
from coach.core.uow import UnitOfWork, UnitOfWorkFactory
from coach.domain import AgeBand, GroupSettings
from coach.motivation.card_png import HEIGHT, WIDTH
from coach.motivation.league_usecases import ForWeek, form_week, week_of
from coach.motivation.xp import LedgerEntry
from coach.packs.catalog import Catalog
from coach.peers.model import PeerFeature
from coach.peers.usecases import SetFeature, set_feature
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.discord_support import Student, coach_bot, message_text, mini_engine, running
from tests.adapters.test_community_discord import _student
from tests.e2e.test_discord_flow import ONBOARDING, assess
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
SUNDAY_EVENING = datetime(2026, 12, 13, 17, 30, tzinfo=UTC)  # 20:30 in Istanbul
MONDAY_MORNING = datetime(2026, 12, 14, 6, 30, tzinfo=UTC)  # 09:30 in Istanbul


async def test_done_xp_badges_streak_league_and_the_pushed_card(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    catalog = Catalog.load([str(MINI)])
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    async with running(bot) as env:
        ada = Student(env, env.create_user("ada"))
        await ada.dm("hello")
        await ada.press("ob:lang:en")
        for payload in ONBOARDING:
            await ada.press(payload)
        await assess(ada)
        await ada.press("pv:activate:")
        await ada.dm("/today")
        await ada.press("s:done:")
        assert "XP" in ada.text() and "level" in ada.text()
        await ada.dm("/badges")
        assert "Your badges" in ada.text() and "First plan" in ada.text()
        await ada.dm("/streak")
        assert "Streak: 1 day" in ada.text()
        await ada.dm("/league join Ada_K")
        assert "next leagues are formed on Monday" in ada.text()
        async with uow_factory() as uow:
            await form_week(
                cast(UnitOfWork, uow), clock.now(), ForWeek(week_of(clock.now().date()))
            )
            await uow.commit()
        await ada.dm("/league")
        assert "This week's league" in ada.text() and "➡️ Ada_K" in ada.text()
        await ada.dm("/leaderboard")  # a DM never shows other students
        assert "just you and me" in ada.text() and "/league" in ada.text()

        # Sunday evening: the week's card is queued, then drawn and sent as a file
        clock.set(SUNDAY_EVENING)
        units = cast(UnitOfWorkFactory, uow_factory)
        assert await WeeklyCards(units, clock, ["discord"]).run() == 1
        assert await WeeklyCards(units, clock, ["discord"]).run() == 0  # once a week
        dispatcher = Dispatcher(
            uow_factory, bot.conversation.channel, clock, DispatchOptions(),
            pictures=CardPictures(units, catalog),
        )  # fmt: skip
        assert (await dispatcher.drain()).sent >= 1
        dms = [m for m in ada.actor.dm_channel.history() if m.author.bot]
        [card] = [m for m in dms if m.attachments]
        assert "Your week on one card" in card.content
        assert card.attachments[0].filename == "progress.png"
        alt = card.attachments[0].description or ""  # read out by screen readers
        assert alt.startswith("Weekly progress") and "Level" in alt and "Streak" in alt
        image = Image.open(io.BytesIO(await card.attachments[0].read()))
        image.load()  # the PNG decodes
        assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)


async def _xp(uow_factory: SqlUnitOfWorkFactory, user_id: int, day: date, amount: int) -> None:
    async with uow_factory() as uow:
        entry = LedgerEntry(f"session:{user_id}:{day}", "session", amount, amount, day, 30)
        await uow.motivation.append(user_id, entry, MONDAY_MORNING)
        await uow.commit()


async def test_the_servers_board_lists_only_members_who_allow_it(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 12, 7, 10, 0, tzinfo=UTC))
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    async with running(bot) as env:
        guild = env.create_guild()
        coach_channel = guild.create_text_channel("coach")
        users = [env.create_user(name) for name in ("ada", "bora", "cem")]
        members = [guild.add_member(user) for user in users]
        async with uow_factory() as uow:
            settings = GroupSettings("discord", str(guild.id), "en", clock.now(),
                                     str(coach_channel.id))  # fmt: skip
            await uow.groups.save(settings)
            await uow.commit()
        ids = [await _student(uow_factory, u.id, u.name.title()) for u in users]
        async with uow_factory() as uow:
            for user_id in ids:  # three adults (their group is an adults' group)
                user = await uow.users.get(user_id)
                assert user is not None
                await uow.users.update(dataclasses.replace(user, age_band=AgeBand.ADULT))
            await uow.commit()
        async with uow_factory() as uow:
            work = cast(UnitOfWork, uow)
            [view] = (await run_matching(work, clock.now(), RunMatching({}))).proposed
            for user_id in ids:
                answer = AnswerInvitation(view.group.id, user_id, Answer.JOIN)
                await answer_invitation(work, clock.now(), answer)
            for user_id in ids[:2]:  # Ada and Bora allow boards; Cem does not
                await set_feature(
                    work, clock.now(), SetFeature(user_id, PeerFeature.LEADERBOARDS, True)
                )
            await uow.commit()
        units = cast(UnitOfWorkFactory, uow_factory)
        await DiscordGroupPlaces(DiscordGuildAdmin(bot.conversation.channel), units, clock).sync()
        for user_id, xp in zip(ids, (120, 80, 400), strict=True):
            await _xp(uow_factory, user_id, date(2026, 12, 9), xp)  # this week
            await _xp(uow_factory, user_id, date(2026, 12, 10), xp // 2)

        # on demand in the server on Thursday: this week so far, only for the one who asked
        clock.set(datetime(2026, 12, 10, 15, 0, tzinfo=UTC))
        ada = Student(env, members[0], coach_channel)
        await ada.slash("leaderboard")
        assert ada.results[-1].ephemeral
        assert "1. Ada — 180 XP" in ada.text() and "2. Bora — 120 XP" in ada.text()
        assert "Cem" not in ada.text()

        # Monday morning: last week's board is posted in the coach channel, once
        clock.set(MONDAY_MORNING)
        boards = WeeklyBoards(units, clock, "Europe/Istanbul")
        assert await boards.run() == 1
        dispatcher = Dispatcher(uow_factory, bot.conversation.channel, clock, DispatchOptions())
        await dispatcher.drain()
        assert await boards.run() == 0  # the week is recorded: the next hour queues nothing
        await dispatcher.drain()
        channel = bot.get_channel(coach_channel.id)
        assert isinstance(channel, discord.TextChannel)
        posts = [m async for m in channel.history() if "Leaderboard of the week" in message_text(m)]
        [post] = posts
        text = message_text(post)
        assert "1. Ada — 180 XP" in text and "2. Bora — 120 XP" in text
        assert "Cem" not in text  # 600 XP, but he did not allow boards

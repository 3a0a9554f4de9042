"""A server's group challenge over Discord (the real discord.py bot on simcord): /challenge in
the server's channel starts the week's shared goal, members join with a display name (the
Join button first asks for one), sessions done in their DMs count for it, the progress lists
the members who joined by display name only, and the completion is posted in the channel."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

import discord

from bot.jobs.dispatcher import Dispatcher, DispatchOptions
from coach.core.uow import UnitOfWork
from coach.motivation.challenge_usecases import student_week
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.discord_support import Student, coach_bot, message_text, mini_engine, running
from tests.e2e.test_discord_flow import ONBOARDING, assess
from tests.fakes import FixedClock


async def _onboarded(student: Student) -> None:
    await student.dm("hello")
    await student.press("ob:lang:en")
    for payload in ONBOARDING:
        await student.press(payload)
    await assess(student)
    await student.press("pv:activate:")


async def test_a_servers_challenge_counts_the_members_who_joined(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 12, 7, 7, 0, tzinfo=UTC))  # Monday, 10:00 in Istanbul
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    async with running(bot) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("study")
        users = [env.create_user(name) for name in ("ada", "bora", "cem")]
        for user in users:
            await _onboarded(Student(env, user))
        members = [Student(env, guild.add_member(user), channel) for user in users]
        ada, bora, cem = members

        await ada.slash("challenge")
        assert ada.results[-1].ephemeral
        assert "This group's challenge" in ada.text() and "Progress: 0/6" in ada.text()
        await ada.press("ch:join:")
        assert "choose a display name" in ada.text()
        await ada.slash("challenge", words="join Ada_K")
        assert "You're in" in ada.text() and "• Ada_K — 0" in ada.text()
        await bora.slash("challenge", words="join Bora")
        assert "• Ada_K — 0" in bora.text() and "• Bora — 0" in bora.text()

        async with uow_factory() as uow:  # a goal of two sessions for the test
            work = cast(UnitOfWork, uow)
            week = student_week(clock.now(), "Europe/Istanbul")
            group = await work.challenges.group_of_week("discord", str(guild.id), week)
            assert group is not None and group.chat_key == str(channel.id)
            await work.challenges.set_group_target(group.id, 2)
            await uow.commit()

        dm = [Student(env, user) for user in users]
        await dm[2].dm("/today")
        await dm[2].press("s:done:")  # Cem did not join: not the group's
        assert "Group challenge" not in dm[2].text()
        await dm[0].dm("/today")
        await dm[0].press("s:done:")
        assert "👥 Group challenge: 1/2" in dm[0].text()
        await dm[1].dm("/today")
        await dm[1].press("s:done:")
        assert "👥 Group challenge: 2/2 — done! 🎉" in dm[1].text()

        dispatcher = Dispatcher(uow_factory, bot.conversation.channel, clock, DispatchOptions())
        await dispatcher.drain()
        await dispatcher.drain()
        posted = bot.get_channel(channel.id)
        assert isinstance(posted, discord.TextChannel)
        texts = [message_text(m) async for m in posted.history()]
        [done] = [t for t in texts if "Group challenge complete" in t]
        assert "Thanks to Ada_K, Bora." in done and "cem" not in done.split("Thanks")[1].lower()

        await cem.slash("challenge")
        assert "Done: 2/2" in cem.text() and "• Ada_K — 1" in cem.text()
        lines = [line for line in cem.text().splitlines() if line.startswith("•")]
        assert lines == ["• Ada_K — 1", "• Bora — 1"]  # who joined, by display name only
        assert not cem.find_all()  # finished: no Join button


async def test_a_member_leaves_a_servers_challenge(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 12, 7, 7, 0, tzinfo=UTC))
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    async with running(bot) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("study")
        users = [env.create_user(name) for name in ("ada", "bora")]
        for user in users:
            await _onboarded(Student(env, user))
        ada, bora = (Student(env, guild.add_member(user), channel) for user in users)
        await ada.slash("challenge", words="join Ada_K")
        await bora.slash("challenge", words="join Bora")
        dm = [Student(env, user) for user in users]
        await dm[0].dm("/today")
        await dm[0].press("s:done:")
        assert "👥 Group challenge: 1/6" in dm[0].text()

        await ada.slash("challenge", words="leave")
        assert "You left" in ada.text() and "Progress: 0/6" in ada.text()
        assert "Ada_K" not in ada.text() and "• Bora — 0" in ada.text()
        await bora.press("ch:leave:")
        assert "You left" in bora.text() and "Bora" not in bora.text().split("Progress")[1]
        await dm[1].dm("/today")
        await dm[1].press("s:done:")
        assert "Group challenge" not in dm[1].text()

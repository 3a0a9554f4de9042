"""The weekly group summary reaches the study group's private Discord channel through the
outbox and the Discord dispatcher, and no member gets a private copy."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

import discord

from bot.channels.discord_guild import DiscordGuildAdmin
from bot.community_discord import DiscordGroupPlaces
from bot.jobs.dispatcher import Dispatcher, DispatchOptions
from coach.community.life import SummariseWeeks, summarise_weeks
from coach.community.usecases import (
    Answer,
    AnswerInvitation,
    RunMatching,
    answer_invitation,
    run_matching,
)
from coach.core.uow import UnitOfWork, UnitOfWorkFactory
from coach.domain import GroupSettings
from coach.packs.catalog import Catalog
from coach.services import build_services
from coach.subscriptions import subscriptions
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.discord_support import coach_bot, message_text, mini_engine, running
from tests.adapters.test_community_discord import MINI, NOW, _student
from tests.fakes import FixedClock


async def test_the_week_is_posted_in_the_groups_channel(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    clock.set(NOW)
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    uow_factory.bus = subscriptions(build_services(Catalog.load([str(MINI)])))
    async with running(bot) as env:
        guild = env.create_guild()
        users = [env.create_user(name) for name in ("ada", "bora", "cem")]
        for user in users:
            guild.add_member(user)
        async with uow_factory() as uow:
            await uow.groups.save(GroupSettings("discord", str(guild.id), "en", NOW, "1"))
            await uow.commit()
        ids = [await _student(uow_factory, u.id, u.name.title()) for u in users]
        async with uow_factory() as uow:
            work = cast(UnitOfWork, uow)
            [view] = (await run_matching(work, NOW, RunMatching({}))).proposed
            for user_id in ids:
                await answer_invitation(
                    work, NOW, AnswerInvitation(view.group.id, user_id, Answer.JOIN)
                )
            await uow.commit()
        units = cast(UnitOfWorkFactory, uow_factory)
        places = DiscordGroupPlaces(DiscordGuildAdmin(bot.conversation.channel), units, clock)
        await places.sync()
        dispatcher = Dispatcher(uow_factory, bot.conversation.channel, clock, DispatchOptions())
        await dispatcher.drain()  # invitations and welcomes, privately
        private = {u.id: len(u.dm_channel.history()) if u.dm_channel else 0 for u in users}

        week_later = NOW + timedelta(days=7)
        clock.set(week_later)
        async with uow_factory() as uow:
            await summarise_weeks(cast(UnitOfWork, uow), week_later, SummariseWeeks())
            await uow.commit()
        assert (await dispatcher.drain()).sent == 1
        async with uow_factory() as uow:
            [place] = await uow.community.group_places(view.group.id)
        assert place.thread_id is not None
        channel = bot.get_channel(int(place.thread_id))
        assert isinstance(channel, discord.TextChannel)  # the group's private channel
        posts = [m async for m in channel.history() if "kept their plan" in message_text(m)]
        [post] = posts
        assert "0 of 3" in message_text(post)
        assert {u.id: len(u.dm_channel.history()) if u.dm_channel else 0 for u in users} == private

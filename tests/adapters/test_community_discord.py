"""Study groups on Discord (simcord): in the server set up with the coach, three students who
opted in are matched and join; the job creates the group's role and a channel private to it,
and gives the members the role; a member who leaves loses it; nothing is made twice."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import discord

from bot.channels.discord_guild import DiscordGuildAdmin
from bot.community_discord import DiscordGroupPlaces
from coach.community.usecases import (
    Answer,
    AnswerInvitation,
    LeaveGroup,
    RunMatching,
    answer_invitation,
    leave_group,
    run_matching,
)
from coach.core.uow import UnitOfWork, UnitOfWorkFactory
from coach.domain import GroupSettings
from coach.packs.catalog import Catalog
from coach.peers.model import PeerFeature
from coach.peers.usecases import SetFeature, SetPseudonym, set_feature, set_pseudonym
from coach.services import build_services
from coach.subscriptions import subscriptions
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.discord_support import coach_bot, mini_engine, running
from tests.fakes import FixedClock
from tests.notify_support import add_student

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
EVENINGS = {"tue": ("19:00-21:00",), "thu": ("19:00-21:00",)}


async def _student(uow_factory: SqlUnitOfWorkFactory, discord_id: int, name: str) -> int:
    user_id = await add_student(
        uow_factory, channel="discord", chat=str(discord_id), name=name, windows=EVENINGS,
        availability={"tue": 120, "thu": 120},
    )  # fmt: skip
    async with uow_factory() as uow:
        work = cast(UnitOfWork, uow)
        await set_pseudonym(work, NOW, SetPseudonym(user_id, name))
        await set_feature(work, NOW, SetFeature(user_id, PeerFeature.GROUPS, True))
        await uow.commit()
    return user_id


async def test_a_group_gets_a_role_and_a_private_channel_and_members_follow(
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
            [view] = (await run_matching(cast(UnitOfWork, uow), NOW, RunMatching({}))).proposed
            await uow.commit()
        for user_id in ids:
            async with uow_factory() as uow:
                answer = AnswerInvitation(view.group.id, user_id, Answer.JOIN)
                await answer_invitation(cast(UnitOfWork, uow), NOW, answer)
                await uow.commit()

        places = DiscordGroupPlaces(
            DiscordGuildAdmin(bot.conversation.channel), cast(UnitOfWorkFactory, uow_factory), clock
        )
        report = await places.sync()
        assert (report.places, report.added, report.failed) == (1, 3, 0)
        cached = bot.get_guild(guild.id)
        assert cached is not None
        [role] = [r for r in cached.roles if r.name == f"Group: {view.group.name}"]
        [channel] = [c for c in cached.text_channels if c.overwrites_for(role).view_channel]
        assert channel.overwrites_for(cached.default_role).view_channel is False
        for user in users:
            member = cached.get_member(user.id) or await cached.fetch_member(user.id)
            assert role in member.roles
        again = await places.sync()
        assert (again.places, again.added, again.removed) == (0, 0, 0)

        async with uow_factory() as uow:
            await leave_group(cast(UnitOfWork, uow), NOW, LeaveGroup(view.group.id, ids[1]))
            await uow.commit()
        assert (await places.sync()).removed == 1
        member = cached.get_member(users[1].id) or await cached.fetch_member(users[1].id)
        assert role not in member.roles
        assert isinstance(channel, discord.TextChannel)

"""The calls study groups will need: a role, a private channel, a thread, a member's role."""

from __future__ import annotations

import discord
import pytest

from bot.channels.discord_guild import DiscordGuildAdmin
from coach.core.channels import RecipientUnreachable
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.discord_support import coach_bot, mini_engine, running
from tests.fakes import FixedClock


async def test_a_study_group_gets_a_role_a_private_channel_and_a_thread(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    bot = coach_bot(mini_engine(uow_factory, clock), uow_factory, clock)
    async with running(bot) as env:
        guild = env.create_guild()
        admin = DiscordGuildAdmin(bot.conversation.channel)
        user = env.create_user("gul")
        guild.add_member(user)

        role_id = await admin.create_role(str(guild.id), "Group: TYT Math")
        channel_id = await admin.create_group_channel(
            str(guild.id), "tyt-math", members_role_id=role_id
        )
        thread_id = await admin.create_thread(channel_id, "Monday session")
        await admin.add_member_role(str(guild.id), str(user.id), role_id)

        cached = bot.get_guild(guild.id)
        assert cached is not None
        role = cached.get_role(int(role_id))
        channel = cached.get_channel(int(channel_id))
        assert role is not None and role.name == "Group: TYT Math"
        assert isinstance(channel, discord.TextChannel)
        assert channel.overwrites_for(cached.default_role).view_channel is False
        assert channel.overwrites_for(role).view_channel is True
        assert int(thread_id) in {t.id for t in channel.threads}
        member = cached.get_member(user.id) or await cached.fetch_member(user.id)
        assert role in member.roles

        env.inject_error("POST", f"/guilds/{guild.id}/roles", status=403, code=50013,
                         message="Missing Permissions")  # fmt: skip
        with pytest.raises(RecipientUnreachable):
            await admin.create_role(str(guild.id), "Another")

"""Servers: `/setup` (the coach's channel and language) and the admin calls study groups need.

`GuildSetup` is the use case behind `/setup`: only members with Manage Server may run it; it
stores the server's settings and says which permissions the bot lacks in the chosen channel.
`DiscordGuildAdmin` creates channels, threads and roles for study groups; the community issue
builds on it.
"""

from __future__ import annotations

import logging

import discord

from bot.channels.discord import DiscordChannel, acknowledge, translated_errors
from bot.channels.discord_i18n import locale_code
from coach.core.channels import TransientDeliveryError
from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.domain import GroupSettings
from coach.messages import ChannelKind
from prompts import render

log = logging.getLogger(__name__)

# What the coach needs in its channel: see and post, show plans as embeds, read the
# conversation it answers in, and let members run its slash commands.
REQUIRED_PERMISSIONS = (
    "view_channel",
    "send_messages",
    "embed_links",
    "read_message_history",
    "use_application_commands",
)


def missing_permissions(channel: discord.abc.GuildChannel, me: discord.Member) -> list[str]:
    """The required permissions the bot lacks in `channel`."""
    granted = channel.permissions_for(me)
    return [name for name in REQUIRED_PERMISSIONS if not getattr(granted, name)]


class GuildSetup:
    """`/setup channel language` for server managers."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, default_locale: str = "tr") -> None:
        self._uow = uow
        self._clock = clock
        self._default_locale = default_locale

    async def run(
        self,
        interaction: discord.Interaction,
        channel: discord.abc.GuildChannel | discord.app_commands.AppCommandChannel,
        language: str,
    ) -> None:
        """Refuse politely without Manage Server; otherwise save and report permissions."""
        if not await acknowledge(interaction, ephemeral=True, thinking=True):
            return
        locale = locale_code(interaction.locale) or self._default_locale
        guild = interaction.guild
        if guild is None:
            await self._say(interaction, render("discord/setup_server_only", locale))
            return
        if not interaction.permissions.manage_guild:
            await self._say(interaction, render("discord/setup_refused", locale))
            return
        target = guild.get_channel(channel.id)
        if not isinstance(target, discord.TextChannel):
            await self._say(interaction, render("discord/setup_not_text", locale))
            return
        language = language if language in ("tr", "en") else self._default_locale
        missing = missing_permissions(target, guild.me)
        async with self._uow() as uow:
            await uow.groups.save(
                GroupSettings(
                    channel=ChannelKind.DISCORD.value,
                    group_id=str(guild.id),
                    locale=language,
                    updated_at=self._clock.now(),
                    coach_chat_id=str(target.id),
                )
            )
            await uow.commit()
        text = render(
            "discord/setup_done", locale, channel=target.id, language=language, missing=missing
        )
        await self._say(interaction, text)

    async def _say(self, interaction: discord.Interaction, text: str) -> None:
        try:
            await interaction.followup.send(text, ephemeral=True)
        except discord.HTTPException as error:
            log.warning("could not answer /setup: %s", error.status)


class DiscordGuildAdmin:
    """Creates the places a study group meets in. Ids are returned as strings (as stored).

    Every method is a real Discord call; errors come back as the port's delivery errors
    (RecipientUnreachable for missing permissions, RateLimited, TransientDeliveryError).
    """

    def __init__(self, channel: DiscordChannel) -> None:
        self._channel = channel  # its client is the running bot (rebound when it reconnects)

    @property
    def _client(self) -> discord.Client:
        client = self._channel.client
        if client is None or client.is_closed():
            raise TransientDeliveryError("the Discord client is not running")
        return client

    async def _guild(self, guild_id: str) -> discord.Guild:
        guild = self._client.get_guild(int(guild_id))
        return guild or await self._client.fetch_guild(int(guild_id))

    async def create_group_channel(
        self, guild_id: str, name: str, *, members_role_id: str | None = None
    ) -> str:
        """A text channel for a group; private to its role when one is given."""
        async with translated_errors():
            guild = await self._guild(guild_id)
            overwrites: dict[
                discord.Role | discord.Member | discord.Object, discord.PermissionOverwrite
            ] = {}
            if members_role_id is not None:
                role = guild.get_role(int(members_role_id))
                if role is None:
                    raise ValueError("the group's role is not in this server")
                overwrites[guild.default_role] = discord.PermissionOverwrite(view_channel=False)
                overwrites[role] = discord.PermissionOverwrite(view_channel=True)
                # Hiding the channel from everyone would hide it from the coach too.
                overwrites[guild.me] = discord.PermissionOverwrite(
                    view_channel=True,
                    send_messages=True,
                    embed_links=True,
                    read_message_history=True,
                    create_public_threads=True,
                    send_messages_in_threads=True,
                )
            created = await guild.create_text_channel(name[:100], overwrites=overwrites)
            return str(created.id)

    async def create_thread(self, channel_id: str, name: str) -> str:
        """A public thread in a channel (a session, a question)."""
        async with translated_errors():
            channel = self._client.get_channel(int(channel_id)) or await self._client.fetch_channel(
                int(channel_id)
            )
            if not isinstance(channel, discord.TextChannel):
                raise TypeError("threads need a text channel")
            thread = await channel.create_thread(
                name=name[:100], type=discord.ChannelType.public_thread
            )
            return str(thread.id)

    async def create_role(self, guild_id: str, name: str) -> str:
        """A mentionable role for a group's members."""
        async with translated_errors():
            guild = await self._guild(guild_id)
            role = await guild.create_role(name=name[:100], mentionable=True)
            return str(role.id)

    async def add_member_role(self, guild_id: str, user_id: str, role_id: str) -> None:
        """Give a member a group's role."""
        async with translated_errors():
            guild = await self._guild(guild_id)
            member = guild.get_member(int(user_id)) or await guild.fetch_member(int(user_id))
            await member.add_roles(discord.Object(int(role_id)), reason="study group")

    async def remove_member_role(self, guild_id: str, user_id: str, role_id: str) -> None:
        """Take a group's role from a member who left (the private channel hides again)."""
        async with translated_errors():
            guild = await self._guild(guild_id)
            member = guild.get_member(int(user_id)) or await guild.fetch_member(int(user_id))
            await member.remove_roles(discord.Object(int(role_id)), reason="left the study group")

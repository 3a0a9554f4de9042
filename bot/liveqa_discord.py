"""Discord guild scheduled events for live Q&A sessions (one-off: discord.py 2.7 has no
recurrence). External events: the session happens in the coach's chat, not a voice channel."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.channels.discord import DiscordChannel, translated_errors
from coach.core.channels import TransientDeliveryError


class DiscordQaEvents:
    """Creates a guild's scheduled event through the running bot."""

    def __init__(self, channel: DiscordChannel) -> None:
        self._channel = channel

    async def create(
        self,
        guild_id: str,
        *,
        name: str,
        description: str,
        location: str,
        start: datetime,
        end: datetime,
    ) -> str:
        """Create the event; returns its id. Errors come back as delivery errors."""
        client = self._channel.client
        if client is None or client.is_closed():
            raise TransientDeliveryError("the Discord client is not running")
        async with translated_errors():
            guild = client.get_guild(int(guild_id)) or await client.fetch_guild(int(guild_id))
            event = await guild.create_scheduled_event(
                name=name[:100],
                description=description[:1000],
                start_time=start,
                end_time=end,
                entity_type=discord.EntityType.external,
                privacy_level=discord.PrivacyLevel.guild_only,
                location=location[:100],
            )
            return str(event.id)

"""Discord handlers, registered in one place: slash commands, component presses, DMs, /setup.

Each handler only parses what Discord sent and hands it to `DiscordConversation` (or
`GuildSetup`); names and descriptions come from the command catalogue and the prompt templates.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.channels.discord_conversation import DiscordConversation
from bot.channels.discord_guild import GuildSetup
from bot.channels.discord_i18n import SETUP, command_text, name_template, text
from coach.dialogue.commands import (
    ANY_PLACE,
    COMMANDS,
    GROUP,
    GROUP_ONLY,
    CommandSpec,
    description_context,
    description_template,
)
from coach.messages import ChannelKind

log = logging.getLogger(__name__)

# The free-text option of commands that take one, and its description template.
ARGUMENTS = {"quiz": "topic", "link": "code", "qa": "action", "ask": "question"} | {
    "challenge": "words",
}
Callback = Callable[..., Awaitable[None]]
DISCORD = ChannelKind.DISCORD.value


def register(
    bot: commands.AutoShardedBot, conversation: DiscordConversation, guild_setup: GuildSetup
) -> None:
    """Add every slash command and listener of the coach to `bot`."""
    for spec in COMMANDS:
        bot.tree.add_command(_slash_command(spec, conversation))
    bot.tree.add_command(_setup_command(guild_setup))

    async def on_interaction(interaction: discord.Interaction) -> None:
        if interaction.type is discord.InteractionType.component:
            await conversation.component(interaction)

    async def on_message(message: discord.Message) -> None:
        if message.author.bot or bot.user is None:
            return
        if message.guild is None:
            await conversation.direct_message(message)
        elif isinstance(message.channel, discord.Thread) and conversation.channel.thread_listeners:
            for listener in conversation.channel.thread_listeners:
                await listener(message)
        elif bot.user.mentioned_in(message) and not message.mention_everyone:
            await conversation.mention(message)

    bot.add_listener(on_interaction, "on_interaction")
    bot.add_listener(on_message, "on_message")


def _slash_command(spec: CommandSpec, conversation: DiscordConversation) -> app_commands.Command:
    """A slash command that sends the engine a COMMAND event named `spec.name`."""
    option = ARGUMENTS.get(spec.name)
    callback: Callback
    if option is None:

        async def callback(interaction: discord.Interaction) -> None:
            await conversation.command(interaction, spec.name)

    else:

        @app_commands.rename(argument=text(name_template(option)))
        @app_commands.describe(argument=text(f"discord/option_{option}"))
        async def callback(interaction: discord.Interaction, argument: str | None = None) -> None:
            await conversation.command(interaction, spec.name, argument)

    # One description serves a command's servers and DMs, except for the commands that only
    # servers offer.
    place = GROUP if spec.name in GROUP_ONLY else ANY_PLACE
    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=command_text(spec.name),
        description=text(description_template(spec.name), **description_context(DISCORD, place)),
        callback=callback,
    )
    return app_commands.guild_only(command) if spec.name in GROUP_ONLY else command


def _setup_command(guild_setup: GuildSetup) -> app_commands.Command:
    """`/setup channel language`: hidden from members without Manage Server by default."""

    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.rename(
        channel=text(name_template("channel")), language=text(name_template("language"))
    )
    @app_commands.describe(
        channel=text("discord/option_channel"), language=text("discord/option_language")
    )
    @app_commands.choices(
        language=[
            app_commands.Choice(name=text("discord/language_tr"), value="tr"),
            app_commands.Choice(name=text("discord/language_en"), value="en"),
        ]
    )
    async def setup(
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        language: app_commands.Choice[str],
    ) -> None:
        await guild_setup.run(interaction, channel, language.value)

    return app_commands.Command(
        name=text(name_template(SETUP)),
        description=text("discord/setup_description"),
        callback=setup,
    )

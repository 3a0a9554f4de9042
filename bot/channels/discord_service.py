"""The Discord bot as a service of the coach: started beside the web app when a token is set.

The bot is a `commands.AutoShardedBot` (Discord tells it how many shards to run). discord.py
reconnects by itself; conversations survive because their state is in the database and buttons
are read from their custom_id. A rejected token is logged in one line (without the token) and
the Discord channel stays off while everything else keeps running.

Intents are minimal and none is privileged: guilds (servers, channels, roles — needed for
/setup's permission check), DM messages (the one-to-one conversation) and guild messages (only
to notice when someone mentions the bot; without the Message Content intent Discord still sends
the content of messages that mention the bot).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import aiohttp
import discord
from discord.ext import commands

from bot.channels.discord import DiscordChannel
from bot.channels.discord_conversation import DiscordConversation
from bot.channels.discord_guild import DiscordGuildAdmin, GuildSetup
from bot.channels.discord_i18n import PromptTranslator
from bot.handlers.discord import register
from bot.jobs.leader import DISCORD_GATEWAY_LOCK, Leadership
from bot.jobs.notify_settings import NotifySettings
from bot.settings import Settings
from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.dialogue.contract import ConversationEngine

log = logging.getLogger(__name__)

API_VERSION_PATH = "/api/v10"


def coach_intents(message_content: bool = False) -> discord.Intents:
    """Guilds, DM messages and guild messages; the privileged message-content intent only when
    asked (the forum reads replies in its mirrored posts; enable it in the developer portal)."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.dm_messages = True
    intents.guild_messages = True
    intents.message_content = message_content
    return intents


class CoachBot(commands.AutoShardedBot):
    """The coach's Discord client: slash commands, components and DMs."""

    def __init__(
        self,
        conversation: DiscordConversation,
        guild_setup: GuildSetup,
        *,
        sync_commands: bool = True,
        shard_count: int | None = None,
        message_content: bool = False,
    ) -> None:
        # We use no voice; say so before discord.py warns about missing voice libraries.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=coach_intents(message_content),
            help_command=None,
            shard_count=shard_count,
            max_ratelimit_timeout=30.0,  # longer waits raise RateLimited instead of blocking
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.conversation = conversation
        self.guild_setup = guild_setup
        self._sync_commands = sync_commands

    async def setup_hook(self) -> None:
        """Register the handlers and publish the slash commands (with translations)."""
        await self.tree.set_translator(PromptTranslator())
        register(self, self.conversation, self.guild_setup)
        if self._sync_commands:
            try:
                await self.tree.sync()
            except discord.HTTPException as error:
                log.warning("Discord: could not publish the slash commands (%s)", error.status)

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: messages are handled by the listener `register` adds."""


def build_bot(
    engine: ConversationEngine,
    channel: DiscordChannel,
    uow: UnitOfWorkFactory,
    clock: Clock,
    *,
    default_locale: str = "tr",
    sync_commands: bool = True,
    shard_count: int | None = None,
    message_content: bool = False,
) -> CoachBot:
    """The bot, bound to `channel` so pushes go through the same client."""
    conversation = DiscordConversation(engine, channel, uow, clock, default_locale)
    bot = CoachBot(
        conversation,
        GuildSetup(uow, clock, default_locale),
        sync_commands=sync_commands,
        shard_count=shard_count,
        message_content=message_content,
    )
    channel.bind(bot)
    return bot


def use_api_url(url: str) -> None:
    """Point discord.py at another API base (a compatible proxy, or a fake in tests)."""
    base = url.rstrip("/")
    if not base.endswith(API_VERSION_PATH):
        base += API_VERSION_PATH
    discord.http.Route.BASE = base


class DiscordService:
    """Runs the bot in a task; `stop` closes it.

    discord.py reconnects a dropped gateway connection by itself; a failure to log in because
    Discord cannot be reached is retried here with growing pauses (up to five minutes). A
    rejected token is not retried.
    """

    name = "discord"
    first_retry_s = 5.0
    max_retry_s = 300.0

    def __init__(
        self,
        settings: Settings,
        conversation: ConversationEngine,
        uow: UnitOfWorkFactory,
        clock: Clock,
        notify: NotifySettings,
    ) -> None:
        self._settings = settings
        self._conversation = conversation
        self._uow = uow
        self._clock = clock
        self._notify = notify
        self.channel = DiscordChannel(default_locale=settings.default_locale)
        self.guild_admin = DiscordGuildAdmin(self.channel)  # for study groups (community)
        self.bot: CoachBot | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._leadership: Leadership | None = None

    @property
    def holds_gateway(self) -> bool:
        """Whether this process holds the bot's gateway role (and so connects to Discord)."""
        return self._leadership is not None and self._leadership.is_leader

    async def start(self) -> None:
        """Connect in the background (returns at once), in the one process that holds the
        Discord gateway role: two connections of one bot would answer every student twice.
        Another process takes over when the holder dies."""
        settings = self._settings
        if settings.discord_token is None:
            return
        if settings.discord_api_url:
            use_api_url(settings.discord_api_url)
        token = settings.discord_token.get_secret_value()
        notify = self._notify

        async def connect() -> None:
            self._stopping = asyncio.Event()
            self._task = asyncio.create_task(self._run(token), name="discord")

        self._leadership = Leadership(
            settings.database_url,
            DISCORD_GATEWAY_LOCK,
            notify.leader_check_s,
            on_elected=connect,
            on_deposed=self._disconnect,
        )
        await self._leadership.start()

    def _new_bot(self) -> CoachBot:
        self.bot = build_bot(
            self._conversation,
            self.channel,
            self._uow,
            self._clock,
            default_locale=self._settings.default_locale,
            message_content=bool(self._settings.forum_discord_channels),
        )
        return self.bot

    async def _run(self, token: str) -> None:
        delay = self.first_retry_s
        while not self._stopping.is_set():
            bot = self._new_bot()
            try:
                await bot.start(token, reconnect=True)
                return  # closed by `stop`
            except discord.LoginFailure:
                log.error(
                    "Discord: the token in LEARNCONNECT_DISCORD_TOKEN was rejected; "
                    "the Discord channel is off, everything else keeps running"
                )
                return
            except discord.PrivilegedIntentsRequired:
                log.error("Discord: the application asks for intents it was not granted")
                return
            except (OSError, aiohttp.ClientError, discord.DiscordServerError) as error:
                log.warning(
                    "Discord: cannot reach Discord (%s); trying again in %.0f s",
                    type(error).__name__,
                    delay,
                )
            except Exception as error:  # must not take the rest of the coach down
                log.error("Discord: the client stopped (%s); the Discord channel is off", error)
                return
            finally:
                if not bot.is_closed():
                    with contextlib.suppress(Exception):
                        await bot.close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=delay)
            delay = min(delay * 2, self.max_retry_s)

    async def stop(self) -> None:
        """Give up the gateway role: disconnect and end the task."""
        if self._leadership is not None:
            await self._leadership.stop()
        await self._disconnect()

    async def _disconnect(self) -> None:
        """Close the client and end its task (also while it waits to retry)."""
        self._stopping.set()
        if self.bot is not None and not self.bot.is_closed():
            await self.bot.close()
        if self._task is not None:
            done, _ = await asyncio.wait({self._task}, timeout=10)
            if not done:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
            self._task = None

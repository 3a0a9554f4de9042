"""The Discord channel: delivers the engine's replies to DMs, server channels and interactions.

`DiscordChannel.send` is the `Channel` port (used for pushes, e.g. by the notification
dispatcher through `container.channels["discord"]`); `respond` answers an interaction
(ephemeral in a server, where answers are personal) and `reply_in` answers a DM. Platform
errors become the port's delivery errors: 50007 "Cannot send messages to this user" and other
refusals -> RecipientUnreachable, 429 -> RateLimited, network trouble and 5xx ->
TransientDeliveryError.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import discord

from bot.channels.discord_render import Outgoing, make_view, render_reply
from coach.core.channels import (
    ChannelCapabilities,
    DeliveryError,
    RateLimited,
    RecipientUnreachable,
    TransientDeliveryError,
)
from coach.messages import ChannelRef, Reply

log = logging.getLogger(__name__)

CANNOT_DM = 50007
# Codes that mean "this recipient cannot get messages from us", not "try again".
UNREACHABLE_CODES = frozenset({CANNOT_DM, 50001, 50013, 10003, 10013, 50278})
CAPABILITIES = ChannelCapabilities(
    native_quiz=False, buttons=True, max_message_length=2000, documents=True, html=False,
    group_actions_only=True,
)  # fmt: skip


def delivery_error(error: BaseException) -> DeliveryError:
    """The port's delivery error for a discord.py / network exception."""
    if isinstance(error, DeliveryError):
        return error
    if isinstance(error, discord.RateLimited):
        return RateLimited(error.retry_after, "discord rate limit")
    if isinstance(error, discord.HTTPException):
        if error.status == 429:
            retry = getattr(error.response, "headers", {}).get("Retry-After", "1")
            return RateLimited(_seconds(retry), "discord rate limit")
        if error.code in UNREACHABLE_CODES or isinstance(
            error, discord.Forbidden | discord.NotFound
        ):
            return RecipientUnreachable(f"discord refused the recipient ({error.code})")
        if error.status >= 500:
            return TransientDeliveryError(f"discord server error {error.status}")
        return DeliveryError(f"discord rejected the message ({error.status}, {error.code})")
    if isinstance(error, aiohttp.ClientError | OSError | asyncio.TimeoutError):
        return TransientDeliveryError(f"network: {type(error).__name__}")
    if isinstance(error, discord.ClientException):
        return TransientDeliveryError(f"discord client not ready: {type(error).__name__}")
    return DeliveryError(f"unexpected {type(error).__name__}")


def _seconds(value: str) -> float:
    try:
        return max(float(value), 0.0)
    except ValueError:
        return 1.0


@asynccontextmanager
async def translated_errors() -> AsyncIterator[None]:
    """Raise the port's delivery errors instead of discord.py's."""
    try:
        yield
    except asyncio.CancelledError:
        raise
    except Exception as error:
        raise delivery_error(error) from error


def message_kwargs(message: Outgoing) -> dict[str, Any]:
    """Keyword arguments for `send` (channel or webhook) with only the parts present."""
    kwargs: dict[str, Any] = {}
    if message.content:
        kwargs["content"] = message.content
    if message.embed is not None:
        kwargs["embed"] = message.embed
    if message.components:
        kwargs["view"] = make_view(message.components)
    if message.attachment is not None:
        kwargs["file"] = discord.File(
            io.BytesIO(message.attachment.content),
            filename=message.attachment.filename,
            description=message.attachment.description or None,
        )
    return kwargs


async def acknowledge(
    interaction: discord.Interaction, *, ephemeral: bool = False, thinking: bool = False
) -> bool:
    """Defer the interaction (Discord wants an answer within 3 s; ours follow as follow-ups);
    False when it expired or was already answered, so there is nobody to answer."""
    try:
        await interaction.response.defer(ephemeral=ephemeral, thinking=thinking)
    except (discord.HTTPException, discord.InteractionResponded) as error:
        log.warning("a Discord interaction could not be acknowledged: %s", type(error).__name__)
        return False
    return True


class DiscordChannel:
    """Sends replies through a discord.py client (bound when the bot is built)."""

    name = "discord"
    capabilities = CAPABILITIES

    def __init__(self, client: discord.Client | None = None, default_locale: str = "tr") -> None:
        self.client = client
        self.default_locale = default_locale
        # Features that read messages posted in server threads (the forum's mirrored posts).
        self.thread_listeners: list[Callable[[discord.Message], Awaitable[None]]] = []

    def bind(self, client: discord.Client) -> None:
        """Use this client (the running bot) for sending."""
        self.client = client

    async def send(self, to: ChannelRef, reply: Reply) -> str | None:
        """Deliver one reply: to the server channel of a group ref, else to the person's DM.

        Only students who opened DMs are reachable for pushes (their identity is marked so);
        callers check that before sending.
        """
        async with translated_errors():
            target = await self._destination(to)
            return await self.reply_in(target, [reply], locale=self.default_locale)

    async def _destination(self, to: ChannelRef) -> discord.abc.Messageable:
        client = self.client
        if client is None or client.is_closed():
            raise TransientDeliveryError("the Discord client is not running")
        if to.is_group:
            channel = client.get_channel(int(to.chat_key)) or await client.fetch_channel(
                int(to.chat_key)
            )
            if not isinstance(channel, discord.abc.Messageable):
                raise RecipientUnreachable("not a text channel")
            return channel
        user = client.get_user(int(to.user_key)) or await client.fetch_user(int(to.user_key))
        return user.dm_channel or await user.create_dm()

    async def reply_in(
        self, target: discord.abc.Messageable, replies: Sequence[Reply], *, locale: str
    ) -> str | None:
        """Send replies to a channel or DM, in order; returns the last message id."""
        last: str | None = None
        for reply in replies:
            for message in render_reply(reply, locale):
                if message.typing:
                    await target.typing()
                    continue
                sent = await target.send(**message_kwargs(message))
                last = str(sent.id)
        return last

    async def respond(
        self,
        interaction: discord.Interaction,
        replies: Sequence[Reply],
        *,
        ephemeral: bool,
        locale: str,
    ) -> None:
        """Answer a (deferred) interaction with follow-up messages, in order; a reply that
        replaces the pressed message edits it (a component's deferred original)."""
        for reply in replies:
            if reply.replaces is not None and await _edit_pressed(interaction, reply, locale):
                continue
            for message in render_reply(reply, locale):
                if message.typing:
                    continue  # the deferred "thinking…" already shows that we are working
                await interaction.followup.send(**message_kwargs(message), ephemeral=ephemeral)


async def _edit_pressed(interaction: discord.Interaction, reply: Reply, locale: str) -> bool:
    """Show a reply in place of the message whose button was pressed; False when it takes
    more than one message or Discord refuses (the message is gone): then it is sent anew."""
    messages = render_reply(reply, locale)
    if len(messages) != 1 or messages[0].attachment is not None or messages[0].typing:
        return False
    message = messages[0]
    view = make_view(message.components) if message.components else None
    try:
        await interaction.edit_original_response(
            content=message.content, embed=message.embed, view=view
        )
    except discord.HTTPException as error:
        log.info("could not edit the pressed message, sending anew: %s", delivery_error(error))
        return False
    return True

"""Discord interactions and DMs in, engine events through, replies out.

In a server every answer is ephemeral (only the student sees it). One-to-one coaching moves to
DMs only once the student starts it: by writing to the bot, using a slash command in the DM, or
pressing "Continue in DMs". Until then their Discord identity is marked unreachable
("dm_not_started"), so pushes never open a DM on their own; a student whose DMs are closed
(50007) is marked "dms_closed" and told, in the server, where to find the coach.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import discord

from bot.channels.discord import DiscordChannel, acknowledge, delivery_error
from bot.channels.discord_i18n import engine_command, locale_code
from bot.channels.discord_render import payload_of
from bot.handlers.conversation import ConversationRunner
from coach.core.channels import RecipientUnreachable
from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.dialogue.contract import ConversationEngine
from coach.messages import (
    ChannelKind,
    ChannelRef,
    Choice,
    EventKind,
    InboundEvent,
    Replies,
    Reply,
)
from prompts import render

log = logging.getLogger(__name__)
IMAGE_NAMES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_PHOTO_REF = 256  # the stored reference of a passed-on photo (escalation_messages.photo)


def photo_ref(message: discord.Message) -> str | None:
    """The first picture attached to a DM, named by its URL (`url:https://…`) so that Telegram
    can fetch it when it is passed on; None without one, or when the URL would not fit whole."""
    for attachment in message.attachments:
        name = (attachment.filename or "").lower()
        image = (attachment.content_type or "").startswith("image/") or name.endswith(IMAGE_NAMES)
        ref = f"url:{attachment.url}"
        if image and attachment.url.startswith("https://") and len(ref) <= MAX_PHOTO_REF:
            return ref
    return None


DM_PAYLOAD = "dc:dms"  # the "Continue in DMs" button; handled here, not by the engine
DM_NOT_STARTED = "dm_not_started"
DMS_CLOSED = "dms_closed"
NO_DM_OFFER = frozenset({"delete", "export", "link"})
DISCORD = ChannelKind.DISCORD.value


@dataclass(frozen=True, slots=True)
class Contact:
    """A server's settings, for answers given outside a turn (opening a DM, a mention)."""

    group_locale: str | None = None
    coach_chat_id: str | None = None


class DiscordConversation:
    """Runs Discord events through the engine and answers in the right place."""

    def __init__(
        self,
        engine: ConversationEngine,
        channel: DiscordChannel,
        uow: UnitOfWorkFactory,
        clock: Clock,
        default_locale: str = "tr",
    ) -> None:
        self.engine = engine
        self.channel = channel
        # The runner every channel shares (engine, errors answered politely); interactions are
        # answered in place, and discord.py shows "thinking…" itself, so no typing indicator.
        self._runner = ConversationRunner(engine, channel, uow, typing_after=None)
        self._uow = uow
        self._clock = clock
        self._default_locale = default_locale

    # ------------------------------------------------------------------ interactions
    async def command(
        self, interaction: discord.Interaction, name: str, argument: str | None = None
    ) -> None:
        """A slash command."""
        in_guild = interaction.guild is not None
        if not await acknowledge(interaction, ephemeral=in_guild, thinking=True):
            return
        args = tuple((argument or "").split())
        await self._interaction_turn(
            interaction,
            EventKind.COMMAND,
            command=name,
            args=args,
            text=f"/{name} {argument or ''}".strip(),
            offer_dms=name not in NO_DM_OFFER,
        )

    async def component(self, interaction: discord.Interaction) -> None:
        """A button press or a select choice, read from its custom_id (persistent by design)."""
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = str(data.get("custom_id", ""))[:100]
        raw_values = data.get("values")
        values = [str(v) for v in raw_values][:1] if isinstance(raw_values, list) else []
        parsed = payload_of(custom_id, values)
        if parsed == ("choice", DM_PAYLOAD):
            await self.continue_in_dms(interaction)
            return
        if not await acknowledge(interaction):
            return
        kind, payload = parsed or ("choice", "")  # not ours: the engine answers "stale button"
        event_kind = EventKind.POLL_ANSWER if kind == "poll" else EventKind.CHOICE
        pressed = str(interaction.message.id) if interaction.message is not None else None
        await self._interaction_turn(interaction, event_kind, payload=payload, message_key=pressed)

    async def _interaction_turn(
        self,
        interaction: discord.Interaction,
        kind: EventKind,
        *,
        offer_dms: bool = False,
        **fields: object,
    ) -> None:
        try:
            await self._answer_interaction(interaction, kind, offer_dms, fields)
        except Exception:  # the database is down, say: answer rather than leave "thinking…"
            log.exception("failed to answer a Discord interaction")
            locale = locale_code(interaction.locale) or self._default_locale
            await self._followup(interaction, render("common/error", locale))

    async def _answer_interaction(
        self,
        interaction: discord.Interaction,
        kind: EventKind,
        offer_dms: bool,
        fields: dict[str, object],
    ) -> None:
        ref = ChannelRef(
            ChannelKind.DISCORD,
            str(interaction.user.id),
            str(interaction.channel_id or interaction.user.id),
            is_group=interaction.guild is not None,
        )
        hint = locale_code(interaction.locale)
        group = str(interaction.guild_id) if interaction.guild_id else None
        me = interaction.client.user if group else None
        if me is not None:  # for a newcomer in a server: who to write to
            fields = {**fields, "bot_name": me.display_name,
                      "bot_link": f"https://discord.com/users/{me.id}"}  # fmt: skip
        event = self._event(ref, kind, hint, interaction.user, group_key=group, **fields)
        # One unit of work: the engine reads the server's settings and records where the
        # student can be reached (a DM starts it; a first contact in a server does not).
        answered = await self._runner.answer(event)
        account = answered.account if isinstance(answered, Replies) else None
        replies = list(answered)
        locale = hint or (account.group_locale if account else None) or self._default_locale
        reachable = account.private_reachable if account else True
        if ref.is_group and offer_dms and not reachable:
            replies = _with_dm_button(replies, render("discord/button_dms", locale))
        try:
            await self.channel.respond(interaction, replies, ephemeral=ref.is_group, locale=locale)
        except Exception as error:
            log.warning("could not answer a Discord interaction: %s", delivery_error(error))

    async def continue_in_dms(self, interaction: discord.Interaction) -> None:
        """Open the DM the student asked for, or tell them (here) why it cannot be opened."""
        if not await acknowledge(interaction, ephemeral=True, thinking=True):
            return
        user_key = str(interaction.user.id)
        contact = await self._contact(interaction.guild_id)
        locale = locale_code(interaction.locale) or contact.group_locale or self._default_locale
        try:
            dm = await interaction.user.create_dm()
            hello = Reply(text=render("discord/dm_hello", locale), template="discord/dm_hello")
            await self._reply_in(dm, [hello], locale)
        except Exception as error:
            problem = delivery_error(error)
            if isinstance(problem, RecipientUnreachable):
                await self._set_reachable(user_key, False, DMS_CLOSED)
                note = render("discord/dm_closed", locale, coach_channel=contact.coach_chat_id)
            else:
                log.warning("could not open a DM: %s", problem)
                note = render("common/error", locale)
            await self._followup(interaction, note)
            return
        ref = ChannelRef(ChannelKind.DISCORD, user_key, str(dm.id))
        event = self._event(ref, EventKind.COMMAND, locale, interaction.user, command="start")
        replies = await self._runner.answer(event)
        await self._deliver_dm(dm, ref, replies, locale)
        await self._followup(interaction, render("discord/dm_opened", locale))

    # ------------------------------------------------------------------ messages
    async def direct_message(self, message: discord.Message) -> None:
        """A DM: `/name args` typed as text is a command, anything else free text."""
        text = message.content or ""
        ref = ChannelRef(ChannelKind.DISCORD, str(message.author.id), str(message.channel.id))
        fields: dict[str, object] = {"text": text}
        kind = EventKind.TEXT
        if text.startswith("/") and len(text) > 1:
            name, *args = text[1:].split()
            kind, fields = (
                EventKind.COMMAND,
                {
                    "text": text,
                    "command": engine_command(name),
                    "args": tuple(args),
                },
            )
        picture = photo_ref(message)
        if kind is EventKind.TEXT and picture is not None:
            fields["attachment"] = picture  # a photo for the tutor, a forum question's picture
        try:
            event = self._event(ref, kind, None, message.author, **fields)
            replies = list(await self._runner.answer(event))
        except Exception:  # the database is down, say: answer rather than stay silent
            log.exception("failed to answer a Discord DM")
            replies = [Reply(text=render("common/error", self._default_locale))]
        await self._deliver_dm(message.channel, ref, replies, self._default_locale)

    async def mention(self, message: discord.Message) -> None:
        """Someone mentioned the bot in a server: point them to the slash commands."""
        guild_id = message.guild.id if message.guild else None
        contact = await self._contact(guild_id)
        locale = contact.group_locale or self._default_locale
        hint = render("discord/mention_hint", locale, coach_channel=contact.coach_chat_id)
        try:
            await message.channel.send(hint)
        except Exception as error:
            log.info("could not answer a mention: %s", delivery_error(error))

    # ------------------------------------------------------------------ helpers
    def _event(
        self,
        ref: ChannelRef,
        kind: EventKind,
        hint: str | None,
        user: discord.abc.User,
        **fields: object,
    ) -> InboundEvent:
        return InboundEvent(
            ref=ref,
            kind=kind,
            received_at=self._clock.now(),
            locale_hint=hint,
            display_name=(user.display_name or "")[:200] or None,
            **fields,  # type: ignore[arg-type]
        )

    async def _deliver_dm(
        self,
        target: discord.abc.Messageable,
        ref: ChannelRef,
        replies: Sequence[Reply],
        locale: str,
    ) -> None:
        try:
            await self._reply_in(target, replies, locale)
        except Exception as error:
            problem = delivery_error(error)
            log.warning("could not answer a Discord DM: %s", problem)
            if isinstance(problem, RecipientUnreachable):
                await self._set_reachable(ref.user_key, False, DMS_CLOSED)

    async def _reply_in(
        self, target: discord.abc.Messageable, replies: Sequence[Reply], locale: str
    ) -> None:
        await self.channel.reply_in(target, replies, locale=locale)

    async def _followup(self, interaction: discord.Interaction, text: str) -> None:
        try:
            await interaction.followup.send(text, ephemeral=interaction.guild is not None)
        except Exception as error:
            log.warning("could not answer a Discord interaction: %s", delivery_error(error))

    async def _contact(self, guild_id: int | None) -> Contact:
        """The server's settings (language, coach channel)."""
        if not guild_id:
            return Contact()
        async with self._uow() as uow:
            group = await uow.groups.get(DISCORD, str(guild_id))
        return Contact(group.locale if group else None, group.coach_chat_id if group else None)

    async def _set_reachable(self, user_key: str, reachable: bool, reason: str) -> None:
        try:
            async with self._uow() as uow:
                await uow.users.set_reachable(DISCORD, user_key, reachable, reason)
                await uow.commit()
        except Exception:
            log.exception("could not record that a Discord account is unreachable")


def _with_dm_button(replies: list[Reply], label: str) -> list[Reply]:
    """Offer "Continue in DMs" under the last reply that has room for one more button row."""
    for index in range(len(replies) - 1, -1, -1):
        reply = replies[index]
        if reply.text and len(reply.choices) < 5 and len(reply.flat_choices) < 25:
            button = Choice(label=label, payload=DM_PAYLOAD, style="primary")
            replies[index] = dataclasses.replace(reply, choices=(*reply.choices, (button,)))
            return replies
    return replies

"""Driving the real discord.py bot offline with simcord: a student who types slash commands,
presses buttons and writes DMs, and reads back what the bot showed them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
import simcord

from bot.bootstrap import wired_engine
from bot.channels.discord import DiscordChannel
from bot.channels.discord_service import CoachBot, build_bot
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


def mini_engine(uow: SqlUnitOfWorkFactory, clock: FixedClock) -> DialogueEngine:
    """The dialogue engine on the tiny test pack."""
    return wired_engine(uow, clock, Catalog.load([str(MINI)]), EngineConfig())


def coach_bot(engine: DialogueEngine, uow: SqlUnitOfWorkFactory, clock: FixedClock) -> CoachBot:
    """The coach's bot, as the service builds it (it syncs its commands on start)."""
    return build_bot(engine, DiscordChannel(), uow, clock, default_locale="tr")


@asynccontextmanager
async def running(bot: discord.Client, **options: Any) -> AsyncIterator[simcord.Env]:
    """The bot logged in to a simulated Discord with one shard."""
    # A busy two-core CI machine can take longer than simcord's default 5 s for the bot to settle
    # after an event; the limit only bounds a hang, it measures nothing.
    options.setdefault("settle_timeout", 30.0)
    async with simcord.run(bot, shard_count=1, **options) as env:
        yield env


def message_text(message: simcord.ResponseMessage | discord.Message) -> str:
    """Content plus embed title and description, as the student reads it."""
    parts = [message.content or ""]
    for embed in message.embeds:
        parts += [embed.title or "", embed.description or ""]
    return "\n".join(part for part in parts if part)


def custom_ids(message: simcord.ResponseMessage | discord.Message) -> list[tuple[str, str]]:
    """(label, custom_id) of every button of a message."""
    rows = (
        message.components
        if isinstance(message, simcord.ResponseMessage)
        else [c.to_dict() for c in message.components]
    )
    found = []
    for row in rows:
        for item in row.get("components", []):
            if item.get("type") == 2 and item.get("custom_id"):
                found.append((item.get("label", ""), item["custom_id"]))
    return found


@dataclass
class Student:
    """One person using the coach in a server channel (slash commands) or in their DMs."""

    env: simcord.Env
    actor: simcord.MemberActor | simcord.UserHandle
    channel: simcord.ChannelHandle | None = None  # a server channel; None = the bot's DM
    last: list[Any] = field(default_factory=list)
    results: list[simcord.InteractionResult] = field(default_factory=list)

    async def slash(self, name: str, **options: Any) -> list[Any]:
        """Run a slash command; remembers the answers (first response, then follow-ups)."""
        if self.channel is None:
            assert isinstance(self.actor, simcord.UserHandle)
            result = await self.actor.slash(name, **options)
        else:
            assert isinstance(self.actor, simcord.MemberActor)
            result = await self.actor.slash(self.channel, name, **options)
        self.results.append(result)
        self.last = [m for m in [result.response, *result.followups] if m is not None]
        return self.last

    async def dm(self, text: str) -> list[discord.Message]:
        """Write to the bot in a DM; remembers the bot's messages that followed."""
        user = self.actor if isinstance(self.actor, simcord.UserHandle) else None
        assert user is not None, "DMs are written by a UserHandle"
        sent = await user.send_dm(text)
        history = user.dm_channel.history()
        ids = [m.id for m in history]
        self.last = [m for m in history[ids.index(sent.id) + 1 :] if m.author.bot]
        return self.last

    def find_all(self) -> list[tuple[str, str]]:
        """(label, custom_id) of every button of the last answers."""
        return [button for message in self.last for button in custom_ids(message)]

    def find(self, fragment: str) -> tuple[Any, str]:
        """The message and custom_id of a button whose payload starts with, or label contains,
        `fragment`."""
        buttons = [(m, label, cid) for m in self.last for label, cid in custom_ids(m)]
        for message, _label, cid in buttons:
            if cid.split(":", 2)[-1].startswith(fragment) or cid.startswith(fragment):
                return message, cid
        for message, label, cid in buttons:
            if fragment.lower() in label.lower():
                return message, cid
        raise AssertionError(f"no button {fragment!r} among {[(b[1], b[2]) for b in buttons]}")

    async def press(self, fragment: str) -> list[Any]:
        """Press a button of the last answers."""
        message, cid = self.find(fragment)
        return await self.click(message, cid)

    async def click(self, message: Any, custom_id: str) -> list[Any]:
        """Press the button `custom_id` of `message`."""
        presser = self.actor
        result = await presser.click(message, custom_id=custom_id)
        self.results.append(result)
        # a press answered with "thinking…" gets its first answer as the response
        response = result.response
        own = [response] if response is not None and response.id != message.id else []
        self.last = [*own, *result.followups]
        return self.last

    async def forge(
        self, message: Any, custom_id: str, values: Sequence[str] | None = None
    ) -> list[Any]:
        """Send a component interaction for `message` with any custom_id, as a modified client
        or a stale message could (simcord's public `click` only presses real buttons, so this
        uses its internal dispatcher)."""
        from simcord.actors import _component_interaction

        channel_id = message.channel_id if hasattr(message, "channel_id") else message.channel.id
        stored = self.env.backend.get_message(channel_id, message.id)
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 2}
        if values is not None:
            data.update(component_type=3, values=list(values))
        result = await _component_interaction(self.actor, stored, data)
        self.results.append(result)
        response = result.response
        own = [response] if response is not None and response.id != message.id else []
        self.last = [*own, *result.followups]
        return self.last

    def text(self) -> str:
        """Everything the last answers said."""
        return "\n".join(message_text(m) for m in self.last)


def server_member(env: simcord.Env, name: str) -> tuple[Student, Any]:
    """A new person in a new server's #study channel: the student there, and their user
    (a `Student(env, user)` talks to the bot in the DMs)."""
    guild = env.create_guild()
    channel = guild.create_text_channel("study")
    user = env.create_user(name)
    return Student(env, guild.add_member(user), channel), user

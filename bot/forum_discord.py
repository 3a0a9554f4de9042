"""The forum mirrored in Discord forum channels: each question becomes a forum post (tagged
with its subject and topic), and what people write in that post comes back as answers.

The configured forum channels (`LEARNCONNECT_FORUM_DISCORD_CHANNELS`, one per server) each get
every shown question once (`forum_mirrors` remembers the post). Replies go through the same
use case as answers in the chat: contact details, links and rude words are refused (the bot
says why in the thread), a redelivered message is taken once, and the asker is told.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import discord

from bot.channels.discord import DiscordChannel
from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.forum.model import Mirror, Post
from coach.forum.usecases import Answer, answer
from coach.packs.catalog import Catalog
from prompts import render

log = logging.getLogger(__name__)
BATCH = 10
TAG_LENGTH = 20  # Discord's limit for a forum tag name
TITLE_LENGTH = 100
MAX_TAGS = 5
SOURCE = "discord"


def place(forum_id: str) -> str:
    """The mirror key of a Discord forum channel."""
    return f"{SOURCE}:{forum_id}"


class DiscordForumMirror:
    """Posts questions into forum channels and takes the answers written there."""

    def __init__(
        self,
        channel: DiscordChannel,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        *,
        forum_ids: Sequence[str],
        locale: str = "tr",
    ) -> None:
        self._channel = channel
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._forums = {str(f) for f in forum_ids}
        self._locale = locale
        channel.thread_listeners.append(self.on_message)

    # ------------------------------------------------------------------ out
    async def publish(self) -> int:
        """One run: post the questions each forum channel does not have yet."""
        client = self._channel.client
        if client is None or client.is_closed() or not client.is_ready():
            return 0
        posted = 0
        for forum_id in sorted(self._forums):
            forum = client.get_channel(int(forum_id))
            if not isinstance(forum, discord.ForumChannel):
                log.warning("forum mirror: %s is not a Discord forum channel", forum_id)
                continue
            async with self._uow() as uow:
                pending = await uow.forum.unmirrored(place(forum_id), BATCH)
            for question in pending:
                try:
                    thread_id = await self._post(forum, question)
                except discord.HTTPException as error:  # retried on the next run
                    log.warning("forum mirror: question %s failed: %s", question.id, error)
                    break
                async with self._uow() as uow:
                    mirror = Mirror(question.thread_id, place(forum_id), thread_id)
                    await uow.forum.add_mirror(mirror, self._clock.now())
                    await uow.commit()
                posted += 1
        return posted

    def _names(self, question: Post) -> list[str]:
        pack = self._catalog.packs.get(question.pack_id)
        topic = pack.topics_by_id.get(question.topic_id or "") if pack else None
        if pack is None or topic is None:
            return []
        subject = pack.subjects_by_id.get(topic.subject_id)
        en = self._locale == "en"
        names = [subject.name_en or subject.name if en else subject.name] if subject else []
        names.append(topic.name_en or topic.name if en else topic.name)
        return [name[:TAG_LENGTH] for name in names]

    async def _tags(self, forum: discord.ForumChannel, names: list[str]) -> list[discord.ForumTag]:
        """The forum's tags of these names; missing ones are created (the bot needs Manage
        Channels there; without it the post simply goes untagged)."""
        tags: list[discord.ForumTag] = []
        for name in names[:MAX_TAGS]:
            found = next((t for t in forum.available_tags if t.name.lower() == name.lower()), None)
            if found is None:
                try:
                    found = await forum.create_tag(name=name)
                except discord.HTTPException as error:
                    log.info("forum mirror: could not create tag %r: %s", name, error)
                    continue
            tags.append(found)
        return tags

    async def _post(self, forum: discord.ForumChannel, question: Post) -> str:
        title = question.text.splitlines()[0][:TITLE_LENGTH] or "?"
        content = render("forum/mirror_post", self._locale, text=question.text[:1900])
        tags = await self._tags(forum, self._names(question))
        created = await forum.create_thread(name=title, content=content, applied_tags=tags)
        return str(created.thread.id)

    # ------------------------------------------------------------------ back
    async def on_message(self, message: discord.Message) -> None:
        """A message in a mirrored forum post: an answer to that question."""
        thread = message.channel
        if message.author.bot or not isinstance(thread, discord.Thread):
            return
        if str(thread.parent_id) not in self._forums or not message.content.strip():
            return
        async with self._uow() as uow:
            thread_id = await uow.forum.thread_at(place(str(thread.parent_id)), str(thread.id))
            if thread_id is None:
                return
            name = (message.author.display_name or message.author.name)[:64]
            command = Answer(thread_id, None, message.content, source=SOURCE, author=name,
                             external_id=str(message.id))  # fmt: skip
            posted = await answer(uow, self._clock.now(), command)
            await uow.commit()
        if posted.post is None and posted.problem not in (None, "duplicate", "gone"):
            await self._explain(message, posted.problem or "")

    async def _explain(self, message: discord.Message, problem: str) -> None:
        try:
            await message.reply(render(f"forum/problem/{problem}", self._locale))
        except discord.HTTPException as error:
            log.info("forum mirror: could not explain a refused answer: %s", error)

    def register(self, scheduler: Any) -> None:
        """Run every 30 seconds on the leading process."""
        scheduler.add_job(
            self.publish, "interval", seconds=30, id="forum-discord", max_instances=1,
            coalesce=True,
        )  # fmt: skip

"""The forum mirrored in a Telegram forum supergroup: each question is posted into its
subject's topic there, and replies to that post come back as answers.

Configured with `LEARNCONNECT_FORUM_TELEGRAM_CHAT` (the supergroup's chat id; the coach is an
admin with "Manage topics"). A subject's topic is created the first time one of its questions
is mirrored, and found again after a restart from the mirrors themselves: a mirror's place id
is `<topic thread id>:<message id>` (0 for the General topic, for questions with no topic).
Replies go through the same use case as answers in the chat (contact details, links and rude
words refused, with the reason in the group; a redelivered update taken once; the asker told).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot, Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, MessageHandler, filters

from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.forum.model import Mirror, Post
from coach.forum.usecases import Answer, answer
from coach.packs.catalog import Catalog
from prompts import render

log = logging.getLogger(__name__)
BATCH = 10
SOURCE = "telegram"
GENERAL = 0  # the General topic (no message_thread_id)
TOPIC_NAME_LENGTH = 128  # Telegram's limit for a forum topic name
TEXT_LENGTH = 3500


def place(chat_id: int) -> str:
    """The mirror key of a Telegram supergroup."""
    return f"{SOURCE}:{chat_id}"


def place_id(topic_id: int, message_id: int) -> str:
    """Where in the supergroup a question was posted: its topic and its message."""
    return f"{topic_id}:{message_id}"


class TelegramForumMirror:
    """Posts questions into the supergroup's subject topics and takes the replies."""

    def __init__(
        self,
        bot: Bot,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        *,
        chat_id: int,
        locale: str = "tr",
    ) -> None:
        self._bot = bot
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._chat_id = chat_id
        self._locale = locale
        self._topics: dict[str, int] = {}  # subject id -> topic thread id (a cache)

    @property
    def chat_id(self) -> int:
        """The supergroup questions are mirrored into."""
        return self._chat_id

    # ------------------------------------------------------------------ out
    async def publish(self) -> int:
        """One run: post the questions the supergroup does not have yet."""
        async with self._uow() as uow:
            pending = await uow.forum.unmirrored(place(self._chat_id), BATCH)
        posted = 0
        for question in pending:
            try:
                topic_id = await self._topic(question)
                text = render(
                    "forum/mirror_telegram", self._locale, text=question.text[:TEXT_LENGTH]
                )
                sent = await self._bot.send_message(
                    self._chat_id, text, message_thread_id=topic_id or None
                )
            except TelegramError as error:  # retried on the next run
                log.warning("telegram forum mirror: question %s failed: %s", question.id, error)
                break
            async with self._uow() as uow:
                mirror = Mirror(
                    question.thread_id, place(self._chat_id), place_id(topic_id, sent.message_id)
                )
                await uow.forum.add_mirror(mirror, self._clock.now())
                await uow.commit()
            posted += 1
        return posted

    def _subject(self, question: Post) -> tuple[str, str, list[str]] | None:
        """(subject id, topic name to show, the subject's topic ids) of a question."""
        pack = self._catalog.packs.get(question.pack_id)
        topic = pack.topics_by_id.get(question.topic_id or "") if pack else None
        subject = pack.subjects_by_id.get(topic.subject_id) if pack and topic else None
        if pack is None or topic is None or subject is None:
            return None
        name = subject.name_en or subject.name if self._locale == "en" else subject.name
        topic_ids = [t.id for t in pack.topics_of(subject.id)]
        return f"{pack.id}/{subject.id}", name[:TOPIC_NAME_LENGTH], topic_ids

    async def _topic(self, question: Post) -> int:
        """The subject's topic thread id: cached, found from an earlier mirror, or created."""
        subject = self._subject(question)
        if subject is None:
            return GENERAL
        key, name, topic_ids = subject
        if key in self._topics:
            return self._topics[key]
        async with self._uow() as uow:
            earlier = await uow.forum.mirror_place_of_topics(place(self._chat_id), topic_ids)
        if earlier is not None and earlier.split(":")[0] not in ("", str(GENERAL)):
            self._topics[key] = int(earlier.split(":")[0])
        else:
            created = await self._bot.create_forum_topic(self._chat_id, name)
            self._topics[key] = created.message_thread_id
        return self._topics[key]

    # ------------------------------------------------------------------ back
    async def on_reply(self, message: Message) -> bool:
        """A reply in the supergroup: an answer when it replies to a mirrored question."""
        replied = message.reply_to_message
        author = message.from_user
        if replied is None or author is None or author.is_bot or not (message.text or "").strip():
            return False
        topic_id = message.message_thread_id if message.is_topic_message else GENERAL
        async with self._uow() as uow:
            key = place_id(topic_id or GENERAL, replied.message_id)
            thread_id = await uow.forum.thread_at(place(self._chat_id), key)
            if thread_id is None:
                return False
            command = Answer(thread_id, None, message.text or "", source=SOURCE,
                             author=(author.first_name or "?")[:64],
                             external_id=f"{self._chat_id}:{message.message_id}")  # fmt: skip
            posted = await answer(uow, self._clock.now(), command)
            await uow.commit()
        if posted.post is None and posted.problem not in (None, "duplicate", "gone"):
            try:
                await message.reply_text(render(f"forum/problem/{posted.problem}", self._locale))
            except TelegramError as error:
                log.info("telegram forum mirror: could not explain a refused answer: %s", error)
        return True

    def register(self, scheduler: Any) -> None:
        """Run every 30 seconds on the leading process."""
        scheduler.add_job(
            self.publish, "interval", seconds=30, id="forum-telegram", max_instances=1,
            coalesce=True,
        )  # fmt: skip


def register_forum_handlers(application: Application, mirror: TelegramForumMirror) -> None:
    """Replies in the mirror supergroup; in group -1 so a taken answer is not also read by the
    engine (other group messages pass on)."""

    async def on_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and await mirror.on_reply(message):
            raise ApplicationHandlerStop

    chat = filters.Chat(chat_id=mirror.chat_id)
    application.add_handler(MessageHandler(chat & filters.REPLY & filters.TEXT, on_reply), group=-1)

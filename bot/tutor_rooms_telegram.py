"""Escalation rooms on Telegram: one forum topic per escalation in the operator's tutor
supergroup (`LEARNCONNECT_TUTOR_SUPERGROUP_ID`; a forum supergroup where the coach is an admin
with "Manage topics" and the tutors are members).

Two halves. The outbox router (`route`, `delivered`, `refused`, installed on the Telegram
dispatcher) sends a row naming a room into its topic: the first one makes the topic
(createForumTopic, named "<first name> · <topic>"), the closing line closes it afterwards
(closeForumTopic). When Telegram refuses — the chat is not a forum, the coach lacks the right,
the tutor is not in the group, the topic is gone — the room is marked failed, the reason
logged (Telegram's description, never the token), and the tutor gets the row in their private
chat, where the relay works as without rooms. The update handler (`on_message`) takes what is
written in a room's topic: the assigned tutor's text and photos go to the student, `/end`
closes it, anyone else gets a short answer and nothing is passed on.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from dataclasses import replace

from telegram import Bot, Message, Update
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, MessageHandler, filters

from bot.handlers.telegram import parse_command
from coach.community.posts import TOPIC_SEPARATOR
from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.dialogue.commands import canonical_command
from coach.notifications.model import Address, OutboxItem
from coach.tutors.room_model import CLOSE_KEY, IN_ROOM_KEY, ROOM_KEY, Room, RoomStatus
from coach.tutors.rooms import RoomAnswer, RoomMessage, TutorRooms
from prompts import normalize_locale, render

log = logging.getLogger(__name__)
CHANNEL = "telegram"
IN_GROUP = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
ANSWERED = (RoomAnswer.NOT_YOURS, RoomAnswer.OVER)  # these get a short line in the topic
PACKET = "tutors/room_packet"


class TelegramTutorRooms:
    """Forum topics of escalations in one tutor supergroup, and what is written in them."""

    def __init__(
        self, bot: Bot, uow: UnitOfWorkFactory, clock: Clock, rooms: TutorRooms, *, chat_id: int
    ) -> None:
        self._bot = bot
        self._uow = uow
        self._clock = clock
        self._rooms = rooms
        self.chat_id = chat_id
        # One dispatcher sends a token's rows, several at once: a room's topic is made once.
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)

    # ------------------------------------------------------------------ the outbox router
    async def route(self, item: OutboxItem) -> OutboxItem | None:
        """A row naming a room goes into its topic (made now when still pending); without an
        open room it goes to the tutor's private chat, except the line that closes a topic."""
        escalation_id = item.context.get(ROOM_KEY)
        if not isinstance(escalation_id, int) or item.address.channel != CHANNEL:
            return item
        async with self._locks[escalation_id]:
            async with self._uow() as uow:
                room = await uow.tutor_rooms.room(escalation_id)
            if room is not None and room.status is RoomStatus.PENDING:
                room = await self._open(room, item.address.user_key)
        if room is None or room.status is not RoomStatus.OPEN or room.thread_key is None:
            # The closing line belongs in the topic only; a packet after the end says nothing.
            over = room is not None and room.status is RoomStatus.CLOSED
            if item.context.get(CLOSE_KEY) or (over and item.template == PACKET):
                return None
            return item
        topic = f"{room.chat_key}{TOPIC_SEPARATOR}{room.thread_key}"
        address = Address(CHANNEL, item.address.user_key, topic, is_group=True)
        # No buttons in the topic: a press there would answer in the group's General topic.
        context = {**item.context, IN_ROOM_KEY: True}
        return replace(item, address=address, choices=(), context=context)

    async def _open(self, room: Room, tutor_key: str) -> Room:
        """Make the room's topic; a refusal fails the room (the private chat is used)."""
        chat_id = int(room.chat_key)
        try:
            member = await self._bot.get_chat_member(chat_id, int(tutor_key))
            if member.status not in IN_GROUP:
                return await self._fail(room.escalation_id, "the tutor is not in the group")
            topic = await self._bot.create_forum_topic(chat_id, room.name)
        except (BadRequest, Forbidden) as error:  # not a forum, no right, not in the chat
            return await self._fail(room.escalation_id, error.message)
        # Network errors and 429s propagate: the dispatcher tries the row again later.
        thread_key = str(topic.message_thread_id)
        async with self._uow() as uow:
            opened = await uow.tutor_rooms.opened(room.escalation_id, thread_key, self._clock.now())
            await uow.commit()
        if not opened:  # the conversation ended while the topic was being made
            await self._close_topic(room.escalation_id, topic.message_thread_id)
            return replace(room, status=RoomStatus.CLOSED)
        log.info("tutor room of escalation %s: topic %s opened", room.escalation_id, thread_key)
        return replace(room, status=RoomStatus.OPEN, thread_key=thread_key)

    async def _fail(self, escalation_id: int, reason: str) -> Room:
        log.warning(
            "tutor room of escalation %s: Telegram refused the topic in the tutor supergroup "
            "(%s); the tutor talks from their private chat",
            escalation_id,
            reason,
        )
        async with self._uow() as uow:
            await uow.tutor_rooms.set_status(
                escalation_id, RoomStatus.FAILED, self._clock.now(), reason
            )
            room = await uow.tutor_rooms.room(escalation_id)
            await uow.commit()
        assert room is not None  # noqa: S101  (it was just read)
        return room

    async def delivered(self, item: OutboxItem) -> None:
        """After the closing line is in the topic, close the topic."""
        escalation_id = item.context.get(ROOM_KEY)
        if not item.context.get(CLOSE_KEY) or not isinstance(escalation_id, int):
            return
        thread = item.address.chat_key.partition(TOPIC_SEPARATOR)[2]
        await self._close_topic(escalation_id, int(thread))
        async with self._uow() as uow:
            await uow.tutor_rooms.set_status(escalation_id, RoomStatus.CLOSED, self._clock.now())
            await uow.commit()
        self._locks.pop(escalation_id, None)  # nothing goes to a closed room any more

    async def _close_topic(self, escalation_id: int, thread: int) -> None:
        try:
            await self._bot.close_forum_topic(self.chat_id, thread)
        except TelegramError as error:  # the conversation is over either way
            log.warning("tutor room of escalation %s: cannot close the topic (%s)",
                        escalation_id, error.message)  # fmt: skip

    async def refused(self, item: OutboxItem, reason: str) -> None:
        """Telegram refused a message in the topic: the room fails, the row is tried again
        in the tutor's private chat."""
        escalation_id = item.context.get(ROOM_KEY)
        if isinstance(escalation_id, int):
            await self._fail(escalation_id, reason[:200])

    # ------------------------------------------------------------------ updates
    async def on_message(self, message: Message) -> RoomAnswer:
        """Text or a photo in a topic of the supergroup; NONE when the topic is no room."""
        author = message.from_user
        thread = message.message_thread_id if message.is_topic_message else None
        if author is None or author.is_bot or thread is None:
            return RoomAnswer.NONE
        text = message.text or message.caption or ""
        parsed = parse_command(text, self._bot.username, False) if text.startswith("/") else None
        # /end in either language (/bitir) closes the room, as the engine reads commands
        ends = parsed is not None and canonical_command(parsed[0]) == "end"
        if text.startswith("/") and not ends:
            return RoomAnswer.NONE  # other commands are the engine's
        photo = None
        if message.photo:
            largest = max(message.photo, key=lambda size: size.width * size.height)
            photo = f"{CHANNEL}:{largest.file_id}"
        command = RoomMessage(
            CHANNEL, str(message.chat.id), str(thread), str(author.id),
            "" if ends else text, photo, end=ends,
        )  # fmt: skip
        async with self._uow() as uow:
            answer = await self._rooms.room_message(uow, self._clock.now(), command)
            await uow.commit()
        if answer in ANSWERED:
            locale = normalize_locale(author.language_code)
            try:
                await self._bot.send_message(
                    message.chat.id, render(f"tutors/room_{answer.value}", locale),
                    message_thread_id=thread,
                )  # fmt: skip
            except TelegramError as error:
                log.info("tutor room: could not answer in the topic: %s", error.message)
        return answer


def register_tutor_room_handlers(application: Application, rooms: TelegramTutorRooms) -> None:
    """Messages in the tutor supergroup, in group -2: before the forum mirror's replies and the
    engine's commands; what is not written in a room passes on to them."""

    async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and await rooms.on_message(message) is not RoomAnswer.NONE:
            raise ApplicationHandlerStop

    chat = filters.Chat(chat_id=rooms.chat_id) & filters.UpdateType.MESSAGE
    application.add_handler(
        MessageHandler(chat & (filters.TEXT | filters.PHOTO), on_message), group=-2
    )

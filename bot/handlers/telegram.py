"""Thin Telegram handlers: turn a PTB update into an `InboundEvent` and hand it to the runner.

All registration happens in `register_telegram_handlers`. No PTB conversation state, user_data
or persistence is used: the dialogue state lives in the database, so any process can answer.
"""

from __future__ import annotations

import logging
import re

from telegram import CallbackQuery, Chat, Update, User
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    PollAnswerHandler,
    filters,
)

from bot.channels.telegram_callbacks import CallbackKind, CallbackSigner
from bot.handlers.conversation import ConversationRunner, error_reply
from coach.community.posts import TOPIC_SEPARATOR
from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.messages import ChannelKind, ChannelRef, EventKind, InboundEvent
from prompts import normalize_locale, render

log = logging.getLogger(__name__)

FORGED_BUTTON_TEMPLATE = "channels/button_invalid"
# Names may carry Turkish letters ("/bugün"); the engine maps them to the commands.
_COMMAND = re.compile(r"^/(\w{1,32})(?:@([A-Za-z0-9_]{3,64}))?$")
Context = ContextTypes.DEFAULT_TYPE


def parse_command(
    text: str, bot_username: str | None, in_group: bool
) -> tuple[str, tuple[str, ...], str] | None:
    """(name, args, rest) of a command meant for this bot; None for anyone else's.

    In a group only `/name@BotName` counts; in a private chat the suffix is optional but, when
    present, must name this bot.
    """
    parts = text.strip().split(maxsplit=1)
    if not parts:
        return None
    rest = parts[1].strip() if len(parts) > 1 else ""
    match = _COMMAND.match(parts[0])
    if match is None:
        return None
    name, addressee = match.group(1).lower(), match.group(2)
    if addressee is not None and addressee.casefold() != (bot_username or "").casefold():
        return None
    if addressee is None and in_group:
        return None
    return name, tuple(rest.split()), rest


def channel_ref(chat: Chat | None, user: User, message: object = None) -> ChannelRef:
    """Where replies to this user go: the chat, or their private chat when there is none. A
    message in a forum topic is answered in that topic ("chat#thread")."""
    chat_key = str(chat.id) if chat is not None else str(user.id)
    in_group = chat is not None and chat.type != ChatType.PRIVATE
    thread = getattr(message, "message_thread_id", None)
    if in_group and thread and getattr(message, "is_topic_message", False):
        chat_key = f"{chat_key}{TOPIC_SEPARATOR}{thread}"
    return ChannelRef(ChannelKind.TELEGRAM, str(user.id), chat_key, is_group=in_group)


class TelegramHandlers:
    """The callbacks PTB calls; each parses, builds one event and awaits the runner."""

    def __init__(
        self,
        runner: ConversationRunner,
        signer: CallbackSigner,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
    ) -> None:
        self.runner = runner
        self.signer = signer
        self._uow_factory = uow_factory
        self._clock = clock

    def _event(
        self, ref: ChannelRef, user: User, kind: EventKind, **fields: object
    ) -> InboundEvent:
        return InboundEvent(
            ref=ref,
            kind=kind,
            received_at=self._clock.now(),
            locale_hint=user.language_code,
            display_name=user.first_name,
            **fields,  # type: ignore[arg-type]
        )

    async def on_command(self, update: Update, context: Context) -> None:
        """`/name args`; in groups only when addressed to this bot."""
        message, user = update.message, update.effective_user
        if message is None or user is None or not message.text:
            return
        ref = channel_ref(message.chat, user, message)
        parsed = parse_command(message.text, context.bot.username, ref.is_group)
        if parsed is None:
            return
        name, args, rest = parsed
        event = self._event(
            ref, user, EventKind.COMMAND, command=name, args=args, text=rest,
            **_who_we_are(context, ref),
        )  # fmt: skip
        await self.runner.run(event)

    async def on_text(self, update: Update, context: Context) -> None:
        """Free text in a private chat."""
        message, user = update.message, update.effective_user
        if message is None or user is None or message.text is None:
            return
        event = self._event(
            channel_ref(message.chat, user), user, EventKind.TEXT, text=message.text
        )
        await self.runner.run(event)

    async def on_photo(self, update: Update, context: Context) -> None:
        """A photo in a private chat: its caption is the text and the photo goes with it, named
        by Telegram's file id (a forum question with a picture of the problem; a photo for the
        tutor in the chat, passed on as is; nothing is downloaded)."""
        message, user = update.message, update.effective_user
        if message is None or user is None or not message.photo:
            return
        largest = max(message.photo, key=lambda size: size.width * size.height)
        event = self._event(
            channel_ref(message.chat, user), user, EventKind.TEXT,
            text=message.caption or "", attachment=f"telegram:{largest.file_id}",
        )  # fmt: skip
        await self.runner.run(event)

    async def on_callback(self, update: Update, context: Context) -> None:
        """A button press: verified, always answered, then a CHOICE (or quiz) event."""
        query = update.callback_query
        if query is None:
            return
        message = query.message
        ref = channel_ref(message.chat if message else None, query.from_user, message)
        verified = self.signer.verify(query.data, ref.chat_key)
        if verified is None:
            locale = normalize_locale(query.from_user.language_code)
            await _answer(query, render(FORGED_BUTTON_TEMPLATE, locale))
            return
        await _answer(query, None)
        kind = EventKind.POLL_ANSWER if verified.kind is CallbackKind.QUIZ else EventKind.CHOICE
        pressed = str(message.message_id) if message is not None else None
        event = self._event(
            ref, query.from_user, kind, payload=verified.payload, message_key=pressed,
            **_who_we_are(context, ref),
        )  # fmt: skip
        await self.runner.run(event)

    async def on_poll_answer(self, update: Update, context: Context) -> None:
        """An answer to one of our quiz polls becomes `<question_key>:<option>`."""
        answer = update.poll_answer
        if answer is None or answer.user is None or not answer.option_ids:
            return
        async with self._uow_factory() as uow:
            poll = await uow.channel_polls.get(answer.poll_id)
        if poll is None:
            log.info("answer to a poll this coach did not send; ignored")
            return
        ref = channel_ref(None, answer.user)  # answers go to the private chat (id = user id)
        payload = f"{poll.question_key}:{answer.option_ids[0]}"
        await self.runner.run(self._event(ref, answer.user, EventKind.POLL_ANSWER, payload=payload))

    async def on_my_chat_member(self, update: Update, context: Context) -> None:
        """The student blocked (or unblocked) the bot in their private chat."""
        change = update.my_chat_member
        if change is None or change.chat.type != ChatType.PRIVATE:
            return
        status = change.new_chat_member.status
        if status not in (ChatMemberStatus.BANNED, ChatMemberStatus.MEMBER):
            return
        reachable = status == ChatMemberStatus.MEMBER
        ref = channel_ref(change.chat, change.from_user)
        await self.runner.set_reachable(ref, reachable=reachable, reason="blocked")

    async def on_error(self, update: object, context: Context) -> None:
        """Anything a handler did not catch: log it and apologise in the chat, never crash."""
        log.error("error while handling a Telegram update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat and update.effective_user:
            ref = channel_ref(update.effective_chat, update.effective_user)
            locale = update.effective_user.language_code
            await self.runner.deliver(ref, [error_reply(locale)], locale)


def _who_we_are(context: Context, ref: ChannelRef) -> dict[str, str]:
    """In a group, the bot's name and the link to its private chat (for a newcomer)."""
    username = context.bot.username if ref.is_group else None
    if not username:
        return {}
    return {"bot_name": f"@{username}", "bot_link": f"https://t.me/{username}"}


async def _answer(query: CallbackQuery, text: str | None) -> None:
    try:
        await query.answer(text)
    except TelegramError as error:  # the query is too old or already answered
        log.info("could not answer a callback query: %s", error.message)


def register_telegram_handlers(application: Application, handlers: TelegramHandlers) -> None:
    """Register every Telegram handler on the application (the only place that does)."""
    messages = filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(messages & filters.COMMAND, handlers.on_command))
    private_text = messages & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(private_text, handlers.on_text))
    private_photo = messages & filters.ChatType.PRIVATE & filters.PHOTO
    application.add_handler(MessageHandler(private_photo, handlers.on_photo))
    application.add_handler(CallbackQueryHandler(handlers.on_callback))
    application.add_handler(PollAnswerHandler(handlers.on_poll_answer))
    application.add_handler(
        ChatMemberHandler(handlers.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    application.add_error_handler(handlers.on_error)

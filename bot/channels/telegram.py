"""The Telegram channel: renders `Reply` objects with python-telegram-bot's `Bot`.

Text goes out HTML-escaped and split at 4,096 characters, choices become inline keyboards with
signed callback data (on the last chunk only), quizzes become native quiz polls (with a button
fallback when the question does not fit Telegram's limits), documents go through sendDocument
and TYPING becomes a chat action. Telegram errors are mapped to the delivery errors of
`coach.core.channels`, so callers (handlers, the outbox dispatcher) never see a PTB exception.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.constants import ChatAction, ParseMode, PollType
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.channels.render import (
    TELEGRAM_CAPTION_LIMIT,
    TELEGRAM_MESSAGE_LIMIT,
    escape_html,
    split_text,
    truncate,
    utf16_length,
    with_numbered_choices,
)
from bot.channels.telegram_callbacks import CallbackKind, CallbackSigner
from coach.community.posts import TOPIC_SEPARATOR
from coach.core.channel_store import ChannelPoll
from coach.core.channels import (
    ChannelCapabilities,
    DeliveryError,
    RateLimited,
    RecipientUnreachable,
    TransientDeliveryError,
)
from coach.core.clock import Clock
from coach.core.retry import retrying
from coach.core.uow import UnitOfWorkFactory
from coach.messages import ChannelKind, ChannelRef, Choice, QuizSpec, Reply, ReplyKind

log = logging.getLogger(__name__)

POLL_QUESTION_LIMIT = 300
POLL_OPTION_LIMIT = 100
POLL_EXPLANATION_LIMIT = 200
POLL_MIN_OPTIONS, POLL_MAX_OPTIONS = 2, 10
QUIZ_SKIP_OPTION = "skip"  # POLL_ANSWER payload `<question_key>:skip` from the skip button
EMPTY_TEXT_WITH_BUTTONS = "…"  # Telegram refuses empty messages; buttons need a carrier
CONTINUATION_ATTEMPTS = 3
CONTINUATION_MAX_WAIT_S = 30.0

Sleep = Callable[[float], Awaitable[None]]


def retry_after_seconds(error: RetryAfter) -> float:
    """The wait a 429 asked for, in seconds (PTB 22 returns int or timedelta, with a warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


@contextmanager
def delivery_errors() -> Iterator[None]:
    """Turn python-telegram-bot errors into the delivery errors every caller understands."""
    try:
        yield
    except Forbidden as error:  # 403: blocked, kicked, or the user deleted their account
        raise RecipientUnreachable(error.message) from error
    except RetryAfter as error:  # 429
        raise RateLimited(retry_after_seconds(error)) from error
    except BadRequest as error:  # 400 is our fault or a gone chat: retrying will not help
        raise DeliveryError(f"Telegram refused the request: {error.message}") from error
    except NetworkError as error:  # timeouts, dropped connections, 5xx
        raise TransientDeliveryError(error.message) from error
    except TelegramError as error:
        raise DeliveryError(error.message) from error


def quiz_fits(quiz: QuizSpec) -> bool:
    """Whether Telegram can show this quiz as a native poll."""
    return (
        0 < utf16_length(quiz.question) <= POLL_QUESTION_LIMIT
        and POLL_MIN_OPTIONS <= len(quiz.options) <= POLL_MAX_OPTIONS
        and all(0 < utf16_length(option) <= POLL_OPTION_LIMIT for option in quiz.options)
        and 0 <= quiz.correct_index < len(quiz.options)
    )


def _chat_id(chat_key: str) -> int | str:
    chat_key = chat_key.partition(TOPIC_SEPARATOR)[0]  # "chat#thread" is a forum topic
    return int(chat_key) if chat_key.lstrip("-").isdigit() else chat_key


def _thread_id(chat_key: str) -> int | None:
    """The forum topic of a "chat#thread" key (a study group's topic), else None."""
    thread = chat_key.partition(TOPIC_SEPARATOR)[2]
    return int(thread) if thread.isdigit() else None


class TelegramChannel:
    """Delivers replies to Telegram chats through a PTB `Bot`."""

    name = ChannelKind.TELEGRAM.value
    # The engine sends plain text; this channel escapes it, so `html` stays False.
    capabilities = ChannelCapabilities(
        native_quiz=True,
        buttons=True,
        max_message_length=TELEGRAM_MESSAGE_LIMIT,
        documents=True,
        html=False,
        private_group_answers=False,  # a group reads every answer: only group-safe commands
    )

    def __init__(
        self,
        bot: Bot,
        signer: CallbackSigner,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.bot = bot
        self.signer = signer
        self._uow_factory = uow_factory
        self._clock = clock
        self._sleep = sleep

    async def send(self, to: ChannelRef, reply: Reply) -> str | None:
        """Deliver one reply; returns the id of the last message sent (the one with buttons)."""
        if reply.kind is ReplyKind.TYPING:
            with delivery_errors():
                await self.bot.send_chat_action(_chat_id(to.chat_key), ChatAction.TYPING)
            return None
        if reply.kind is ReplyKind.QUIZ and reply.quiz is not None:
            return await self._send_quiz(to, reply, reply.quiz)
        if reply.kind is ReplyKind.DOCUMENT and reply.document is not None:
            return await self._send_document(to, reply)
        if reply.kind is ReplyKind.PHOTO and reply.document is not None:
            return await self._send_document(to, reply, as_photo=True)
        if isinstance(reply.meta.get("photo_ref"), str):
            return await self._send_photo_ref(to, reply, reply.meta["photo_ref"])
        markup = self._keyboard(to, reply.choices)
        if reply.replaces is not None:
            edited = await self._edit_text(to, reply.replaces, reply.text, markup)
            if edited is not None:
                return edited
        return await self._send_text(to, reply.text, markup)

    async def _edit_text(
        self, to: ChannelRef, message_key: str, text: str, markup: InlineKeyboardMarkup | None
    ) -> str | None:
        """Show `text` in place of the message `message_key` (editMessageText); None when it
        cannot be (too long for one message, too old, not modified, gone): then it is sent."""
        chunks = split_text(text, TELEGRAM_MESSAGE_LIMIT, utf16_length)
        if len(chunks) != 1 or not message_key.isdigit():
            return None
        try:
            with delivery_errors():
                await self.bot.edit_message_text(
                    escape_html(chunks[0]),
                    chat_id=_chat_id(to.chat_key),
                    message_id=int(message_key),
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                )
        except (RecipientUnreachable, RateLimited, TransientDeliveryError):
            raise
        except DeliveryError as error:  # 400: not modified, too old to edit, deleted
            log.info("could not edit message %s, sending it anew: %s", message_key, error)
            return None
        return message_key

    async def download_photo(self, file_id: str) -> bytes:
        """The bytes of a photo Telegram holds (getFile, then its download), for a person on
        another platform; only the bytes leave, never the file URL (it carries the token)."""
        with delivery_errors():
            file = await self.bot.get_file(file_id)
            return bytes(await file.download_as_bytearray())

    def _keyboard(
        self,
        to: ChannelRef,
        rows: Sequence[Sequence[Choice]],
        kind: CallbackKind = CallbackKind.CHOICE,
    ) -> InlineKeyboardMarkup | None:
        if not rows:
            return None
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        choice.label,
                        callback_data=self.signer.sign(kind, to.chat_key, choice.payload),
                    )
                    for choice in row
                ]
                for row in rows
                if row
            ]
        )

    async def _send_text(
        self, to: ChannelRef, text: str, markup: InlineKeyboardMarkup | None
    ) -> str | None:
        chunks = split_text(text, TELEGRAM_MESSAGE_LIMIT, utf16_length)
        if not chunks and markup is not None:
            chunks = [EMPTY_TEXT_WITH_BUTTONS]
        message: Message | None = None
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            message = await self._deliver(
                index,
                lambda chunk=chunk, last=last: self.bot.send_message(  # type: ignore[misc]
                    _chat_id(to.chat_key),
                    escape_html(chunk),
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup if last else None,
                    message_thread_id=_thread_id(to.chat_key),
                ),
            )
        return str(message.message_id) if message else None

    async def _deliver(self, index: int, call: Callable[[], Awaitable[Any]]) -> Any:
        """Send one part of a reply.

        The first part's errors go straight to the caller, who may retry the whole reply. Later
        parts are retried here: the earlier parts were already delivered, and a retry of the
        whole reply would send them twice.
        """
        if index == 0:
            with delivery_errors():
                return await call()
        for attempt in range(1, CONTINUATION_ATTEMPTS + 1):
            try:
                with delivery_errors():
                    return await call()
            except RateLimited as error:
                if attempt == CONTINUATION_ATTEMPTS or error.retry_after > CONTINUATION_MAX_WAIT_S:
                    raise
                await self._sleep(error.retry_after)
            except TransientDeliveryError:
                if attempt == CONTINUATION_ATTEMPTS:
                    raise
                await self._sleep(0.5 * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    async def _send_quiz(self, to: ChannelRef, reply: Reply, quiz: QuizSpec) -> str | None:
        if not quiz_fits(quiz):
            return await self._send_quiz_as_buttons(to, reply, quiz)
        parts = 0
        header = reply.text.strip()
        if header and header != quiz.question.strip():
            await self._send_text(to, header, None)
            parts = 1
        markup = self._quiz_extras(to, reply, quiz)
        explanation = " ".join(quiz.explanation.split())
        message: Message = await self._deliver(
            parts,
            lambda: self.bot.send_poll(
                _chat_id(to.chat_key),
                quiz.question,
                list(quiz.options),
                is_anonymous=False,
                type=PollType.QUIZ,
                correct_option_ids=[quiz.correct_index],  # type: ignore[list-item]
                explanation=truncate(explanation, POLL_EXPLANATION_LIMIT, utf16_length) or None,
                reply_markup=markup,
            ),
        )
        if message.poll is not None:
            await self._remember_poll(to, quiz, message.poll.id)
        return str(message.message_id)

    def _quiz_extras(
        self, to: ChannelRef, reply: Reply, quiz: QuizSpec
    ) -> InlineKeyboardMarkup | None:
        """Buttons under a quiz: the reply's own choices, else a skip button when labelled."""
        if reply.choices:
            return self._keyboard(to, reply.choices)
        if not quiz.skip_label:
            return None
        skip = Choice(quiz.skip_label, f"{quiz.question_key}:{QUIZ_SKIP_OPTION}")
        return self._keyboard(to, ((skip,),), CallbackKind.QUIZ)

    async def _send_quiz_as_buttons(
        self, to: ChannelRef, reply: Reply, quiz: QuizSpec
    ) -> str | None:
        """A quiz Telegram cannot show as a poll: numbered options in text, numbers as buttons."""
        options = [
            Choice(option, f"{quiz.question_key}:{i}") for i, option in enumerate(quiz.options)
        ]
        header = reply.text.strip()
        question = header if quiz.question.strip() in header else f"{header}\n\n{quiz.question}"
        per_row = 5
        rows = [options[i : i + per_row] for i in range(0, len(options), per_row)]
        numbered = [
            [Choice(str(i + j + 1), choice.payload) for j, choice in enumerate(row)]
            for i, row in zip(range(0, len(options), per_row), rows, strict=True)
        ]
        markup = _merge(
            self._keyboard(to, numbered, CallbackKind.QUIZ), self._quiz_extras(to, reply, quiz)
        )
        return await self._send_text(to, with_numbered_choices(question.strip(), options), markup)

    async def _send_photo_ref(self, to: ChannelRef, reply: Reply, file_id: str) -> str | None:
        """A photo Telegram already has (a student's photo passed on to their tutor)."""
        caption = reply.text.strip()
        if utf16_length(caption) > TELEGRAM_CAPTION_LIMIT:
            await self._send_text(to, caption, None)
            caption = ""
        markup = self._keyboard(to, reply.choices)
        message: Message = await self._deliver(
            0,
            lambda: self.bot.send_photo(
                _chat_id(to.chat_key),
                file_id,
                caption=escape_html(caption) or None,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                message_thread_id=_thread_id(to.chat_key),
            ),
        )
        return str(message.message_id)

    async def _send_document(
        self, to: ChannelRef, reply: Reply, *, as_photo: bool = False
    ) -> str | None:
        document = reply.document
        assert document is not None  # noqa: S101  (checked by the caller)
        markup = self._keyboard(to, reply.choices)
        caption: str | None = reply.text.strip() or None
        parts = 0
        if caption and utf16_length(caption) > TELEGRAM_CAPTION_LIMIT:
            await self._send_text(to, caption, None)
            caption, parts = None, 1
        upload = InputFile(document.content, filename=document.filename)
        text = escape_html(caption) if caption else None
        send = self.bot.send_photo if as_photo else self.bot.send_document
        message: Message = await self._deliver(
            parts,
            lambda: send(
                _chat_id(to.chat_key),
                upload,
                caption=text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                message_thread_id=_thread_id(to.chat_key),
            ),
        )
        return str(message.message_id)

    async def _remember_poll(self, to: ChannelRef, quiz: QuizSpec, poll_id: str) -> None:
        """Record the poll so its answers can be traced back; a failure is logged, not raised
        (the poll is already on the student's screen)."""
        poll = ChannelPoll(
            poll_id=poll_id,
            channel=self.name,
            chat_key=to.chat_key,
            user_key=to.user_key,
            question_key=quiz.question_key,
            options=len(quiz.options),
            created_at=self._clock.now(),
        )

        async def record() -> None:
            async with self._uow_factory() as uow:
                await uow.channel_polls.add(poll)
                await uow.commit()

        try:
            await retrying(record)
        except Exception:
            log.exception("could not record quiz poll %s", poll_id)


def _merge(*markups: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    rows = [list(row) for markup in markups if markup for row in markup.inline_keyboard]
    return InlineKeyboardMarkup(rows) if rows else None

"""The web chat channel: runs the engine for a browser and keeps that browser's transcript.

A browser is an anonymous student identified by a signed cookie (see `bot.web.webchat_guard`);
its id is the `user_key` of a `ChannelKind.WEB` reference. Every exchange is stored in a short
transcript, so a reload shows the conversation again. Pushes (reminders from the outbox) go
through `WebChatChannel.send`, which only stores the message: the page picks it up on its next
poll of `/chat/api/history?since=...`, or on reload.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TypeVar

from bot.channels.textchat import (
    TypedInput,
    build_event,
    choice_label,
    reply_choices,
    reply_text,
)
from bot.handlers.conversation import ConversationRunner
from coach.core.channel_store import NewMessage, TranscriptMessage, WebTranscript
from coach.core.channels import ChannelCapabilities, RecipientUnreachable
from coach.core.clock import Clock
from coach.core.retry import retrying
from coach.core.uow import UnitOfWork, UnitOfWorkFactory
from coach.dialogue.contract import ConversationEngine
from coach.dialogue.engine import MAX_TEXT as ENGINE_MAX_TEXT
from coach.messages import ChannelKind, ChannelRef, Reply, ReplyKind
from prompts import normalize_locale, render

log = logging.getLogger(__name__)
T = TypeVar("T")

# The web chat shows multiple-choice questions as buttons, never as native polls.
WEB_CAPABILITIES = ChannelCapabilities(
    native_quiz=False, buttons=True, max_message_length=20_000, documents=True, html=False
)
KEEP_MESSAGES = 200  # per student; the dialogue state, not the transcript, is what counts
PAGE_MESSAGES = 60  # shown when the page loads
POLL_LIMIT = 100  # returned by one history poll
SHOWN_STUDENT_CHARS = 2000  # what the transcript keeps of one typed message
NOT_STORED = 0  # the id of a message that was shown but not kept (e.g. after /delete)


def web_ref(web_key: str) -> ChannelRef:
    """Where a browser's messages come from and its replies go."""
    return ChannelRef(ChannelKind.WEB, web_key, web_key)


def coach_message(reply: Reply) -> NewMessage | None:
    """How a reply is kept in the transcript (a typing indicator is not kept)."""
    if reply.kind is ReplyKind.TYPING:
        return None
    replaces = reply.replaces
    return NewMessage(
        role="coach",
        kind=reply.kind.value,
        text=reply_text(reply),
        template=reply.template,
        choices=reply_choices(reply),
        document=reply.document if reply.kind in (ReplyKind.DOCUMENT, ReplyKind.PHOTO) else None,
        alt=str(reply.meta.get("alt") or "") if reply.kind is ReplyKind.PHOTO else "",
        replaces=int(replaces) if replaces is not None and replaces.isdigit() else None,
    )


def _transient(messages: Sequence[NewMessage], now: datetime) -> list[TranscriptMessage]:
    """Messages shown once without being stored."""
    return [
        TranscriptMessage(NOT_STORED, m.role, m.kind, m.text, m.template, m.choices, now)
        for m in messages
    ]


async def _pressed(
    transcript: WebTranscript, web_key: str, payload: str
) -> TranscriptMessage | None:
    """The newest recent message that offers the button `payload`."""
    for message in reversed(await transcript.recent(web_key, 20)):
        if choice_label(message.choices, payload) is not None:
            return message
    return None


async def _store(
    transcript: WebTranscript, user_id: int, messages: Sequence[NewMessage], now: datetime
) -> list[TranscriptMessage]:
    """Append messages in order; one that replaces an earlier message is stored in its place
    (appended when that one is gone)."""
    stored: list[TranscriptMessage] = []
    for message in messages:
        replaced = None
        if message.replaces is not None:
            replaced = await transcript.replace(user_id, message.replaces, message)
        stored += [replaced] if replaced else await transcript.append(user_id, [message], now)
    return stored


class WebChat:
    """One engine exchange per browser request, recorded in the transcript."""

    def __init__(self, engine: ConversationEngine, uow: UnitOfWorkFactory, clock: Clock) -> None:
        # The one runner every channel shares; the page answers in the response, so no typing.
        self._runner = ConversationRunner(
            engine, WebChatChannel(uow, clock), uow, typing_after=None
        )
        self._uow = uow
        self._clock = clock

    async def exchange(
        self, web_key: str, typed: TypedInput, *, locale_hint: str | None = None
    ) -> list[TranscriptMessage]:
        """Send the student's input to the engine; return what to show (student first)."""
        now = self._clock.now()
        event = build_event(web_ref(web_key), typed, now, locale_hint=locale_hint)
        if typed.payload:  # the message the button was on, which a reply may replace
            pressed = await self._read(lambda uow: _pressed(uow.web_chat, web_key, typed.payload))
            if pressed is not None:
                event = dataclasses.replace(event, message_key=str(pressed.id))
        replies = await self._runner.answer(event)
        answers = [m for m in (coach_message(r) for r in replies) if m is not None]
        try:
            return await self._record(web_key, typed, answers)
        except Exception:  # the answer matters more than its copy in the transcript
            log.exception("could not store a web chat exchange")
            return _transient(answers, now)

    async def _record(
        self, web_key: str, typed: TypedInput, answers: list[NewMessage]
    ) -> list[TranscriptMessage]:
        async with self._uow() as uow:
            transcript = uow.web_chat
            user_id = await transcript.user_id(web_key)
            user = await uow.users.get(user_id) if user_id is not None else None
            if user is None:  # the student just deleted their data: keep nothing
                return _transient(answers, self._clock.now())
            said = await self._student_words(transcript, web_key, typed)
            in_place = bool(answers) and all(a.replaces is not None for a in answers)
            # A switch redrawn in place is no new turn of the conversation: no bubble for it.
            messages = [NewMessage("student", "text", said)] if said and not in_place else []
            shown: list[TranscriptMessage] = []
            if user.consent_at is None:
                # Consent first: before it only the coach's questions and the student's button
                # presses and bare commands are kept (so a reload shows where the conversation
                # is), never typed words; a declined consent leaves nothing at all.
                if any(a.template == "onboarding/consent_declined" for a in answers):
                    await transcript.prune(user.id, 0)
                    await uow.commit()
                    return _transient([*messages, *answers], self._clock.now())
                if messages and not typed.payload:
                    command = typed.text.split()[0] if typed.text.startswith("/") else ""
                    shown = _transient(messages, self._clock.now()) if not command else []
                    messages = [NewMessage("student", "text", command)] if command else []
            if len(typed.text) > ENGINE_MAX_TEXT:
                notice = render("web/long_message", user.locale, limit=ENGINE_MAX_TEXT)
                messages.append(NewMessage("coach", "text", notice, "web/long_message"))
            stored = await _store(transcript, user.id, [*messages, *answers], self._clock.now())
            await transcript.prune(user.id, KEEP_MESSAGES)
            await uow.commit()
            return [*shown, *stored]

    async def _student_words(
        self, transcript: WebTranscript, web_key: str, typed: TypedInput
    ) -> str:
        """What the student's bubble shows: their text, or the label of the button pressed."""
        if not typed.payload:
            text = typed.text
            return text if len(text) <= SHOWN_STUDENT_CHARS else text[:SHOWN_STUDENT_CHARS] + "…"
        pressed = await _pressed(transcript, web_key, typed.payload)
        if pressed is None:
            return ""  # a button we never showed (forged or long gone): no bubble
        return choice_label(pressed.choices, typed.payload) or ""

    async def _read(self, query: Callable[[UnitOfWork], Awaitable[T]]) -> T:
        """Run a read in its own unit of work, again after a database blip (reads only: running
        them twice is safe)."""

        async def once() -> T:
            async with self._uow() as uow:
                return await query(uow)

        return await retrying(once)

    async def history(self, web_key: str, since: int | None) -> list[TranscriptMessage]:
        """Messages newer than `since`, or the latest page of them when `since` is None."""
        if since is None:
            return await self._read(lambda uow: uow.web_chat.recent(web_key, PAGE_MESSAGES))
        return await self._read(lambda uow: uow.web_chat.after(web_key, since, POLL_LIMIT))

    async def file(self, web_key: str, message_id: int) -> tuple[str, str, bytes] | None:
        """A document offered to this browser, or None."""
        return await self._read(lambda uow: uow.web_chat.file(web_key, message_id))

    async def locale(self, web_key: str | None, fallback: str | None) -> str:
        """The language of the page: the student's, else the browser's, else the fallback."""
        if web_key is not None:
            user = await self._read(
                lambda uow: uow.users.find_by_identity(ChannelKind.WEB.value, web_key)
            )
            if user is not None:
                return user.locale
        return normalize_locale(fallback)


class WebChatChannel:
    """Delivers pushed replies to a web chat by adding them to its transcript."""

    name = ChannelKind.WEB.value
    capabilities = WEB_CAPABILITIES

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def send(self, to: ChannelRef, reply: Reply) -> str | None:
        """Store the reply for the browser's next poll; returns the message id."""
        message = coach_message(reply)
        if message is None:
            return None
        async with self._uow() as uow:
            transcript = uow.web_chat
            user_id = await transcript.user_id(to.user_key)
            if user_id is None:
                raise RecipientUnreachable("no web chat with this id")
            stored = await transcript.append(user_id, [message], self._clock.now())
            await transcript.prune(user_id, KEEP_MESSAGES)
            await uow.commit()
        return str(stored[0].id)

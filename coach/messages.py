"""Channel-independent messages: what a channel hands the engine and what it gets back.

A channel turns a native update (Telegram update, Discord interaction, web request, terminal line)
into an `InboundEvent`; the dialogue engine answers with `Reply` objects that every channel can
render in its own way (inline keyboard, Discord view, HTML buttons, numbered list).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class ChannelKind(StrEnum):
    """The channels a student can reach the coach through."""

    TELEGRAM = "telegram"
    DISCORD = "discord"
    WEB = "web"
    CONSOLE = "console"


class EventKind(StrEnum):
    """What the student did."""

    TEXT = "text"  # free text
    COMMAND = "command"  # /today, /start ...
    CHOICE = "choice"  # pressed a button; `payload` holds the choice data
    POLL_ANSWER = "poll_answer"  # answered a native quiz poll; `payload` holds poll id and option
    FILE = "file"  # sent a document or photo


@dataclass(frozen=True, slots=True)
class ChannelRef:
    """Where a message came from and where replies go.

    `user_key` identifies the person on that channel (Telegram user id, Discord user id, web
    cookie); `chat_key` is the conversation to answer in (a private chat, a DM, a guild channel).
    """

    channel: ChannelKind
    user_key: str
    chat_key: str
    is_group: bool = False


@dataclass(frozen=True, slots=True)
class InboundEvent:
    """One thing a student did, in channel-neutral form."""

    ref: ChannelRef
    kind: EventKind
    received_at: datetime
    text: str = ""
    command: str = ""
    args: tuple[str, ...] = ()
    payload: str = ""
    locale_hint: str | None = None
    display_name: str | None = None
    group_key: str | None = None  # the server or group the event came from, when in one
    attachment: str | None = None  # the platform's id of a photo sent with the text
    # The platform's id of the message whose button was pressed (CHOICE events), so a reply
    # can replace that message instead of adding one (`Reply.replaces`).
    message_key: str | None = None
    # Who the coach is on this platform, for a line that points to the private chat.
    bot_name: str | None = None
    bot_link: str | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """A button the student can press; `payload` comes back in a CHOICE event."""

    label: str
    payload: str
    style: str = "default"  # default | primary | danger — a hint, channels may ignore it


class ReplyKind(StrEnum):
    """How a reply should be shown."""

    TEXT = "text"
    QUIZ = "quiz"  # a multiple-choice question; `quiz` holds it
    DOCUMENT = "document"  # a file; `document` holds it
    PHOTO = "photo"  # a picture (a figure, a progress card); `document` holds the image and
    # `meta["alt"]` describes it for text-only channels; `text` is its caption
    TYPING = "typing"  # a "working on it" indicator before a slow step


@dataclass(frozen=True, slots=True)
class QuizSpec:
    """A multiple-choice question to show natively where the channel can (Telegram quiz poll)."""

    question_key: str
    question: str
    options: tuple[str, ...]
    correct_index: int
    explanation: str = ""
    skip_label: str = ""


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    """A file sent to the student (data export, calendar) or a picture (PNG)."""

    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class Reply:
    """One message from the coach.

    `text` is already rendered from the template `template` (kept for tests and analytics);
    `choices` are rows of buttons. `replaces` names the message (`InboundEvent.message_key`)
    this reply shows again, changed, in place of a new one: a channel edits that message and
    sends a new one only when it cannot.
    """

    text: str
    template: str = ""
    choices: tuple[tuple[Choice, ...], ...] = ()
    kind: ReplyKind = ReplyKind.TEXT
    quiz: QuizSpec | None = None
    document: DocumentSpec | None = None
    ephemeral: bool = False
    meta: Mapping[str, Any] = field(default_factory=dict)
    replaces: str | None = None

    @property
    def flat_choices(self) -> tuple[Choice, ...]:
        """Every choice, row after row."""
        return tuple(choice for row in self.choices for choice in row)


def photo(
    content: bytes, filename: str, *, caption: str = "", alt: str = "", template: str = ""
) -> Reply:
    """A picture reply: `caption` is shown with it, `alt` describes it where it cannot be seen."""
    return Reply(
        text=caption,
        template=template,
        kind=ReplyKind.PHOTO,
        document=DocumentSpec(filename, content, "image/png"),
        meta={"alt": alt},
    )


@dataclass(frozen=True, slots=True)
class AccountView:
    """What the channel may want to know after a turn about the account it served."""

    private_reachable: bool  # the coach can write to the student privately
    group_locale: str | None = None  # the language the group set up (Discord /setup)
    group_coach_chat: str | None = None  # the group's coach channel, if any


class Replies(list[Reply]):
    """The engine's replies to one event, with what it knows about the account afterwards."""

    def __init__(self, replies: Iterable[Reply], account: AccountView) -> None:
        super().__init__(replies)
        self.account = account

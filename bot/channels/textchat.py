"""What the web chat and the terminal chat share: turning typed input into events, and quiz
replies into buttons.

Both channels show a multiple-choice question as buttons. When the engine sends a `QUIZ` reply
(meant for native quiz polls), its options become buttons whose payload starts with
`QUIZ_PAYLOAD_PREFIX`; pressing one sends the engine a `POLL_ANSWER`, the event a native poll
would have produced, so no extra engine code is needed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from coach.messages import ChannelRef, Choice, EventKind, InboundEvent, Reply, ReplyKind

QUIZ_PAYLOAD_PREFIX = "@quiz:"
QUIZ_LETTERS = "ABCDEFGHIJ"
MAX_INPUT_CHARS = 10_000  # a longer message is cut here before anything else looks at it
MAX_PAYLOAD_CHARS = 128
MAX_ARGS = 16


@dataclass(frozen=True, slots=True)
class TypedInput:
    """What a student sent, bounded: free text (maybe a /command) or a pressed button."""

    text: str = ""
    payload: str = ""
    was_cut: bool = False

    @property
    def is_empty(self) -> bool:
        """Nothing to send (only whitespace, or nothing at all)."""
        return not self.text and not self.payload


def bounded_input(text: str | None = None, payload: str | None = None) -> TypedInput:
    """Cut text to `MAX_INPUT_CHARS` and drop NUL bytes; a payload wins over text."""
    if payload:
        return TypedInput(payload=payload.strip()[:MAX_PAYLOAD_CHARS])
    raw = (text or "").replace("\x00", "")
    cut = raw[:MAX_INPUT_CHARS]
    return TypedInput(text=cut.strip(), was_cut=len(raw) > MAX_INPUT_CHARS)


def build_event(
    ref: ChannelRef,
    typed: TypedInput,
    now: datetime,
    *,
    locale_hint: str | None = None,
    display_name: str | None = None,
) -> InboundEvent:
    """The engine event for a pressed button, a `/command args` line or free text."""
    base = InboundEvent(
        ref=ref,
        kind=EventKind.TEXT,
        received_at=now,
        locale_hint=locale_hint,
        display_name=display_name or None,
    )
    if typed.payload.startswith(QUIZ_PAYLOAD_PREFIX):
        answer = typed.payload.removeprefix(QUIZ_PAYLOAD_PREFIX)
        return replace(base, kind=EventKind.POLL_ANSWER, payload=answer)
    if typed.payload:
        return replace(base, kind=EventKind.CHOICE, payload=typed.payload)
    text = typed.text
    if text.startswith("/") and len(text) > 1 and not text[1].isspace():
        name, *args = text[1:].split()
        return replace(
            base, kind=EventKind.COMMAND, text=text, command=name, args=tuple(args[:MAX_ARGS])
        )
    return replace(base, text=text)


def reply_choices(reply: Reply) -> tuple[tuple[Choice, ...], ...]:
    """The buttons to show under a reply: a quiz's options (one per row) and then its own."""
    if reply.kind is not ReplyKind.QUIZ or reply.quiz is None:
        return reply.choices
    quiz = reply.quiz
    options = tuple(
        (
            Choice(
                f"{QUIZ_LETTERS[index]}) {option}",
                f"{QUIZ_PAYLOAD_PREFIX}{quiz.question_key}:{index}",
            ),
        )
        for index, option in enumerate(quiz.options[: len(QUIZ_LETTERS)])
    )
    return options + reply.choices


def reply_text(reply: Reply) -> str:
    """The text to show for a reply (a quiz shows its question)."""
    if reply.kind is ReplyKind.QUIZ and reply.quiz is not None:
        return reply.quiz.question or reply.text
    return reply.text


def choice_label(rows: tuple[tuple[Choice, ...], ...], payload: str) -> str | None:
    """The label of the button with this payload, if it is among `rows`."""
    for row in rows:
        for choice in row:
            if choice.payload == payload:
                return choice.label
    return None

"""Use cases of the AI tutor: start a conversation, keep its messages, read the budget, and
the read a human tutor's hand-off calls (`tutor_transcript`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from coach.aitutor.model import TranscriptLine, TutorConversation
from coach.aitutor.ports import NewConversation, NewLine
from coach.aitutor.text import mask_contacts
from coach.core.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class StartTutoring:
    """Open a conversation about a question (from a quiz) or a topic (from /stuck)."""

    user_id: int
    pack_id: str
    topic_id: str
    question_ref: str
    origin: str


@dataclass(frozen=True, slots=True)
class KeepLine:
    """One message of a conversation; contact details are masked before it is stored."""

    conversation_id: int
    user_id: int
    role: str
    text: str
    move: str = ""
    source: str = ""
    citations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EndTutoring:
    """The student closed the conversation (or it reached the end of the solution)."""

    conversation_id: int
    user_id: int


@dataclass(frozen=True, slots=True)
class ModelCallsToday:
    """How many model calls the student caused since their local midnight."""

    user_id: int
    timezone: str


@dataclass(frozen=True, slots=True)
class TranscriptFor:
    """The AI-tutor conversations of a student on a topic, for a human tutor's packet."""

    user_id: int
    topic_id: str
    limit: int = 3


@dataclass(frozen=True, slots=True)
class ConversationOf:
    """One conversation of a student."""

    conversation_id: int
    user_id: int


async def start_tutoring(uow: UnitOfWork, now: datetime, command: StartTutoring) -> int:
    """Store a new tutoring conversation; returns its id."""
    return await uow.aitutor.start(
        NewConversation(
            command.user_id,
            command.pack_id,
            command.topic_id,
            command.question_ref,
            command.origin,
            now,
        )
    )


async def keep_line(uow: UnitOfWork, now: datetime, command: KeepLine) -> None:
    """Append one message (masked) to the conversation."""
    line = TranscriptLine(
        command.role,
        mask_contacts(command.text)[:4000],
        now,
        command.move,
        command.source,
        command.citations,
    )
    await uow.aitutor.add_line(NewLine(command.conversation_id, command.user_id, line))


async def end_tutoring(uow: UnitOfWork, now: datetime, command: EndTutoring) -> None:
    """Mark the conversation finished."""
    await uow.aitutor.end(command.conversation_id, command.user_id, now)


async def model_calls_today(uow: UnitOfWork, now: datetime, query: ModelCallsToday) -> int:
    """Model calls the student caused since midnight in their time zone."""
    local = now.astimezone(ZoneInfo(query.timezone))
    midnight = datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)
    return await uow.aitutor.model_calls_since(query.user_id, midnight)


async def conversation(
    uow: UnitOfWork, now: datetime, query: ConversationOf
) -> TutorConversation | None:
    """One conversation of the student, with its messages."""
    return await uow.aitutor.get(query.conversation_id, query.user_id)


async def tutor_transcript(
    uow: UnitOfWork, now: datetime, query: TranscriptFor
) -> Sequence[TutorConversation]:
    """What the student and the AI tutor said about a topic, newest conversation first: the
    human tutor's hand-off packet shows it (the caller checks the tutor may see this student)."""
    return await uow.aitutor.for_topic(query.user_id, query.topic_id, max(1, query.limit))

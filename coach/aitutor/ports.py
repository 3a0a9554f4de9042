"""Ports of the AI tutor: the chat model (optional) and the store of tutoring conversations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from coach.aitutor.model import TranscriptLine, TutorConversation


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One message of a chat with the model: role is system, user or assistant."""

    role: str
    content: str


class TutorModel(Protocol):
    """A chat model behind any OpenAI-compatible endpoint (the outer layer uses LangChain)."""

    async def chat(self, messages: Sequence[ChatMessage], *, max_tokens: int = 300) -> str:
        """The model's answer; raises on failure so the tutor can fall back to the pack."""
        ...


@dataclass(frozen=True, slots=True)
class NewConversation:
    """A tutoring conversation about to start."""

    user_id: int
    pack_id: str
    topic_id: str
    question_ref: str
    origin: str
    started_at: datetime


@dataclass(frozen=True, slots=True)
class NewLine:
    """A message to add to a conversation."""

    conversation_id: int
    user_id: int
    line: TranscriptLine


class AiTutorRepository(Protocol):
    """Tutoring conversations and their messages (personal data: exported and deleted)."""

    async def start(self, conversation: NewConversation) -> int:
        """Store a new conversation; returns its id."""
        ...

    async def add_line(self, line: NewLine) -> None:
        """Append one message to a conversation."""
        ...

    async def end(self, conversation_id: int, user_id: int, at: datetime) -> None:
        """Mark a conversation of this student finished."""
        ...

    async def get(self, conversation_id: int, user_id: int) -> TutorConversation | None:
        """A conversation of this student with its messages (None when not theirs)."""
        ...

    async def for_topic(
        self, user_id: int, topic_id: str, limit: int
    ) -> Sequence[TutorConversation]:
        """The student's newest conversations on a topic, newest first, with their messages."""
        ...

    async def model_calls_since(self, user_id: int, since: datetime) -> int:
        """How many coach messages of this student since `since` cost a model call."""
        ...

"""AI-tutor conversations and their messages (personal data: exported and deleted)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class AiTutorConversationRow(Base):
    """One "Explain it to me" conversation about a question of a topic."""

    __tablename__ = "ai_tutor_conversations"
    __table_args__ = (Index("ix_ai_tutor_conversations_user_topic", "user_id", "topic_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    pack_id: Mapped[str] = mapped_column(String(64))
    topic_id: Mapped[str] = mapped_column(String(128))
    question_ref: Mapped[str] = mapped_column(String(160))
    origin: Mapped[str] = mapped_column(String(16))  # quiz | stuck
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class AiTutorLineRow(Base):
    """One message of a conversation: the student's (masked) or the tutor's, with its source."""

    __tablename__ = "ai_tutor_lines"
    __table_args__ = (Index("ix_ai_tutor_lines_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("ai_tutor_conversations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))  # student | coach
    move: Mapped[str] = mapped_column(String(24))
    source: Mapped[str] = mapped_column(String(24))  # pack | model | model_rejected | ...
    text: Mapped[str] = mapped_column(Text)
    citations: Mapped[list[Any]]
    created_at: Mapped[datetime]

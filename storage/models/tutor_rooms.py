"""Rooms of escalations: the forum topic in the operator's tutor supergroup where the assigned
tutor talks to the student (one per escalation); `user_id` is the student."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class EscalationRoomRow(Base):
    """Where an escalation's tutor writes: a chat and the topic (thread) in it."""

    __tablename__ = "escalation_rooms"
    __table_args__ = (Index("ix_escalation_rooms_place", "channel", "chat_key", "thread_key"),)

    escalation_id: Mapped[int] = mapped_column(
        ForeignKey("escalations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    tutor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(16))
    chat_key: Mapped[str] = mapped_column(String(64))
    thread_key: Mapped[str | None] = mapped_column(String(64))  # None until the topic exists
    name: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))  # pending | open | closed | failed
    error: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

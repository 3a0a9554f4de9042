"""Human tutors: invitations, tutor profiles, escalations, the tutors asked, and every message
relayed between a student and their tutor (kept for safety, visible to the operator)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class TutorInviteRow(Base):
    """An operator's one-time code (stored hashed); `user_id` is who used it."""

    __tablename__ = "tutor_invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    subjects: Mapped[list[Any]]
    languages: Mapped[list[Any]]
    capacity: Mapped[int] = mapped_column(Integer, default=2)
    may_take_minors: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))


class TutorProfileRow(Base):
    """A tutor: subjects (pack subject ids), languages, weekly availability, capacity."""

    __tablename__ = "tutor_profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(64))
    subjects: Mapped[list[Any]]
    languages: Mapped[list[Any]]
    availability: Mapped[dict[str, Any]]
    timezone: Mapped[str] = mapped_column(String(64))
    capacity: Mapped[int] = mapped_column(Integer)
    may_take_minors: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))  # active | paused | removed
    rating_sum: Mapped[int] = mapped_column(Integer, default=0)
    rating_count: Mapped[int] = mapped_column(Integer, default=0)
    last_asked_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class EscalationRow(Base):
    """A student's need for a tutor on a topic; `user_id` is the student."""

    __tablename__ = "escalations"
    __table_args__ = (
        Index("ix_escalations_user_state", "user_id", "state"),
        Index("ix_escalations_tutor_state", "tutor_user_id", "state"),
        Index("ix_escalations_state", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    tutor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    pack_id: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str] = mapped_column(String(128))
    topic_id: Mapped[str] = mapped_column(String(128))
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(16))
    signals: Mapped[list[Any]]
    minor: Mapped[bool] = mapped_column(Boolean)
    locale: Mapped[str] = mapped_column(String(8))
    student_words: Mapped[str] = mapped_column(Text, default="")
    wave: Mapped[int] = mapped_column(Integer, default=0)
    wave_started_at: Mapped[datetime | None]
    rating: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    ai_conversation_id: Mapped[int | None] = mapped_column(Integer)
    booked_for: Mapped[datetime | None]  # a booked session's start
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class EscalationAskRow(Base):
    """One tutor asked to take an escalation; `user_id` is the tutor."""

    __tablename__ = "escalation_asks"
    __table_args__ = (UniqueConstraint("escalation_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    escalation_id: Mapped[int] = mapped_column(
        ForeignKey("escalations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    wave: Mapped[int] = mapped_column(Integer)
    answer: Mapped[str] = mapped_column(String(16))
    asked_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]


class EscalationMessageRow(Base):
    """A relayed message; `user_id` is the student whose escalation it belongs to."""

    __tablename__ = "escalation_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    escalation_id: Mapped[int] = mapped_column(
        ForeignKey("escalations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    speaker: Mapped[str] = mapped_column(String(16))  # student | tutor
    text: Mapped[str] = mapped_column(Text)
    photo: Mapped[str | None] = mapped_column(String(256))
    created_at: Mapped[datetime]


class TutorBlockRow(Base):
    """A student blocked (or reported) a tutor; `user_id` is the student. A blocked tutor is
    never asked for that student again; reports are for the operator to read."""

    __tablename__ = "tutor_blocks"
    __table_args__ = (UniqueConstraint("user_id", "tutor_user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    tutor_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    escalation_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # block | report
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]


class TutorConsoleTokenRow(Base):
    """A tutor's one-time console link, or the session it became (both stored hashed);
    `user_id` is the tutor."""

    __tablename__ = "tutor_console_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # link | session
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

"""Live Q&A sessions: the session, who said they would come, questions and their upvotes, and
the announcements made in groups (a Telegram supergroup post, a Discord scheduled event)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class QaSessionRow(Base):
    """A session an expert holds on a subject at a time; `user_id` is the hosting tutor (None
    when an operator scheduled it from the command line)."""

    __tablename__ = "qa_sessions"
    __table_args__ = (Index("ix_qa_sessions_status_starts", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    host_name: Mapped[str] = mapped_column(String(64))
    pack_id: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str] = mapped_column(String(128))
    topic_id: Mapped[str | None] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(String(120))
    starts_at: Mapped[datetime]
    minutes: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))  # how group announcements show the time
    status: Mapped[str] = mapped_column(String(16))  # scheduled | held | cancelled
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]


class QaAttendeeRow(Base):
    """A student who said they would come (they get a reminder)."""

    __tablename__ = "qa_attendees"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("qa_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime]


class QaQuestionRow(Base):
    """A question collected before the session; shown to others without its author."""

    __tablename__ = "qa_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("qa_sessions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]


class QaVoteRow(Base):
    """One student's upvote of one question (once each)."""

    __tablename__ = "qa_votes"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("qa_questions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime]


class QaAnnouncementRow(Base):
    """A session announced in one group: pending until the platform call succeeds."""

    __tablename__ = "qa_announcements"
    __table_args__ = (Index("ix_qa_announcements_status", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("qa_sessions.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(16))  # telegram | discord
    group_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))  # pending | done | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    platform_id: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

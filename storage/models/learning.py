"""Adaptive learning: quiz answers, review cards, feedback, decisions, time estimates, mocks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base

_USER_FK = "users.id"


class QuizAttemptRow(Base):
    """One answered question of a quiz, with its response time and the mastery it moved."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (
        Index("ix_quiz_attempts_user_topic", "user_id", "pack_id", "topic_id", "answered_at"),
        Index("ix_quiz_attempts_pack", "pack_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"))
    pack_id: Mapped[str] = mapped_column(String(64))
    topic_id: Mapped[str] = mapped_column(String(128))
    quiz_ref: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    question_ref: Mapped[str] = mapped_column(String(160))
    difficulty: Mapped[int] = mapped_column(Integer)
    correct: Mapped[bool] = mapped_column(Boolean)
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    response_ms: Mapped[int | None] = mapped_column(Integer)
    mastery_before: Mapped[float] = mapped_column(Float)
    mastery_after: Mapped[float] = mapped_column(Float)
    answered_at: Mapped[datetime]


class ReviewCardRow(Base):
    """The FSRS card of one topic of one student (fsrs JSON)."""

    __tablename__ = "review_cards"

    user_id: Mapped[int] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"), primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    topic_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    card: Mapped[str] = mapped_column(Text)
    due: Mapped[datetime]
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime]


class FeedbackRow(Base):
    """A rating (1-5), a too easy / too hard, or a comment on a lesson, session or resource."""

    __tablename__ = "feedback"
    __table_args__ = (
        Index("ix_feedback_user", "user_id", "pack_id", "created_at"),
        Index("ix_feedback_target", "pack_id", "topic_id", "target_kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"))
    pack_id: Mapped[str] = mapped_column(String(64))
    target_kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[str] = mapped_column(String(160))
    topic_id: Mapped[str | None] = mapped_column(String(128))
    resource_type: Mapped[str | None] = mapped_column(String(16))
    rating: Mapped[int | None] = mapped_column(Integer)
    difficulty: Mapped[str | None] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class DecisionRow(Base):
    """What the coach decided for a student and why (shown by /why)."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_user", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"))
    pack_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(24))
    topic_id: Mapped[str | None] = mapped_column(String(128))
    reason_code: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class LessonTimeEstimateRow(Base):
    """A student's learned lesson pace (scope "*") or a topic's time adjustment."""

    __tablename__ = "lesson_time_estimates"

    user_id: Mapped[int] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"), primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    scope: Mapped[str] = mapped_column(String(128), primary_key=True)
    factor: Mapped[float] = mapped_column(Float)
    samples: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime]


class MockResultRow(Base):
    """A mock exam the student entered: counts per test or topic and the total net."""

    __tablename__ = "mock_results"
    __table_args__ = (Index("ix_mock_results_user", "user_id", "pack_id", "taken_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"))
    pack_id: Mapped[str] = mapped_column(String(64))
    taken_on: Mapped[datetime]
    entries: Mapped[list[Any]]
    net: Mapped[float] = mapped_column(Float)

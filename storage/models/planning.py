"""Study plans, their sessions, assessment results, mastery and lesson progress."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base

_USER_FK = "users.id"


class StudyPlanRow(Base):
    """A plan: a draft preview until the student activates it, then active, later archived."""

    __tablename__ = "study_plans"
    __table_args__ = (Index("ix_study_plans_user_status", "user_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"))
    pack_id: Mapped[str] = mapped_column(String(64))
    track: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    start_date: Mapped[date] = mapped_column(Date)
    exam_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime]
    activated_at: Mapped[datetime | None]
    summary: Mapped[dict[str, Any]]


class StudySessionRow(Base):
    """One planned block of study (or a break day) and what became of it."""

    __tablename__ = "study_sessions"
    __table_args__ = (
        Index("ix_study_sessions_user_date", "user_id", "date"),
        Index("ix_study_sessions_plan_date", "plan_id", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("study_plans.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    date: Mapped[date] = mapped_column(Date)
    start: Mapped[time | None] = mapped_column(Time)
    minutes: Mapped[int] = mapped_column(Integer)
    subject_id: Mapped[str | None] = mapped_column(String(128))
    topic_id: Mapped[str | None] = mapped_column(String(128))
    lesson_id: Mapped[str | None] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(Text, default="")
    reason_data: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    completed_at: Mapped[datetime | None]
    minutes_spent: Mapped[int | None] = mapped_column(Integer)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    difficulty_rating: Mapped[int | None] = mapped_column(Integer)


class AssessmentResultRow(Base):
    """How a student did on one subject or topic of the initial assessment."""

    __tablename__ = "assessment_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"), index=True)
    pack_id: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str] = mapped_column(String(128))
    topic_id: Mapped[str | None] = mapped_column(String(128))
    asked: Mapped[int] = mapped_column(Integer)
    correct: Mapped[int] = mapped_column(Integer)
    skipped: Mapped[int] = mapped_column(Integer)
    mastery: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime]


class TopicMasteryRow(Base):
    """The coach's current belief of how well a student knows a topic."""

    __tablename__ = "topic_mastery"

    user_id: Mapped[int] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"), primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    topic_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    mastery: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[datetime]


class LessonProgressRow(Base):
    """A student's progress through one lesson."""

    __tablename__ = "lesson_progress"

    user_id: Mapped[int] = mapped_column(ForeignKey(_USER_FK, ondelete="CASCADE"), primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    minutes_spent: Mapped[int] = mapped_column(Integer, default=0)
    completed_at: Mapped[datetime | None]

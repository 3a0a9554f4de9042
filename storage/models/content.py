"""Content packs in the database: exam structure, subjects, topics, lessons, questions, resources.

Rows are keyed by (pack_id, id) with the pack's own ids. A re-import updates rows in place and
marks rows that left the pack as retired instead of deleting them, so plans, progress and answers
that point at them stay valid.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class ContentPackRow(Base):
    """An imported content pack and the version and checksum of what was imported."""

    __tablename__ = "content_packs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    checksum: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime]


class _PackItem:
    """Columns every pack item shares."""

    pack_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("content_packs.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class ExamRow(_PackItem, Base):
    """The exam of a pack; sessions, tests, net rule and score types are kept as JSON."""

    __tablename__ = "exams"

    name: Mapped[str] = mapped_column(String(200))
    structure: Mapped[dict[str, Any]]


class SubjectRow(_PackItem, Base):
    """A subject, belonging to one test of the exam."""

    __tablename__ = "subjects"

    test_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))


class TopicRow(_PackItem, Base):
    """A topic of a subject, with its weight in the exam and its prerequisites."""

    __tablename__ = "topics"

    subject_id: Mapped[str] = mapped_column(String(128), index=True)
    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    expected_questions: Mapped[float] = mapped_column(Float)
    difficulty: Mapped[int] = mapped_column(Integer)
    prerequisites: Mapped[list[Any]]
    position: Mapped[int] = mapped_column(Integer, default=0)


class LessonRow(_PackItem, Base):
    """A lesson of a topic, in curriculum order."""

    __tablename__ = "lessons"

    topic_id: Mapped[str] = mapped_column(String(128), index=True)
    title: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    minutes: Mapped[int] = mapped_column(Integer)
    order: Mapped[int] = mapped_column(Integer)


class QuestionRow(_PackItem, Base):
    """A multiple-choice question of the bank."""

    __tablename__ = "questions"

    topic_id: Mapped[str] = mapped_column(String(128), index=True)
    stem: Mapped[str] = mapped_column(Text)
    options: Mapped[list[Any]]
    answer: Mapped[int] = mapped_column(Integer)
    explanation: Mapped[str] = mapped_column(Text)
    difficulty: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(200))
    license: Mapped[str] = mapped_column(String(100))


class ResourceRow(_PackItem, Base):
    """A study resource of a topic: a link, or a text we ship (summary sheets)."""

    __tablename__ = "resources"

    topic_id: Mapped[str] = mapped_column(String(128), index=True)
    type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(8))
    minutes: Mapped[int] = mapped_column(Integer)
    url: Mapped[str | None] = mapped_column(String(1000))
    body: Mapped[str | None] = mapped_column(Text)
    verified: Mapped[bool] = mapped_column(Boolean, default=True)

"""Weekly challenges: a student's challenge of a week, a group place's challenge of a week and
the members who joined it (with what each did towards it)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class WeeklyChallengeRow(Base):
    """A student's challenge of the week starting on `week` (a Monday in their zone)."""

    __tablename__ = "weekly_challenges"
    __table_args__ = (UniqueConstraint("user_id", "week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    week: Mapped[date] = mapped_column(Date)
    pack_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(24))
    target: Mapped[int] = mapped_column(Integer)
    topic_id: Mapped[str | None] = mapped_column(String(120))
    subject_id: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16))
    progress: Mapped[int] = mapped_column(Integer, default=0)
    swaps: Mapped[int] = mapped_column(Integer, default=0)
    offered_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]


class GroupChallengeRow(Base):
    """A group place's shared challenge of one week; no person is named here (members are
    `group_challenge_members`, deleted with their data)."""

    __tablename__ = "group_challenges"
    __table_args__ = (UniqueConstraint("channel", "place_key", "week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    place_key: Mapped[str] = mapped_column(String(64))
    chat_key: Mapped[str] = mapped_column(String(96))
    week: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(24))
    target: Mapped[int] = mapped_column(Integer)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]


class GroupChallengeMemberRow(Base):
    """A member who joined a group's challenge, and the sessions they did towards it."""

    __tablename__ = "group_challenge_members"

    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("group_challenges.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    count: Mapped[int] = mapped_column(Integer, default=0)
    joined_at: Mapped[datetime]

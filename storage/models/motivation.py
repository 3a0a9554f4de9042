"""Motivation: the append-only XP ledger, the study days streaks fold over, earned badges."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class XpLedgerRow(Base):
    """One award: never updated or deleted (except with the student's data). `key` names the
    event that earned it, unique per student, so a replayed event earns nothing."""

    __tablename__ = "xp_ledger"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(24))
    requested: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)  # after the daily cap
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    study_day: Mapped[date] = mapped_column(Date)
    local_hour: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]


class StudyDayRow(Base):
    """What a student did on one of their study days (fixed when recorded)."""

    __tablename__ = "study_days"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    sessions: Mapped[int] = mapped_column(Integer, default=0)
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    ill: Mapped[bool] = mapped_column(Boolean, default=False)


class BadgeEarnedRow(Base):
    """A badge a student earned."""

    __tablename__ = "badges_earned"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    badge_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    earned_at: Mapped[datetime]


class LeagueEntryRow(Base):
    """A student's place in one week's league; `result` is set once, when the week closes."""

    __tablename__ = "league_entries"
    __table_args__ = (Index("ix_league_entries_week_league", "week", "league_key"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    week: Mapped[date] = mapped_column(Date, primary_key=True)  # the Monday
    pack_id: Mapped[str] = mapped_column(String(64))
    minor: Mapped[bool] = mapped_column(Boolean)
    tier: Mapped[int] = mapped_column(Integer)
    league_key: Mapped[str] = mapped_column(String(120))
    result: Mapped[str | None] = mapped_column(String(16))
    week_xp: Mapped[int | None] = mapped_column(Integer)
    rank: Mapped[int | None] = mapped_column(Integer)

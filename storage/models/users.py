"""Users, their channel identities and their profiles (exam goal and study constraints)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class UserRow(Base):
    """A person known to the coach; one row across all their channels."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(8), default="tr")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Istanbul")
    age_band: Mapped[str | None] = mapped_column(String(16))
    consent_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="active")
    paused_until: Mapped[date | None] = mapped_column(Date)
    role: Mapped[str] = mapped_column(String(16), default="student")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime | None]


class ChannelIdentityRow(Base):
    """One account of a user on one channel (Telegram, Discord, web, console)."""

    __tablename__ = "channel_identities"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    chat_id: Mapped[str] = mapped_column(String(128))
    reachable: Mapped[bool] = mapped_column(Boolean, default=True)
    unreachable_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]


class ProfileRow(Base):
    """A student's exam goal, free time and notification preferences."""

    __tablename__ = "profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    pack_id: Mapped[str] = mapped_column(String(64))
    track: Mapped[str] = mapped_column(String(32))
    exam_date: Mapped[date] = mapped_column(Date)
    start_date: Mapped[date] = mapped_column(Date)
    availability: Mapped[dict[str, Any]]
    windows: Mapped[dict[str, Any]]
    blackout_dates: Mapped[list[Any]]
    break_days_per_week: Mapped[int] = mapped_column(Integer, default=1)
    break_weekday: Mapped[str | None] = mapped_column(String(3))
    session_min: Mapped[int] = mapped_column(Integer, default=25)
    session_max: Mapped[int] = mapped_column(Integer, default=60)
    target_kind: Mapped[str | None] = mapped_column(String(16))
    target_value: Mapped[str | None] = mapped_column(String(300))
    reminder_lead_minutes: Mapped[int] = mapped_column(Integer, default=15)
    checkin_time: Mapped[time] = mapped_column(Time)
    quiet_start: Mapped[time] = mapped_column(Time)
    quiet_end: Mapped[time] = mapped_column(Time)
    max_pushes_per_day: Mapped[int] = mapped_column(Integer, default=6)
    opt_outs: Mapped[list[Any]]
    day_factors: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]

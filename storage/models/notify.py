"""The outbox of pushes and the bookkeeping of the jobs that fill it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit id.
_ID = BigInteger().with_variant(Integer(), "sqlite")
_WAITING = text("status IN ('queued', 'leased')")


class OutboxRow(Base):
    """One push: what, to whom, when; claimed under a lease and acknowledged with a message id.

    `next_attempt_at` is when the row may next be claimed: the due time, a retry time, or the
    end of the current lease, so one small partial index serves the dispatcher's claim query.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index(
            "ix_outbox_claim",
            "channel",
            "next_attempt_at",
            postgresql_where=_WAITING,
            sqlite_where=_WAITING,
        ),
        Index("ix_outbox_user_day", "user_id", "local_date"),
        Index("ix_outbox_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    user_key: Mapped[str] = mapped_column(String(128))
    chat_key: Mapped[str] = mapped_column(String(128))
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(32))
    template: Mapped[str] = mapped_column(String(128))
    locale: Mapped[str] = mapped_column(String(8))
    context: Mapped[dict[str, Any]]
    choices: Mapped[list[Any]]
    status: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    local_date: Mapped[date] = mapped_column(Date)
    solicited: Mapped[bool] = mapped_column(Boolean, default=False)
    lease_token: Mapped[str | None] = mapped_column(String(36))
    lease_expires_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    platform_message_id: Mapped[str | None] = mapped_column(String(128))
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class NotifyJobRunRow(Base):
    """When a producer job last completed, so the next run knows which due moments it missed."""

    __tablename__ = "notify_job_runs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_run_at: Mapped[datetime]

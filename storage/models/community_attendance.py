"""The roll of group study sessions: one row per member and planned session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class GroupAttendanceRow(Base):
    """Whether one member attended one group session; `attended` is None until their
    check-in of that day settles it (once)."""

    __tablename__ = "group_session_attendance"
    __table_args__ = (
        UniqueConstraint("group_id", "user_id", "starts_at"),
        Index("ix_group_session_attendance_user", "user_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("study_groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    attended: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    checked_at: Mapped[datetime | None]

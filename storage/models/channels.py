"""Channel bookkeeping that frameworks would otherwise keep in memory (sent quiz polls)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class ChannelPollRow(Base):
    """A native quiz poll the coach sent, so a `poll_answer` (which names only the poll) can be
    traced back to the question and the student, in any process and after a restart."""

    __tablename__ = "channel_polls"

    poll_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_key: Mapped[str] = mapped_column(String(128))
    user_key: Mapped[str] = mapped_column(String(128), index=True)
    question_key: Mapped[str] = mapped_column(String(128))
    options: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(index=True)

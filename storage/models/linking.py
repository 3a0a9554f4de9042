"""One-time link codes (one student across channels) and group (Discord server) settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class LinkCodeRow(Base):
    """A code that joins another channel account to `user_id`; only its SHA-256 is kept."""

    __tablename__ = "link_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    # The account asked to confirm a merge that replaces its data; cleared if it is deleted.
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class GroupSettingsRow(Base):
    """A group's coach channel and language (a Discord server set up with /setup)."""

    __tablename__ = "group_settings"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    group_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    coach_chat_id: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime]

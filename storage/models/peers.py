"""Peer profiles: the pseudonym other students see and the peer features opted in to."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class PeerProfileRow(Base):
    """One student's peer profile."""

    __tablename__ = "peer_profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    pseudonym: Mapped[str | None] = mapped_column(String(32))
    opted_in: Mapped[list[Any]]
    updated_at: Mapped[datetime]

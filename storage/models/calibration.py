"""Fitted question difficulties (no personal data: one row per pack item)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class ItemDifficultyRow(Base):
    """A question's (or a generator's) Rasch difficulty fitted from stored answers."""

    __tablename__ = "item_difficulties"

    pack_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    item_key: Mapped[str] = mapped_column(String(160), primary_key=True)
    difficulty: Mapped[float] = mapped_column(Float)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime]

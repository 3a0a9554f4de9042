"""The web chat's short transcript per student, files offered for download, instance secrets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class WebChatMessageRow(Base):
    """One message of a web chat, shown again when the student reloads the page.

    Only the newest messages are kept (the dialogue state, not this table, is what the coach
    remembers); the rows go with the student on deletion and appear in their export.
    """

    __tablename__ = "web_chat_messages"
    __table_args__ = (Index("ix_web_chat_messages_user_id_id", "user_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(8))  # student | coach
    kind: Mapped[str] = mapped_column(String(16))  # text | quiz | document
    text: Mapped[str] = mapped_column(Text)
    template: Mapped[str] = mapped_column(String(128), default="")
    choices: Mapped[list[Any]]
    created_at: Mapped[datetime]


class WebChatFileRow(Base):
    """A document a web chat message offers (e.g. the data export).

    Kept apart from the message, without a `user_id` column, so that a data export does not
    contain the previous export; it is deleted with its message (and so with the student).
    """

    __tablename__ = "web_chat_files"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("web_chat_messages.id", ondelete="CASCADE"), primary_key=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(100))
    # A picture's alt text (what it shows, in the student's language), for the page's <img>.
    alt: Mapped[str] = mapped_column(Text, default="", server_default="")
    content: Mapped[bytes] = mapped_column(LargeBinary)


class InstanceSecretRow(Base):
    """A secret generated once per installation (e.g. the web chat's cookie key).

    Stored in the database so that every process sharing it agrees and a restart keeps it.
    """

    __tablename__ = "instance_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime]

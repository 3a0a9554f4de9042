"""The Q&A forum: threads, their posts (the question and the answers), votes, reports, and
where a thread is mirrored.

A thread holds no personal data; each post belongs to its author and goes with their account
(ON DELETE CASCADE), so deleting a student removes their question and answers while the
answers of others stay in the thread. The search index over question posts is derived from
`forum_posts.search_text`: an FTS5 table on SQLite, expression GIN indexes on PostgreSQL
(both made by migration 0012, not by these models).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base

# The search indexes of migration 0012 (the SQLite FTS5 table with its shadow tables, the
# PostgreSQL expression indexes) share this prefix; the schema comparison leaves them out.
SEARCH_INDEX_PREFIX = "forum_search"


class ForumThreadRow(Base):
    """A question's thread: pack and topic, and the accepted answer."""

    __tablename__ = "forum_threads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pack_id: Mapped[str] = mapped_column(String(64))
    topic_id: Mapped[str | None] = mapped_column(String(128), index=True)
    accepted_post_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime]


class ForumPostRow(Base):
    """A question or an answer. `user_id` is None for an answer that came back from a mirror
    (someone on Discord or Telegram without a coach account); `author` is then their name."""

    __tablename__ = "forum_posts"
    __table_args__ = (Index("ix_forum_posts_pack_kind_status", "pack_id", "kind", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("forum_threads.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # question | answer
    pack_id: Mapped[str] = mapped_column(String(64))
    topic_id: Mapped[str | None] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text)  # folded terms (coach.forum.text)
    photo: Mapped[str | None] = mapped_column(String(256))  # the platform's file id
    status: Mapped[str] = mapped_column(String(16))  # visible | hidden | kept | removed
    source: Mapped[str] = mapped_column(String(16))  # chat | discord | telegram
    author: Mapped[str | None] = mapped_column(String(64))  # only for answers from mirrors
    external_id: Mapped[str | None] = mapped_column(String(64))  # the mirror's message id
    created_at: Mapped[datetime]


class ForumVoteRow(Base):
    """One student's upvote of one answer (once each)."""

    __tablename__ = "forum_votes"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("forum_posts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime]


class ForumReportRow(Base):
    """One student's report of one post (once each)."""

    __tablename__ = "forum_reports"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("forum_posts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime]


class ForumMirrorRow(Base):
    """A thread posted on a platform: the Discord forum post or Telegram topic message id."""

    __tablename__ = "forum_mirrors"
    __table_args__ = (Index("ix_forum_mirrors_place", "channel", "place_id", unique=True),)

    thread_id: Mapped[int] = mapped_column(
        ForeignKey("forum_threads.id", ondelete="CASCADE"), primary_key=True
    )
    # "discord:<forum channel id>" or "telegram:<supergroup chat id>"
    channel: Mapped[str] = mapped_column(String(48), primary_key=True)
    place_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]

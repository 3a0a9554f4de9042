"""Ports of the Q&A forum: the repository (threads, posts, votes, reports, mirrors) and the
similar-question search it offers over either database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from coach.forum.model import Mirror, NewQuestion, Post, PostKind, PostStatus, Thread


class QuestionSearch(Protocol):
    """Similar-question search: one interface over PostgreSQL full-text search (`turkish`
    configuration plus pg_trgm) and SQLite FTS5 (Turkish letters folded first)."""

    async def similar(self, pack_id: str, text: str, limit: int) -> Sequence[Post]:
        """Shown questions of the pack most like the text, best first."""
        ...


class ForumRepository(QuestionSearch, Protocol):
    """Everything of the forum."""

    async def add_question(self, question: NewQuestion, now: datetime) -> Post:
        """Open a thread with its question."""
        ...

    async def add_answer(
        self,
        thread_id: int,
        user_id: int | None,
        text: str,
        now: datetime,
        *,
        source: str = "chat",
        author: str | None = None,
        external_id: str | None = None,
    ) -> Post:
        """Add an answer to a thread (from the chat, or back from a mirror)."""
        ...

    async def post(self, post_id: int) -> Post | None:
        """A post with its vote and report counts, whatever its status."""
        ...

    async def thread(self, thread_id: int) -> Thread | None:
        """A thread with its shown answers, the accepted one first, then by votes."""
        ...

    async def open_questions(
        self, pack_id: str, topic_ids: Sequence[str] | None, not_by: int, limit: int
    ) -> Sequence[Post]:
        """Shown questions of these topics (any topic with None) with no accepted answer, not
        asked by `not_by`, fewest answers first."""
        ...

    async def vote(self, post_id: int, user_id: int, now: datetime) -> bool:
        """Upvote once; False when this student had upvoted it already."""
        ...

    async def accept(self, thread_id: int, post_id: int) -> None:
        """Mark the accepted answer of a thread."""
        ...

    async def report(self, post_id: int, user_id: int, now: datetime) -> bool:
        """Report once; False when this student had reported it already."""
        ...

    async def set_status(self, post_id: int, status: PostStatus) -> None:
        """Hide, keep, remove or show a post."""
        ...

    async def in_status(self, status: PostStatus, limit: int) -> Sequence[Post]:
        """Posts in a moderation state, oldest first (the operator's queue)."""
        ...

    async def posted_since(
        self, user_id: int, kind: PostKind, since: datetime
    ) -> Sequence[datetime]:
        """When the student posted this kind of post since then (for rate limits)."""
        ...

    async def unmirrored(self, channel: str, limit: int) -> Sequence[Post]:
        """Shown questions not yet mirrored at this place (a channel key), oldest first."""
        ...

    async def add_mirror(self, mirror: Mirror, now: datetime) -> None:
        """Remember where a thread was mirrored."""
        ...

    async def mirrors(self, thread_id: int) -> Sequence[Mirror]:
        """Where a thread is mirrored."""
        ...

    async def thread_at(self, channel: str, place_id: str) -> int | None:
        """The thread mirrored at a platform place (a Discord thread, a Telegram message)."""
        ...

    async def has_external(self, channel: str, external_id: str) -> bool:
        """Whether an answer from a mirror was taken already (platforms redeliver)."""
        ...

    async def mirror_place_of_topics(self, channel: str, topic_ids: Sequence[str]) -> str | None:
        """The place id of a question of these topics mirrored at this place, if any (a
        Telegram mirror finds a subject's topic again from it)."""
        ...

"""The Q&A forum in SQL: threads, posts with vote and report counts, mirrors, and the search."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from coach.forum.model import SHOWN, Mirror, NewQuestion, Post, PostKind, PostStatus, Thread
from coach.forum.text import index_text
from storage.models.forum import (
    ForumMirrorRow,
    ForumPostRow,
    ForumReportRow,
    ForumThreadRow,
    ForumVoteRow,
)
from storage.models.peers import PeerProfileRow
from storage.repositories.forum_search import similar_ids

_SHOWN = [status.value for status in SHOWN]


def _votes() -> Any:
    return (
        select(func.count())
        .where(ForumVoteRow.post_id == ForumPostRow.id)
        .correlate(ForumPostRow)
        .scalar_subquery()
    )


def _reports() -> Any:
    return (
        select(func.count())
        .where(ForumReportRow.post_id == ForumPostRow.id)
        .correlate(ForumPostRow)
        .scalar_subquery()
    )


def _posts() -> Any:
    """Posts with their counts and the author's pseudonym (never their real name)."""
    return select(ForumPostRow, _votes(), _reports(), PeerProfileRow.pseudonym).outerjoin(
        PeerProfileRow, PeerProfileRow.user_id == ForumPostRow.user_id
    )


def _post(
    row: ForumPostRow, votes: int = 0, reports: int = 0, pseudonym: str | None = None
) -> Post:
    return Post(
        id=row.id,
        thread_id=row.thread_id,
        user_id=row.user_id,
        kind=PostKind(row.kind),
        pack_id=row.pack_id,
        topic_id=row.topic_id,
        text=row.text,
        status=PostStatus(row.status),
        created_at=row.created_at,
        author=row.author or pseudonym or "",
        photo=row.photo,
        votes=int(votes or 0),
        reports=int(reports or 0),
        source=row.source,
    )


class SqlForumRepository:
    """Everything of the forum."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_question(self, question: NewQuestion, now: datetime) -> Post:
        """Open a thread with its question."""
        thread = ForumThreadRow(
            pack_id=question.pack_id, topic_id=question.topic_id, created_at=now
        )
        self._session.add(thread)
        await self._session.flush()
        row = ForumPostRow(
            thread_id=thread.id, user_id=question.user_id, kind=PostKind.QUESTION.value,
            pack_id=question.pack_id, topic_id=question.topic_id, text=question.text,
            search_text=index_text(question.text), photo=question.photo,
            status=PostStatus.VISIBLE.value, source="chat", created_at=now,
        )  # fmt: skip
        self._session.add(row)
        await self._session.flush()
        return _post(row)

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
        thread = await self._session.get(ForumThreadRow, thread_id)
        if thread is None:
            raise KeyError(thread_id)
        row = ForumPostRow(
            thread_id=thread_id, user_id=user_id, kind=PostKind.ANSWER.value,
            pack_id=thread.pack_id, topic_id=thread.topic_id, text=text,
            search_text=index_text(text), status=PostStatus.VISIBLE.value, source=source,
            author=author, external_id=external_id, created_at=now,
        )  # fmt: skip
        self._session.add(row)
        await self._session.flush()
        return _post(row)

    async def post(self, post_id: int) -> Post | None:
        """A post with its vote and report counts, whatever its status."""
        found = (await self._session.execute(_posts().where(ForumPostRow.id == post_id))).first()
        return _post(*found) if found else None

    async def thread(self, thread_id: int) -> Thread | None:
        """A thread with its shown answers, the accepted one first, then by votes."""
        thread = await self._session.get(ForumThreadRow, thread_id)
        if thread is None:
            return None
        rows = await self._session.execute(
            _posts()
            .where(ForumPostRow.thread_id == thread_id, ForumPostRow.status.in_(_SHOWN))
            .order_by(ForumPostRow.id)
        )
        posts = [_post(*row) for row in rows]
        question = next((p for p in posts if p.kind is PostKind.QUESTION), None)
        answers = sorted(
            (p for p in posts if p.kind is PostKind.ANSWER),
            key=lambda p: (p.id != thread.accepted_post_id, -p.votes, p.id),
        )
        return Thread(
            thread.id, thread.pack_id, thread.topic_id, question, tuple(answers),
            thread.accepted_post_id, thread.created_at,
        )  # fmt: skip

    async def similar(self, pack_id: str, text: str, limit: int) -> Sequence[Post]:
        """Shown questions of the pack most like the text, best first."""
        ids = await similar_ids(self._session, pack_id, text, limit)
        if not ids:
            return []
        rows = await self._session.execute(_posts().where(ForumPostRow.id.in_(ids)))
        found = {row[0].id: _post(*row) for row in rows}
        return [found[i] for i in ids if i in found]

    async def open_questions(
        self, pack_id: str, topic_ids: Sequence[str] | None, not_by: int, limit: int
    ) -> Sequence[Post]:
        """Shown questions of these topics (any topic with None) with no accepted answer, not
        asked by `not_by`, fewest answers first."""
        other = aliased(ForumPostRow)
        answers = (
            select(func.count())
            .where(other.thread_id == ForumPostRow.thread_id)
            .correlate(ForumPostRow)
            .scalar_subquery()
        )
        rows = await self._session.execute(
            _posts()
            .join(ForumThreadRow, ForumThreadRow.id == ForumPostRow.thread_id)
            .where(
                ForumPostRow.kind == PostKind.QUESTION.value,
                ForumPostRow.pack_id == pack_id,
                true() if topic_ids is None else ForumPostRow.topic_id.in_(list(topic_ids)),
                ForumPostRow.status.in_(_SHOWN),
                ForumPostRow.user_id != not_by,
                ForumThreadRow.accepted_post_id.is_(None),
            )
            .order_by(answers, ForumPostRow.created_at.desc())
            .limit(limit)
        )
        return [_post(*row) for row in rows]

    async def vote(self, post_id: int, user_id: int, now: datetime) -> bool:
        """Upvote once; False when this student had upvoted it already."""
        return await self._once(ForumVoteRow(post_id=post_id, user_id=user_id, created_at=now))

    async def report(self, post_id: int, user_id: int, now: datetime) -> bool:
        """Report once; False when this student had reported it already."""
        return await self._once(ForumReportRow(post_id=post_id, user_id=user_id, created_at=now))

    async def _once(self, row: ForumVoteRow | ForumReportRow) -> bool:
        try:
            async with self._session.begin_nested():
                self._session.add(row)
        except IntegrityError:
            return False
        return True

    async def accept(self, thread_id: int, post_id: int) -> None:
        """Mark the accepted answer of a thread."""
        await self._session.execute(
            update(ForumThreadRow)
            .where(ForumThreadRow.id == thread_id)
            .values(accepted_post_id=post_id)
        )

    async def set_status(self, post_id: int, status: PostStatus) -> None:
        """Hide, keep, remove or show a post."""
        await self._session.execute(
            update(ForumPostRow).where(ForumPostRow.id == post_id).values(status=status.value)
        )

    async def in_status(self, status: PostStatus, limit: int) -> Sequence[Post]:
        """Posts in a moderation state, oldest first (the operator's queue)."""
        rows = await self._session.execute(
            _posts()
            .where(ForumPostRow.status == status.value)
            .order_by(ForumPostRow.id)
            .limit(limit)
        )
        return [_post(*row) for row in rows]

    async def posted_since(
        self, user_id: int, kind: PostKind, since: datetime
    ) -> Sequence[datetime]:
        """When the student posted this kind of post since then (for rate limits)."""
        rows = await self._session.scalars(
            select(ForumPostRow.created_at).where(
                ForumPostRow.user_id == user_id,
                ForumPostRow.kind == kind.value,
                ForumPostRow.created_at >= since,
            )
        )
        return list(rows)

    async def unmirrored(self, channel: str, limit: int) -> Sequence[Post]:
        """Shown questions not yet mirrored at this place (a channel key), oldest first."""
        mirrored = select(ForumMirrorRow.thread_id).where(ForumMirrorRow.channel == channel)
        rows = await self._session.execute(
            _posts()
            .where(
                ForumPostRow.kind == PostKind.QUESTION.value,
                ForumPostRow.status.in_(_SHOWN),
                ForumPostRow.thread_id.not_in(mirrored),
            )
            .order_by(ForumPostRow.id)
            .limit(limit)
        )
        return [_post(*row) for row in rows]

    async def add_mirror(self, mirror: Mirror, now: datetime) -> None:
        """Remember where a thread was mirrored."""
        self._session.add(
            ForumMirrorRow(
                thread_id=mirror.thread_id, channel=mirror.channel, place_id=mirror.place_id,
                created_at=now,
            )
        )  # fmt: skip
        await self._session.flush()

    async def mirrors(self, thread_id: int) -> Sequence[Mirror]:
        """Where a thread is mirrored."""
        rows = await self._session.scalars(
            select(ForumMirrorRow).where(ForumMirrorRow.thread_id == thread_id)
        )
        return [Mirror(row.thread_id, row.channel, row.place_id) for row in rows]

    async def thread_at(self, channel: str, place_id: str) -> int | None:
        """The thread mirrored at a platform place (a Discord thread, a Telegram message)."""
        return await self._session.scalar(
            select(ForumMirrorRow.thread_id).where(
                ForumMirrorRow.channel == channel, ForumMirrorRow.place_id == place_id
            )
        )

    async def has_external(self, channel: str, external_id: str) -> bool:
        """Whether an answer from a mirror was taken already (platforms redeliver)."""
        found = await self._session.scalar(
            select(ForumPostRow.id).where(
                ForumPostRow.source == channel, ForumPostRow.external_id == external_id
            )
        )
        return found is not None

    async def mirror_place_of_topics(self, channel: str, topic_ids: Sequence[str]) -> str | None:
        """The place id of a question of these topics mirrored at this place, if any (a
        Telegram mirror finds a subject's topic again from it)."""
        if not topic_ids:
            return None
        return await self._session.scalar(
            select(ForumMirrorRow.place_id)
            .join(ForumPostRow, ForumPostRow.thread_id == ForumMirrorRow.thread_id)
            .where(
                ForumMirrorRow.channel == channel,
                ForumPostRow.kind == PostKind.QUESTION.value,
                ForumPostRow.topic_id.in_(list(topic_ids)),
            )
            .order_by(ForumMirrorRow.created_at)
            .limit(1)
        )

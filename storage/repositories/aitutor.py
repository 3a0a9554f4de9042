"""AI-tutor conversations in SQL; every read is scoped to the student who owns them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.aitutor.model import ReplySource, TranscriptLine, TutorConversation
from coach.aitutor.ports import NewConversation, NewLine
from storage.models.aitutor import AiTutorConversationRow, AiTutorLineRow

MODEL_SOURCES = [s.value for s in ReplySource if s.called_model]


class SqlAiTutorRepository:
    """Conversations and their lines."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def start(self, conversation: NewConversation) -> int:
        """Store a new conversation; returns its id."""
        row = AiTutorConversationRow(
            user_id=conversation.user_id,
            pack_id=conversation.pack_id,
            topic_id=conversation.topic_id,
            question_ref=conversation.question_ref,
            origin=conversation.origin,
            started_at=conversation.started_at,
        )
        self._session.add(row)
        await self._session.flush()
        return row.id

    async def add_line(self, line: NewLine) -> None:
        """Append one message to a conversation."""
        self._session.add(
            AiTutorLineRow(
                conversation_id=line.conversation_id,
                user_id=line.user_id,
                role=line.line.role,
                move=line.line.move,
                source=line.line.source,
                text=line.line.text,
                citations=list(line.line.citations),
                created_at=line.line.at,
            )
        )
        await self._session.flush()

    async def end(self, conversation_id: int, user_id: int, at: datetime) -> None:
        """Mark a conversation of this student finished."""
        await self._session.execute(
            update(AiTutorConversationRow)
            .where(
                AiTutorConversationRow.id == conversation_id,
                AiTutorConversationRow.user_id == user_id,
            )
            .values(ended_at=at)
        )

    async def get(self, conversation_id: int, user_id: int) -> TutorConversation | None:
        """A conversation of this student with its messages (None when not theirs)."""
        row = await self._session.scalar(
            select(AiTutorConversationRow).where(
                AiTutorConversationRow.id == conversation_id,
                AiTutorConversationRow.user_id == user_id,
            )
        )
        if row is None:
            return None
        return (await self._with_lines([row]))[0]

    async def for_topic(
        self, user_id: int, topic_id: str, limit: int
    ) -> Sequence[TutorConversation]:
        """The student's newest conversations on a topic, newest first, with their messages."""
        rows = await self._session.scalars(
            select(AiTutorConversationRow)
            .where(
                AiTutorConversationRow.user_id == user_id,
                AiTutorConversationRow.topic_id == topic_id,
            )
            .order_by(AiTutorConversationRow.id.desc())
            .limit(limit)
        )
        return await self._with_lines(list(rows))

    async def model_calls_since(self, user_id: int, since: datetime) -> int:
        """How many coach messages of this student since `since` cost a model call."""
        count = await self._session.scalar(
            select(func.count()).where(
                AiTutorLineRow.user_id == user_id,
                AiTutorLineRow.created_at >= since,
                AiTutorLineRow.source.in_(MODEL_SOURCES),
            )
        )
        return int(count or 0)

    async def _with_lines(self, rows: list[AiTutorConversationRow]) -> list[TutorConversation]:
        if not rows:
            return []
        lines = await self._session.scalars(
            select(AiTutorLineRow)
            .where(AiTutorLineRow.conversation_id.in_([r.id for r in rows]))
            .order_by(AiTutorLineRow.id)
        )
        by_conversation: dict[int, list[TranscriptLine]] = {r.id: [] for r in rows}
        for line in lines:
            by_conversation[line.conversation_id].append(
                TranscriptLine(
                    line.role,
                    line.text,
                    line.created_at,
                    line.move,
                    line.source,
                    tuple(str(c) for c in line.citations),
                )
            )
        return [
            TutorConversation(
                r.id,
                r.user_id,
                r.pack_id,
                r.topic_id,
                r.question_ref,
                r.origin,
                r.started_at,
                tuple(by_conversation[r.id]),
            )
            for r in rows
        ]

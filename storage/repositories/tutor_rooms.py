"""Escalation rooms in SQL: the forum topic of an escalation in the tutor supergroup."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.tutors.room_model import Room, RoomStatus
from storage.models.tutor_rooms import EscalationRoomRow

R = EscalationRoomRow


def _room(row: EscalationRoomRow) -> Room:
    return Room(
        escalation_id=row.escalation_id,
        student_id=row.user_id,
        tutor_id=row.tutor_user_id,
        channel=row.channel,
        chat_key=row.chat_key,
        name=row.name,
        status=RoomStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        thread_key=row.thread_key,
        error=row.error,
    )


class SqlRoomRepository:
    """Implements `coach.tutors.room_model.RoomRepository`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, room: Room) -> bool:
        """Store a new room; False when the escalation has one already."""
        if await self._session.get(R, room.escalation_id) is not None:
            return False
        self._session.add(
            R(
                escalation_id=room.escalation_id,
                user_id=room.student_id,
                tutor_user_id=room.tutor_id,
                channel=room.channel,
                chat_key=room.chat_key,
                thread_key=room.thread_key,
                name=room.name[:128],
                status=room.status.value,
                error=room.error[:200],
                created_at=room.created_at,
                updated_at=room.updated_at,
            )
        )
        await self._session.flush()
        return True

    async def room(self, escalation_id: int) -> Room | None:
        """The room of an escalation."""
        row = await self._session.scalar(select(R).where(R.escalation_id == escalation_id))
        return _room(row) if row is not None else None

    async def at(self, channel: str, chat_key: str, thread_key: str) -> Room | None:
        """The room of a topic, if the topic is one."""
        row = await self._session.scalar(
            select(R).where(
                R.channel == channel, R.chat_key == chat_key, R.thread_key == thread_key
            )
        )
        return _room(row) if row is not None else None

    async def opened(self, escalation_id: int, thread_key: str, now: datetime) -> bool:
        """A pending room got its topic; False when it was not pending any more."""
        result = await self._session.execute(
            update(R)
            .where(R.escalation_id == escalation_id, R.status == RoomStatus.PENDING.value)
            .values(thread_key=thread_key, status=RoomStatus.OPEN.value, updated_at=now)
        )
        return bool(getattr(result, "rowcount", 0))

    async def set_status(
        self, escalation_id: int, status: RoomStatus, now: datetime, error: str = ""
    ) -> bool:
        """Close a room or mark it failed (with the platform's reason); False when unknown."""
        result = await self._session.execute(
            update(R)
            .where(R.escalation_id == escalation_id)
            .values(status=status.value, error=error[:200], updated_at=now)
        )
        return bool(getattr(result, "rowcount", 0))

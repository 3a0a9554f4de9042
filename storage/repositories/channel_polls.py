"""Sent quiz polls: poll id to question and student."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.core.channel_store import ChannelPoll
from storage.models.channels import ChannelPollRow


def _poll(row: ChannelPollRow) -> ChannelPoll:
    return ChannelPoll(
        poll_id=row.poll_id,
        channel=row.channel,
        chat_key=row.chat_key,
        user_key=row.user_key,
        question_key=row.question_key,
        options=row.options,
        created_at=row.created_at,
    )


class SqlChannelPollRepository:
    """Sent polls in SQL; rows are written once and read by poll id."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, poll: ChannelPoll) -> None:
        """Record a sent poll; a poll id seen again (a retried call) keeps the first row."""
        if await self._session.get(ChannelPollRow, poll.poll_id) is not None:
            return
        self._session.add(
            ChannelPollRow(
                poll_id=poll.poll_id,
                channel=poll.channel,
                chat_key=poll.chat_key,
                user_key=poll.user_key,
                question_key=poll.question_key,
                options=poll.options,
                created_at=poll.created_at,
            )
        )
        await self._session.flush()

    async def get(self, poll_id: str) -> ChannelPoll | None:
        """The poll with this platform id, if the coach sent it."""
        row = await self._session.get(ChannelPollRow, poll_id)
        return _poll(row) if row else None

    async def for_user(self, channel: str, user_key: str) -> list[ChannelPoll]:
        """Every poll sent to one account, oldest first (for a data export)."""
        rows = await self._session.scalars(
            select(ChannelPollRow)
            .where(ChannelPollRow.channel == channel, ChannelPollRow.user_key == user_key)
            .order_by(ChannelPollRow.created_at)
        )
        return [_poll(row) for row in rows]

    async def delete_for_user(self, channel: str, user_key: str) -> None:
        """Forget every poll sent to one account (the account's data is being deleted)."""
        await self._session.execute(
            delete(ChannelPollRow).where(
                ChannelPollRow.channel == channel, ChannelPollRow.user_key == user_key
            )
        )

    async def delete_older_than(self, cutoff: datetime) -> int:
        """Forget polls sent before `cutoff`; returns how many rows went."""
        result = await self._session.execute(
            delete(ChannelPollRow).where(ChannelPollRow.created_at < cutoff)
        )
        return int(getattr(result, "rowcount", 0) or 0)

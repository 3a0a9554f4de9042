"""Link codes (one student across channels) and group settings, in SQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.domain import GroupSettings, LinkCode
from storage.models import ChannelIdentityRow, GroupSettingsRow, LinkCodeRow
from storage.repositories._upsert import upsert


def _code(row: LinkCodeRow) -> LinkCode:
    return LinkCode(
        id=row.id,
        user_id=row.user_id,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
        claimed_by=row.claimed_by,
    )


def _changed(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount or 0)


class SqlLinkCodeRepository:
    """One-time link codes, stored as hashes."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, user_id: int, code_hash: str, now: datetime, expires_at: datetime
    ) -> LinkCode:
        """Store a new code for a user; the user's earlier unused codes stop working."""
        await self._session.execute(
            delete(LinkCodeRow).where(LinkCodeRow.user_id == user_id, LinkCodeRow.used_at.is_(None))
        )
        row = LinkCodeRow(
            user_id=user_id, code_hash=code_hash, created_at=now, expires_at=expires_at
        )
        self._session.add(row)
        await self._session.flush()
        return _code(row)

    async def find(self, code_hash: str) -> LinkCode | None:
        """The code with this hash, if any."""
        row = await self._session.scalar(
            select(LinkCodeRow).where(LinkCodeRow.code_hash == code_hash)
        )
        return _code(row) if row else None

    async def get(self, code_id: int) -> LinkCode | None:
        """A code by id."""
        row = await self._session.get(LinkCodeRow, code_id, populate_existing=True)
        return _code(row) if row else None

    async def claim(self, code_id: int, user_id: int | None) -> None:
        """Remember (or, with None, forget) the account that must confirm this code."""
        await self._session.execute(
            update(LinkCodeRow).where(LinkCodeRow.id == code_id).values(claimed_by=user_id)
        )

    async def use(self, code_id: int, now: datetime) -> bool:
        """Mark the code used; False when it was already used (two redeemers race)."""
        result = await self._session.execute(
            update(LinkCodeRow)
            .where(LinkCodeRow.id == code_id, LinkCodeRow.used_at.is_(None))
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        return _changed(result) == 1

    async def move_identities(self, from_user_id: int, to_user_id: int) -> int:
        """Give every channel account of one user to another; returns how many moved."""
        result = await self._session.execute(
            update(ChannelIdentityRow)
            .where(ChannelIdentityRow.user_id == from_user_id)
            .values(user_id=to_user_id)
            .execution_options(synchronize_session=False)
        )
        return _changed(result)


class SqlGroupSettingsRepository:
    """Group (Discord server) settings."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, channel: str, group_id: str) -> GroupSettings | None:
        """A group's settings, if it was set up."""
        row = await self._session.get(GroupSettingsRow, (channel, group_id))
        if row is None:
            return None
        return GroupSettings(
            channel=row.channel,
            group_id=row.group_id,
            locale=row.locale,
            updated_at=row.updated_at,
            coach_chat_id=row.coach_chat_id,
        )

    async def save(self, settings: GroupSettings) -> None:
        """Insert or replace a group's settings."""
        values = {
            "channel": settings.channel,
            "group_id": settings.group_id,
            "coach_chat_id": settings.coach_chat_id,
            "locale": settings.locale,
            "updated_at": settings.updated_at,
        }
        await upsert(self._session, GroupSettingsRow, [values], ("channel", "group_id"))

"""Peer profiles in SQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.peers.model import PeerFeature, PeerProfile
from storage.models.peers import PeerProfileRow
from storage.repositories._upsert import upsert


def _profile(row: PeerProfileRow) -> PeerProfile:
    known = {feature.value for feature in PeerFeature}
    return PeerProfile(
        row.user_id,
        row.pseudonym,
        frozenset(PeerFeature(value) for value in row.opted_in if value in known),
        row.updated_at,
    )


class SqlPeerProfileRepository:
    """Peer profiles keyed by student."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int) -> PeerProfile | None:
        """A student's peer profile, if they have one."""
        row = await self._session.get(PeerProfileRow, user_id, populate_existing=True)
        return _profile(row) if row else None

    async def save(self, profile: PeerProfile) -> None:
        """Insert or replace a peer profile."""
        values = {
            "user_id": profile.user_id,
            "pseudonym": profile.pseudonym,
            "opted_in": sorted(feature.value for feature in profile.opted_in),
            "updated_at": profile.updated_at,
        }
        await upsert(self._session, PeerProfileRow, [values], ["user_id"])

    async def many(self, user_ids: Sequence[int]) -> Mapping[int, PeerProfile]:
        """The peer profiles of several students (those who have one)."""
        if not user_ids:
            return {}
        rows = await self._session.scalars(
            select(PeerProfileRow).where(PeerProfileRow.user_id.in_(list(user_ids)))
        )
        return {row.user_id: _profile(row) for row in rows}

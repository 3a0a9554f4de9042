"""Accountability partnerships in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.community.partners import Pair, PartnerCandidate
from coach.peers.model import PeerFeature
from storage.models.community import PartnerPairRow
from storage.models.peers import PeerProfileRow
from storage.models.users import ProfileRow, UserRow


class SqlPartnerRepository:
    """Partner pairs, one row per side."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def candidates(self) -> Sequence[PartnerCandidate]:
        """Students opted in to a partner, with a display name, not paired now."""
        peers = await self._session.scalars(
            select(PeerProfileRow).where(PeerProfileRow.pseudonym.is_not(None))
        )
        opted = {p.user_id for p in peers if PeerFeature.PARTNER.value in p.opted_in}
        paired = set(
            await self._session.scalars(
                select(PartnerPairRow.user_id).where(PartnerPairRow.ended_at.is_(None))
            )
        )
        ids = sorted(opted - paired)
        if not ids:
            return []
        rows = await self._session.execute(
            select(UserRow, ProfileRow)
            .join(ProfileRow, ProfileRow.user_id == UserRow.id)
            .where(UserRow.id.in_(ids), UserRow.status == "active")
        )
        return [
            PartnerCandidate(
                user.id,
                profile.pack_id,
                profile.track,
                user.locale,
                user.age_band != "adult",
                sum(int(v) for v in (profile.availability or {}).values()),
            )
            for user, profile in rows
        ]

    async def add(self, user_id: int, partner_id: int, now: datetime) -> None:
        """Pair two students (a row for each side)."""
        for a, b in ((user_id, partner_id), (partner_id, user_id)):
            self._session.add(PartnerPairRow(user_id=a, partner_id=b, created_at=now))
        await self._session.flush()

    async def active(self) -> Sequence[Pair]:
        """Every active pair, once from each side, with the partner's display name."""
        rows = await self._session.execute(
            select(PartnerPairRow, PeerProfileRow.pseudonym)
            .outerjoin(PeerProfileRow, PeerProfileRow.user_id == PartnerPairRow.partner_id)
            .where(PartnerPairRow.ended_at.is_(None))
            .order_by(PartnerPairRow.id)
        )
        return [Pair(r.user_id, r.partner_id, r.created_at, name) for r, name in rows]

    async def of(self, user_id: int) -> Pair | None:
        """A student's active partnership."""
        return next((p for p in await self.active() if p.user_id == user_id), None)

    async def end(self, user_id: int, partner_id: int, now: datetime) -> None:
        """End a partnership for both sides."""
        await self._session.execute(
            update(PartnerPairRow)
            .where(
                PartnerPairRow.ended_at.is_(None),
                or_(
                    (PartnerPairRow.user_id == user_id) & (PartnerPairRow.partner_id == partner_id),
                    (PartnerPairRow.user_id == partner_id) & (PartnerPairRow.partner_id == user_id),
                ),
            )
            .values(ended_at=now)
        )

"""The figures of the opt-in peer comparison, read in a few aggregate queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.community.comparison import WEEKS, PeerRecord
from coach.peers.model import PeerFeature
from storage.models.learning import MockResultRow
from storage.models.peers import PeerProfileRow
from storage.models.planning import AssessmentResultRow, StudySessionRow
from storage.models.users import ProfileRow

TARGETS = ("net", "score")


class SqlComparisonRepository:
    """Peer records of the students of a pack who opted in to comparisons."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def records(self, pack_id: str, now: datetime) -> Sequence[PeerRecord]:
        """Every opted-in student of the pack (and only them: nobody else's data counts)."""
        peers = await self._session.scalars(select(PeerProfileRow))
        opted = {p.user_id for p in peers if PeerFeature.COMPARISON.value in p.opted_in}
        profiles = {
            p.user_id: p
            for p in await self._session.scalars(
                select(ProfileRow).where(ProfileRow.pack_id == pack_id)
            )
            if p.user_id in opted
        }
        ids = sorted(profiles)
        if not ids:
            return []
        levels = {
            u: float(m)
            for u, m in await self._session.execute(
                select(AssessmentResultRow.user_id, func.avg(AssessmentResultRow.mastery))
                .where(AssessmentResultRow.user_id.in_(ids))
                .group_by(AssessmentResultRow.user_id)
            )
        }
        best = {
            u: float(n)
            for u, n in await self._session.execute(
                select(MockResultRow.user_id, func.max(MockResultRow.net))
                .where(MockResultRow.user_id.in_(ids), MockResultRow.pack_id == pack_id)
                .group_by(MockResultRow.user_id)
            )
        }
        since = now - timedelta(weeks=WEEKS)
        minutes: dict[int, float] = defaultdict(float)
        for u, m in await self._session.execute(
            select(
                StudySessionRow.user_id,
                func.sum(func.coalesce(StudySessionRow.minutes_spent, StudySessionRow.minutes)),
            )
            .where(
                StudySessionRow.user_id.in_(ids),
                StudySessionRow.status == "done",
                StudySessionRow.completed_at >= since,
            )
            .group_by(StudySessionRow.user_id)
        ):
            minutes[u] = float(m or 0) / WEEKS
        return [
            PeerRecord(u, pack_id, levels.get(u), _reached(profiles[u], best.get(u)), minutes[u])
            for u in ids
        ]


def _reached(profile: ProfileRow, best: float | None) -> bool:
    if best is None or profile.target_kind not in TARGETS or not profile.target_value:
        return False
    try:
        return best >= float(profile.target_value.replace(",", "."))
    except ValueError:
        return False

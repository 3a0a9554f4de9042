"""Reads for the group-place leaderboards: a place's roster with the week's XP in one query,
and the places boards are posted in. Nothing is stored: a posted board is an outbox row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.community.model import GroupStatus, MemberStatus
from coach.domain import AgeBand
from coach.motivation.board_ports import BoardPlace, RosterLine
from coach.peers.model import PeerFeature
from storage.models.community import (
    CommunityPlaceRow,
    StudyGroupMemberRow,
    StudyGroupPlaceRow,
    StudyGroupRow,
)
from storage.models.linking import GroupSettingsRow
from storage.models.motivation import XpLedgerRow
from storage.models.peers import PeerProfileRow
from storage.models.users import ChannelIdentityRow, UserRow


class SqlBoardRepository:
    """Rosters and places of boards."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def roster(
        self, channel: str, place_key: str, first: date, last: date
    ) -> Sequence[RosterLine]:
        """Joined members (with an account on `channel`) of the active groups living in the
        place, with their display name, "allow boards" switch, age band and the range's XP."""
        earned = (
            select(XpLedgerRow.user_id, func.sum(XpLedgerRow.amount).label("xp"))
            .where(XpLedgerRow.study_day >= first, XpLedgerRow.study_day <= last)
            .group_by(XpLedgerRow.user_id)
            .subquery()
        )
        query = (
            select(
                StudyGroupMemberRow.user_id,
                UserRow.age_band,
                UserRow.locale,
                PeerProfileRow.pseudonym,
                PeerProfileRow.opted_in,
                earned.c.xp,
            )
            .join(StudyGroupRow, StudyGroupRow.id == StudyGroupMemberRow.group_id)
            .join(StudyGroupPlaceRow, StudyGroupPlaceRow.group_id == StudyGroupRow.id)
            .join(UserRow, UserRow.id == StudyGroupMemberRow.user_id)
            .outerjoin(PeerProfileRow, PeerProfileRow.user_id == StudyGroupMemberRow.user_id)
            .outerjoin(earned, earned.c.user_id == StudyGroupMemberRow.user_id)
            .where(
                StudyGroupMemberRow.status == MemberStatus.JOINED.value,
                StudyGroupRow.status == GroupStatus.ACTIVE.value,
                StudyGroupPlaceRow.channel == channel,
                StudyGroupPlaceRow.place_key == place_key,
                UserRow.status == "active",
                select(ChannelIdentityRow.id)
                .where(
                    ChannelIdentityRow.user_id == StudyGroupMemberRow.user_id,
                    ChannelIdentityRow.channel == channel,
                )
                .exists(),
            )
        )
        lines: dict[int, RosterLine] = {}
        rows = await self._session.execute(query)
        for user_id, age_band, locale, pseudonym, opted_in, xp in rows:
            lines[int(user_id)] = RosterLine(
                user_id=int(user_id),
                name=pseudonym,
                opted_in=PeerFeature.LEADERBOARDS.value in (opted_in or []),
                minor=age_band != AgeBand.ADULT.value,  # not saying counts as a minor
                xp=int(xp or 0),
                locale=str(locale),
            )
        return list(lines.values())

    async def places(self) -> Sequence[BoardPlace]:
        """Discord servers set up with a coach channel, and Telegram supergroups registered
        for study groups (the board goes to the supergroup's General topic)."""
        servers = await self._session.scalars(
            select(GroupSettingsRow)
            .where(
                GroupSettingsRow.channel == "discord", GroupSettingsRow.coach_chat_id.is_not(None)
            )
            .order_by(GroupSettingsRow.group_id)
        )
        found = [
            BoardPlace("discord", row.group_id, row.coach_chat_id or "", row.locale)
            for row in servers
        ]
        groups = await self._session.scalars(
            select(CommunityPlaceRow)
            .where(CommunityPlaceRow.channel == "telegram")
            .order_by(CommunityPlaceRow.id)
        )
        found += [BoardPlace("telegram", r.place_key, r.place_key, r.locale) for r in groups]
        return found

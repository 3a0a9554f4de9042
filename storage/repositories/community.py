"""Study groups in SQL: candidates for matching, groups and members, preferences, places."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.community.model import (
    FocusMode,
    GroupStatus,
    GroupView,
    Member,
    MemberStatus,
    StudyGroup,
    Suggestion,
)
from coach.community.ports import CandidateFacts, GroupPlace, Place, Preferences
from coach.peers.model import PeerFeature
from storage.models.community import (
    CommunityPlaceRow,
    CommunityPreferenceRow,
    StudyGroupLinkRow,
    StudyGroupMemberRow,
    StudyGroupPlaceRow,
    StudyGroupRow,
)
from storage.models.peers import PeerProfileRow
from storage.models.planning import TopicMasteryRow
from storage.models.users import ChannelIdentityRow, ProfileRow, UserRow
from storage.repositories._upsert import upsert

ADULT = "adult"


def _group(row: StudyGroupRow) -> StudyGroup:
    return StudyGroup(
        id=row.id,
        pack_id=row.pack_id,
        track=row.track,
        locale=row.locale,
        minors=row.minors,
        focus=FocusMode(row.focus),
        status=GroupStatus(row.status),
        shared_free=int(row.shared_free, 16),
        topics=tuple(str(t) for t in row.topics),
        created_at=row.created_at,
        name=row.name,
    )


def _open_member() -> ColumnElement[bool]:
    return or_(
        StudyGroupMemberRow.status == MemberStatus.JOINED.value,
        StudyGroupMemberRow.status == MemberStatus.INVITED.value,
    )


class SqlCommunityRepository:
    """Study groups, members, preferences and places."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def candidates(self, now: datetime) -> Sequence[CandidateFacts]:
        """Students opted in to groups, with a display name, in no open group or invitation."""
        peers = await self._session.scalars(
            select(PeerProfileRow).where(PeerProfileRow.pseudonym.is_not(None))
        )
        opted = {p.user_id for p in peers if PeerFeature.GROUPS.value in p.opted_in}
        busy = await self._session.scalars(
            select(StudyGroupMemberRow.user_id)
            .join(StudyGroupRow, StudyGroupRow.id == StudyGroupMemberRow.group_id)
            .where(
                StudyGroupRow.status != GroupStatus.CLOSED.value,
                or_(
                    StudyGroupMemberRow.status == MemberStatus.JOINED.value,
                    and_(
                        StudyGroupMemberRow.status == MemberStatus.INVITED.value,
                        StudyGroupMemberRow.expires_at > now,
                    ),
                ),
            )
        )
        ids = sorted(opted - set(busy))
        if not ids:
            return []
        rows = await self._session.execute(
            select(UserRow, ProfileRow)
            .join(ProfileRow, ProfileRow.user_id == UserRow.id)
            .where(UserRow.id.in_(ids), UserRow.status == "active")
        )
        mastery: dict[int, dict[str, float]] = defaultdict(dict)
        for m in await self._session.scalars(
            select(TopicMasteryRow).where(TopicMasteryRow.user_id.in_(ids))
        ):
            mastery[m.user_id][m.topic_id] = float(m.mastery)
        prefs = {
            p.user_id: p
            for p in await self._session.scalars(
                select(CommunityPreferenceRow).where(CommunityPreferenceRow.user_id.in_(ids))
            )
        }
        facts = []
        for user, profile in rows:
            pref = prefs.get(user.id)
            facts.append(
                CandidateFacts(
                    user_id=user.id,
                    pack_id=profile.pack_id,
                    track=profile.track,
                    locale=user.locale,
                    timezone=user.timezone,
                    minor=user.age_band != ADULT,
                    windows={k: tuple(v) for k, v in (profile.windows or {}).items()},
                    availability={k: int(v) for k, v in (profile.availability or {}).items()},
                    mastery=mastery.get(user.id, {}),
                    focus=FocusMode(pref.focus) if pref else FocusMode.SIMILAR,
                    avoid=frozenset(int(u) for u in pref.avoid) if pref else frozenset(),
                )
            )
        return facts

    async def add_group(
        self, suggestion: Suggestion, name: str, now: datetime, expires_at: datetime
    ) -> GroupView:
        """Store a proposed group and invite its members."""
        row = StudyGroupRow(
            name=name[:140],
            pack_id=suggestion.pack_id,
            track=suggestion.track,
            locale=suggestion.locale,
            minors=suggestion.minors,
            focus=suggestion.focus.value,
            status=GroupStatus.PROPOSED.value,
            shared_free=format(suggestion.shared_free, "x"),
            topics=list(suggestion.topics),
            created_at=now,
            changed_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        for user_id in suggestion.members:
            self._session.add(
                StudyGroupMemberRow(
                    group_id=row.id,
                    user_id=user_id,
                    status=MemberStatus.INVITED.value,
                    invited_at=now,
                    expires_at=expires_at,
                )
            )
        await self._session.flush()
        view = await self.group(row.id)
        if view is None:  # pragma: no cover - flushed just above
            raise LookupError(f"group {row.id} vanished")
        return view

    async def active_groups(self) -> Sequence[int]:
        """Ids of the groups that formed and are not closed."""
        ids = await self._session.scalars(
            select(StudyGroupRow.id)
            .where(StudyGroupRow.status == GroupStatus.ACTIVE.value)
            .order_by(StudyGroupRow.id)
        )
        return list(ids)

    async def group(self, group_id: int) -> GroupView | None:
        """A group with its members (and their display names)."""
        row = await self._session.get(StudyGroupRow, group_id, populate_existing=True)
        if row is None:
            return None
        members = await self._session.execute(
            select(StudyGroupMemberRow, PeerProfileRow.pseudonym)
            .outerjoin(PeerProfileRow, PeerProfileRow.user_id == StudyGroupMemberRow.user_id)
            .where(StudyGroupMemberRow.group_id == group_id)
            .order_by(StudyGroupMemberRow.user_id)
            .execution_options(populate_existing=True)
        )
        return GroupView(
            _group(row),
            tuple(
                Member(
                    group_id=m.group_id,
                    user_id=m.user_id,
                    status=MemberStatus(m.status),
                    invited_at=m.invited_at,
                    expires_at=m.expires_at,
                    answered_at=m.answered_at,
                    pseudonym=pseudonym,
                )
                for m, pseudonym in members
            ),
        )

    async def groups_of(self, user_id: int) -> Sequence[GroupView]:
        """The groups a student was invited to or is in, newest first."""
        ids = await self._session.scalars(
            select(StudyGroupMemberRow.group_id)
            .where(StudyGroupMemberRow.user_id == user_id, _open_member())
            .order_by(StudyGroupMemberRow.group_id.desc())
        )
        views = [await self.group(group_id) for group_id in ids]
        return [v for v in views if v is not None]

    async def set_member(
        self, group_id: int, user_id: int, status: MemberStatus, now: datetime
    ) -> None:
        """A member's new status."""
        await self._session.execute(
            update(StudyGroupMemberRow)
            .where(StudyGroupMemberRow.group_id == group_id, StudyGroupMemberRow.user_id == user_id)
            .values(status=status.value, answered_at=now)
        )

    async def set_status(self, group_id: int, status: GroupStatus, now: datetime) -> None:
        """A group's new status."""
        await self._session.execute(
            update(StudyGroupRow)
            .where(StudyGroupRow.id == group_id)
            .values(status=status.value, changed_at=now)
        )

    async def expired_invitations(self, now: datetime) -> Sequence[tuple[int, int]]:
        """(group, user) of invitations past their expiry still marked invited."""
        rows = await self._session.execute(
            select(StudyGroupMemberRow.group_id, StudyGroupMemberRow.user_id).where(
                StudyGroupMemberRow.status == MemberStatus.INVITED.value,
                StudyGroupMemberRow.expires_at <= now,
            )
        )
        return [(g, u) for g, u in rows]

    async def preferences(self, user_id: int) -> Preferences:
        """A student's preferences (the defaults when never set)."""
        row = await self._session.get(CommunityPreferenceRow, user_id, populate_existing=True)
        if row is None:
            return Preferences(user_id)
        return Preferences(user_id, FocusMode(row.focus), frozenset(int(u) for u in row.avoid))

    async def save_preferences(self, preferences: Preferences, now: datetime) -> None:
        """Insert or replace a student's preferences."""
        values = {
            "user_id": preferences.user_id,
            "focus": preferences.focus.value,
            "avoid": sorted(preferences.avoid),
            "updated_at": now,
        }
        await upsert(self._session, CommunityPreferenceRow, [values], ["user_id"])

    async def register_place(self, place: Place, now: datetime) -> None:
        """Register (or re-register) a platform place for groups."""
        values = {
            "channel": place.channel,
            "place_key": place.place_key,
            "locale": place.locale,
            "registered_at": now,
        }
        await upsert(self._session, CommunityPlaceRow, [values], ["channel", "place_key"])

    async def places(self, channel: str) -> Sequence[Place]:
        """Registered places of a channel."""
        rows = await self._session.scalars(
            select(CommunityPlaceRow)
            .where(CommunityPlaceRow.channel == channel)
            .order_by(CommunityPlaceRow.id)
        )
        return [Place(r.channel, r.place_key, r.locale) for r in rows]

    async def group_places(self, group_id: int) -> Sequence[GroupPlace]:
        """The places one group has."""
        rows = await self._session.scalars(
            select(StudyGroupPlaceRow).where(StudyGroupPlaceRow.group_id == group_id)
        )
        return [
            GroupPlace(r.group_id, r.channel, r.place_key, r.thread_id, r.role_id) for r in rows
        ]

    async def save_group_place(self, place: GroupPlace) -> None:
        """Insert or replace where a group lives on a channel."""
        values = {
            "group_id": place.group_id,
            "channel": place.channel,
            "place_key": place.place_key,
            "thread_id": place.thread_id,
            "role_id": place.role_id,
        }
        await upsert(self._session, StudyGroupPlaceRow, [values], ["group_id", "channel"])

    async def group_of_thread(self, channel: str, place_key: str) -> Mapping[str, int]:
        """Every thread id of a place and the group it belongs to."""
        rows = await self._session.execute(
            select(StudyGroupPlaceRow.thread_id, StudyGroupPlaceRow.group_id).where(
                StudyGroupPlaceRow.channel == channel, StudyGroupPlaceRow.place_key == place_key
            )
        )
        return {str(t): g for t, g in rows if t is not None}

    async def user_of_account(self, channel: str, external_id: str) -> int | None:
        """The student behind a platform account."""
        return await self._session.scalar(
            select(ChannelIdentityRow.user_id).where(
                ChannelIdentityRow.channel == channel, ChannelIdentityRow.external_id == external_id
            )
        )

    async def save_link(
        self, group_id: int, user_id: int, channel: str, link: str, now: datetime
    ) -> None:
        """Keep a member's personal invite link."""
        values = {"group_id": group_id, "user_id": user_id, "channel": channel, "link": link,
                  "created_at": now, "approved_at": None}  # fmt: skip
        await upsert(self._session, StudyGroupLinkRow, [values], ["group_id", "user_id", "channel"])

    async def links(self, group_id: int, channel: str) -> Mapping[int, str]:
        """The members' personal links of a group on a channel, by student."""
        rows = await self._session.execute(
            select(StudyGroupLinkRow.user_id, StudyGroupLinkRow.link).where(
                StudyGroupLinkRow.group_id == group_id, StudyGroupLinkRow.channel == channel
            )
        )
        return {int(u): str(link) for u, link in rows}

    async def link_owner(self, channel: str, link: str) -> tuple[int, int] | None:
        """(group, student) a personal link was made for."""
        row = (
            await self._session.execute(
                select(StudyGroupLinkRow.group_id, StudyGroupLinkRow.user_id).where(
                    StudyGroupLinkRow.channel == channel, StudyGroupLinkRow.link == link
                )
            )
        ).first()
        return (int(row[0]), int(row[1])) if row else None

    async def approved(self, channel: str, link: str, now: datetime) -> None:
        """Note that the owner of a link was let in."""
        await self._session.execute(
            update(StudyGroupLinkRow)
            .where(StudyGroupLinkRow.channel == channel, StudyGroupLinkRow.link == link)
            .values(approved_at=now)
        )

    async def drop_link(self, group_id: int, user_id: int, channel: str) -> None:
        """Forget a member's way into a place (they left)."""
        await self._session.execute(
            delete(StudyGroupLinkRow).where(
                StudyGroupLinkRow.group_id == group_id,
                StudyGroupLinkRow.user_id == user_id,
                StudyGroupLinkRow.channel == channel,
            )
        )

    async def accounts(self, user_ids: Sequence[int], channel: str) -> Mapping[int, str]:
        """The platform account ids of students on a channel."""
        if not user_ids:
            return {}
        rows = await self._session.execute(
            select(ChannelIdentityRow.user_id, ChannelIdentityRow.external_id).where(
                ChannelIdentityRow.user_id.in_(list(user_ids)),
                ChannelIdentityRow.channel == channel,
            )
        )
        return {int(u): str(e) for u, e in rows}

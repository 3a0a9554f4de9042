"""Users and channel identities."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.accounts.ports import KnownAccount
from coach.domain import AgeBand, ChannelIdentity, DialogueState, User, UserStatus
from storage.models import ChannelIdentityRow, DialogueStateRow, ProfileRow, UserRow
from storage.repositories._rows import first_row
from storage.repositories.challenges import may_count_challenges
from storage.repositories.tutor_bookings import has_open_booking


def _user(row: Any) -> User:
    """A user from an ORM row or a plain result row (same attribute names)."""
    return User(
        id=row.id,
        locale=row.locale,
        timezone=row.timezone,
        created_at=row.created_at,
        display_name=row.display_name,
        age_band=AgeBand(row.age_band) if row.age_band else None,
        consent_at=row.consent_at,
        status=UserStatus(row.status),
        paused_until=row.paused_until,
        role=row.role,
    )


def _identity(row: ChannelIdentityRow) -> ChannelIdentity:
    return ChannelIdentity(
        id=row.id,
        user_id=row.user_id,
        channel=row.channel,
        external_id=row.external_id,
        chat_id=row.chat_id,
        reachable=row.reachable,
        unreachable_reason=row.unreachable_reason,
    )


def _find_with_dialogue_query() -> Any:
    # Built once and returning plain rows: every inbound event of every channel runs it, and
    # building the statement and loading ORM objects cost more than the query itself.
    profile_pack = (
        select(ProfileRow.pack_id).where(ProfileRow.user_id == UserRow.id).scalar_subquery()
    )
    return (
        select(
            *UserRow.__table__.c,
            DialogueStateRow.flow,
            DialogueStateRow.step,
            DialogueStateRow.data,
            DialogueStateRow.version,
            profile_pack.label("profile_pack"),
            ChannelIdentityRow.chat_id.label("identity_chat_id"),
            ChannelIdentityRow.reachable.label("identity_reachable"),
            has_open_booking(UserRow.id).label("has_bookings"),
            may_count_challenges(UserRow.id).label("has_challenges"),
        )
        .join(ChannelIdentityRow, ChannelIdentityRow.user_id == UserRow.id)
        .outerjoin(DialogueStateRow, DialogueStateRow.user_id == UserRow.id)
        .where(
            ChannelIdentityRow.channel == bindparam("channel"),
            ChannelIdentityRow.external_id == bindparam("external_id"),
        )
    )


_FIND_WITH_DIALOGUE = _find_with_dialogue_query()


class SqlUserRepository:
    """Users and their channel identities, in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int) -> User | None:
        """The user with this id, if any."""
        row = await self._session.get(UserRow, user_id)
        return _user(row) if row else None

    async def add(
        self, *, locale: str, timezone: str, now: datetime, display_name: str | None = None
    ) -> User:
        """Create a user."""
        row = UserRow(
            locale=locale,
            timezone=timezone,
            display_name=display_name,
            status=UserStatus.ACTIVE.value,
            role="student",
            created_at=now,
            updated_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        return _user(row)

    async def update(self, user: User) -> None:
        """Save changed user fields."""
        await self._session.execute(
            update(UserRow)
            .where(UserRow.id == user.id)
            .values(
                locale=user.locale,
                timezone=user.timezone,
                display_name=user.display_name,
                age_band=user.age_band.value if user.age_band else None,
                consent_at=user.consent_at,
                status=user.status.value,
                paused_until=user.paused_until,
                role=user.role,
            )
        )

    async def delete(self, user_id: int) -> None:
        """Delete a user; the database cascades to everything that references them."""
        await self._session.execute(delete(UserRow).where(UserRow.id == user_id))

    async def find_by_identity(self, channel: str, external_id: str) -> User | None:
        """The user who owns this channel account."""
        row = await self._session.scalar(
            select(UserRow)
            .join(ChannelIdentityRow, ChannelIdentityRow.user_id == UserRow.id)
            .where(
                ChannelIdentityRow.channel == channel,
                ChannelIdentityRow.external_id == external_id,
            )
        )
        return _user(row) if row else None

    async def find_with_dialogue(self, channel: str, external_id: str) -> KnownAccount | None:
        """The user of a channel account, their dialogue state, whether they have a profile and
        where the account is reached, in one query (every inbound event needs all of it)."""
        params = {"channel": channel, "external_id": external_id}
        found = await first_row(self._session, _FIND_WITH_DIALOGUE, params)
        if found is None:
            return None
        state = None
        if found.flow is not None:
            state = DialogueState(found.id, found.flow, found.step, dict(found.data), found.version)
        return KnownAccount(
            _user(found),
            state,
            found.profile_pack is not None,
            found.identity_chat_id,
            bool(found.identity_reachable),
            found.profile_pack,
            bool(found.has_bookings),
            bool(found.has_challenges),
        )

    async def get_identity(self, channel: str, external_id: str) -> ChannelIdentity | None:
        """The identity row of a channel account."""
        row = await self._session.scalar(
            select(ChannelIdentityRow).where(
                ChannelIdentityRow.channel == channel,
                ChannelIdentityRow.external_id == external_id,
            )
        )
        return _identity(row) if row else None

    async def add_identity(
        self, user_id: int, channel: str, external_id: str, chat_id: str, now: datetime
    ) -> ChannelIdentity:
        """Attach a channel account to a user."""
        row = ChannelIdentityRow(
            user_id=user_id,
            channel=channel,
            external_id=external_id,
            chat_id=chat_id,
            reachable=True,
            created_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        return _identity(row)

    async def identities(self, user_id: int) -> Sequence[ChannelIdentity]:
        """Every channel account of a user."""
        rows = await self._session.scalars(
            select(ChannelIdentityRow)
            .where(ChannelIdentityRow.user_id == user_id)
            .order_by(ChannelIdentityRow.id)
        )
        return [_identity(row) for row in rows]

    async def set_reachable(
        self, channel: str, external_id: str, reachable: bool, reason: str | None = None
    ) -> None:
        """Record that the coach can (or cannot) message this account."""
        await self._session.execute(
            update(ChannelIdentityRow)
            .where(
                ChannelIdentityRow.channel == channel,
                ChannelIdentityRow.external_id == external_id,
            )
            .values(reachable=reachable, unreachable_reason=None if reachable else reason)
        )

    async def set_chat_id(self, channel: str, external_id: str, chat_id: str) -> None:
        """Change where private messages to this account go (e.g. a Discord DM channel)."""
        await self._session.execute(
            update(ChannelIdentityRow)
            .where(
                ChannelIdentityRow.channel == channel,
                ChannelIdentityRow.external_id == external_id,
            )
            .values(chat_id=chat_id)
        )

"""The async unit of work: one transaction shared by the repositories of one event or job."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from types import TracebackType
from typing import Self, TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.core.errors import StorageUnavailable
from coach.events import DomainEvent, EventBus, EventLog
from storage.repositories import (
    SqlChannelPollRepository,
    SqlContentRepository,
    SqlDialogueRepository,
    SqlNotificationAudience,
    SqlOutboxRepository,
    SqlPlanRepository,
    SqlProfileRepository,
    SqlProgressRepository,
    SqlUserRepository,
)
from storage.repositories.aitutor import SqlAiTutorRepository
from storage.repositories.boards import SqlBoardRepository
from storage.repositories.challenges import SqlChallengeRepository
from storage.repositories.community import SqlCommunityRepository
from storage.repositories.comparison import SqlComparisonRepository
from storage.repositories.feedback import SqlFeedbackRepository
from storage.repositories.forum import SqlForumRepository
from storage.repositories.group_attendance import SqlAttendanceRepository
from storage.repositories.instance_secrets import SqlInstanceSecrets
from storage.repositories.leagues import SqlLeagueRepository
from storage.repositories.learning import SqlLearningRepository
from storage.repositories.linking import SqlGroupSettingsRepository, SqlLinkCodeRepository
from storage.repositories.liveqa import SqlLiveQaRepository
from storage.repositories.motivation import SqlMotivationRepository
from storage.repositories.partners import SqlPartnerRepository
from storage.repositories.peers import SqlPeerProfileRepository
from storage.repositories.personal_data import SqlPersonalDataRepository
from storage.repositories.tutor_rooms import SqlRoomRepository
from storage.repositories.tutors import SqlTutorRepository
from storage.repositories.webchat import SqlWebTranscript

log = logging.getLogger(__name__)
T = TypeVar("T")


class SqlUnitOfWork:
    """A transaction; it rolls back on exit unless `commit()` was called.

    Use one per inbound event, job run or web request::

        async with uow_factory() as uow:
            user = await uow.users.get(7)
            ...
            await uow.commit()
    """

    session: AsyncSession

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], bus: EventBus | None = None
    ) -> None:
        self._session_factory = session_factory
        self._bus = bus

    async def __aenter__(self) -> Self:
        self.session = self._session_factory()
        self._events = EventLog(self._bus)
        self.users = SqlUserRepository(self.session)
        self.profiles = SqlProfileRepository(self.session)
        self.plans = SqlPlanRepository(self.session)
        self.progress = SqlProgressRepository(self.session)
        self.dialogues = SqlDialogueRepository(self.session)
        self.personal_data = SqlPersonalDataRepository(self.session)
        self.content = SqlContentRepository(self.session)
        self.links = SqlLinkCodeRepository(self.session)
        self.groups = SqlGroupSettingsRepository(self.session)
        self.channel_polls = SqlChannelPollRepository(self.session)
        self.outbox = SqlOutboxRepository(self.session)
        self.audience = SqlNotificationAudience(self.session)
        self.learning = SqlLearningRepository(self.session)
        self.feedback = SqlFeedbackRepository(self.session)
        self.peers = SqlPeerProfileRepository(self.session)
        self.web_chat = SqlWebTranscript(self.session)
        self.secrets = SqlInstanceSecrets(self.session)
        self.aitutor = SqlAiTutorRepository(self.session)
        self.liveqa = SqlLiveQaRepository(self.session)
        self.forum = SqlForumRepository(self.session)
        self.community = SqlCommunityRepository(self.session)
        self.partners = SqlPartnerRepository(self.session)
        self.comparison = SqlComparisonRepository(self.session)
        self.tutors = SqlTutorRepository(self.session)
        self.tutor_rooms = SqlRoomRepository(self.session)
        self.motivation = SqlMotivationRepository(self.session)
        self.leagues = SqlLeagueRepository(self.session)
        self.attendance = SqlAttendanceRepository(self.session)
        self.boards = SqlBoardRepository(self.session)
        self.challenges = SqlChallengeRepository(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            # Anything not committed is discarded, whether the block failed or simply ended.
            await self.session.rollback()
        except DBAPIError:
            if exc is None:
                raise
            # The connection is already gone with the error being raised; that one matters.
        finally:
            await self.session.close()
        if isinstance(exc, DBAPIError) and is_transient(exc):
            # Callers outside storage cannot know SQLAlchemy's errors; this one they can retry.
            raise StorageUnavailable(type(exc.orig or exc).__name__) from exc

    async def record(self, event: DomainEvent) -> None:
        """Keep an event of this unit; its subscribers react at once, in this transaction."""
        await self._events.record(self, event)

    @property
    def recorded(self) -> Sequence[DomainEvent]:
        """The events recorded in this unit so far, in order."""
        return self._events.events

    async def commit(self) -> None:
        """Make the work of this unit durable."""
        await self.session.commit()

    async def rollback(self) -> None:
        """Discard the work of this unit."""
        await self.session.rollback()


class SqlUnitOfWorkFactory:
    """Makes units of work on one session factory."""

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], bus: EventBus | None = None
    ) -> None:
        self.session_factory = session_factory
        self.bus = bus or EventBus()

    def __call__(self) -> SqlUnitOfWork:
        """A fresh unit of work whose recorded events reach this factory's subscribers."""
        return SqlUnitOfWork(self.session_factory, self.bus)


def is_transient(error: BaseException) -> bool:
    """Whether a database error is worth retrying (connection lost, lock, serialization)."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, OperationalError):
        return True
    text = str(getattr(error, "orig", error)).lower()
    return any(
        marker in text
        for marker in ("database is locked", "could not serialize", "deadlock detected")
    )

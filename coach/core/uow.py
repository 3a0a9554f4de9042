"""The unit of work: one transaction whose repositories the features share."""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Protocol, Self

from coach.accounts.ports import (
    DialogueRepository,
    GroupSettingsRepository,
    LinkCodeRepository,
    PersonalDataRepository,
    UserRepository,
)
from coach.aitutor.ports import AiTutorRepository
from coach.community.attendance_ports import AttendanceRepository
from coach.community.ports import (
    CommunityRepository,
    ComparisonRepository,
    PartnerRepository,
)
from coach.core.channel_store import ChannelPollRepository, InstanceSecrets, WebTranscript
from coach.events import DomainEvent
from coach.forum.ports import ForumRepository
from coach.learning.ports import FeedbackRepository, LearningRepository, ProgressRepository
from coach.liveqa.ports import LiveQaRepository
from coach.motivation.board_ports import BoardRepository
from coach.motivation.challenge_ports import ChallengeRepository
from coach.motivation.ports import LeagueRepository, MotivationRepository
from coach.notifications.ports import NotificationAudience, OutboxRepository
from coach.packs.ports import ContentRepository
from coach.peers.ports import PeerProfileRepository
from coach.plans.ports import PlanRepository, ProfileRepository
from coach.tutors.ports import TutorRepository
from coach.tutors.room_model import RoomRepository


class UnitOfWork(Protocol):
    """One transaction: repositories share it; nothing is written unless `commit` is called."""

    @property
    def users(self) -> UserRepository:
        """The users of this unit of work."""
        ...

    @property
    def profiles(self) -> ProfileRepository:
        """The profiles of this unit of work."""
        ...

    @property
    def plans(self) -> PlanRepository:
        """The plans of this unit of work."""
        ...

    @property
    def progress(self) -> ProgressRepository:
        """The progress of this unit of work."""
        ...

    @property
    def dialogues(self) -> DialogueRepository:
        """The dialogues of this unit of work."""
        ...

    @property
    def personal_data(self) -> PersonalDataRepository:
        """The personal data of this unit of work."""
        ...

    @property
    def content(self) -> ContentRepository:
        """The content packs of this unit of work."""
        ...

    @property
    def learning(self) -> LearningRepository:
        """Quiz answers, review cards, time estimates and mocks of this unit of work."""
        ...

    @property
    def feedback(self) -> FeedbackRepository:
        """Feedback and decisions of this unit of work."""
        ...

    @property
    def peers(self) -> PeerProfileRepository:
        """Peer profiles (pseudonym, opt-ins) of this unit of work."""
        ...

    @property
    def links(self) -> LinkCodeRepository:
        """The account-link codes of this unit of work."""
        ...

    @property
    def groups(self) -> GroupSettingsRepository:
        """The group settings of this unit of work."""
        ...

    @property
    def channel_polls(self) -> ChannelPollRepository:
        """Quiz polls the channels sent (poll id -> question and student)."""
        ...

    @property
    def web_chat(self) -> WebTranscript:
        """The web chat's transcripts."""
        ...

    @property
    def secrets(self) -> InstanceSecrets:
        """The installation's generated secrets."""
        ...

    @property
    def outbox(self) -> OutboxRepository:
        """The notification outbox of this unit of work."""
        ...

    @property
    def audience(self) -> NotificationAudience:
        """Bulk reads of who gets which notification."""
        ...

    @property
    def aitutor(self) -> AiTutorRepository:
        """AI-tutor conversations of this unit of work."""
        ...

    @property
    def liveqa(self) -> LiveQaRepository:
        """Live Q&A sessions, attendees, questions and announcements of this unit of work."""
        ...

    @property
    def forum(self) -> ForumRepository:
        """The Q&A forum of this unit of work."""
        ...

    @property
    def community(self) -> CommunityRepository:
        """Study groups, their members, places and preferences of this unit of work."""
        ...

    @property
    def partners(self) -> PartnerRepository:
        """Accountability partnerships of this unit of work."""
        ...

    @property
    def comparison(self) -> ComparisonRepository:
        """The opt-in peer comparison's figures of this unit of work."""
        ...

    @property
    def tutors(self) -> TutorRepository:
        """Human tutors and escalations of this unit of work."""
        ...

    @property
    def tutor_rooms(self) -> RoomRepository:
        """The escalations' forum topics in the tutor supergroup of this unit of work."""
        ...

    @property
    def motivation(self) -> MotivationRepository:
        """The XP ledger, study days and badges of this unit of work."""
        ...

    @property
    def leagues(self) -> LeagueRepository:
        """Weekly league entries of this unit of work."""
        ...

    @property
    def attendance(self) -> AttendanceRepository:
        """The roll of group study sessions of this unit of work."""
        ...

    @property
    def boards(self) -> BoardRepository:
        """Rosters and places of the group-place leaderboards."""
        ...

    @property
    def challenges(self) -> ChallengeRepository:
        """Weekly challenges of students and of group places."""
        ...

    async def record(self, event: DomainEvent) -> None:
        """Keep an event of this unit; its subscribers react at once, in this transaction."""
        ...

    @property
    def recorded(self) -> Sequence[DomainEvent]:
        """The events recorded in this unit so far, in order."""
        ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None:
        """Make the work of this unit durable."""
        ...

    async def rollback(self) -> None:
        """Discard the work of this unit."""
        ...


class UnitOfWorkFactory(Protocol):
    """Makes a fresh unit of work."""

    def __call__(self) -> UnitOfWork:
        """A fresh unit of work."""
        ...

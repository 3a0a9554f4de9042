"""Ports: the interfaces the coach needs from the outer layers.

`storage/` implements the unit of work and repositories, `bot/` the channels and the clock,
an optional adapter the LLM. The coach depends on these protocols only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Protocol, Self

from coach.domain import (
    AssessmentResult,
    ChannelIdentity,
    DialogueState,
    GroupSettings,
    LessonProgress,
    LinkCode,
    Profile,
    SessionStatus,
    StudyPlan,
    StudySession,
    TopicMastery,
    User,
)
from coach.learning_ports import FeedbackRepository, LearningRepository
from coach.messages import ChannelRef, Reply
from coach.notifications.controls import StudentRules
from coach.notifications.model import (
    Ack,
    AudiencePage,
    ExistingPush,
    Notification,
    NotificationKind,
    OutboxItem,
    OutboxStats,
    Recipient,
    Retry,
    Settle,
)
from coach.notifications.nudges import MockScore, QuizScore
from content import Pack


class Clock(Protocol):
    """Tells the time as an aware UTC datetime."""

    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        return datetime.now(UTC)


class ConcurrentUpdateError(Exception):
    """A row changed since it was read (optimistic locking)."""


class StorageUnavailable(Exception):
    """The database dropped the connection, was unreachable or busy; nothing of the unit of
    work was kept, so the whole unit may be run again."""


class UserRepository(Protocol):
    """Students and their channel identities."""

    async def get(self, user_id: int) -> User | None:
        """The user with this id, if any."""
        ...

    async def add(
        self, *, locale: str, timezone: str, now: datetime, display_name: str | None = None
    ) -> User:
        """Create a user."""
        ...

    async def update(self, user: User) -> None:
        """Save changed user fields."""
        ...

    async def delete(self, user_id: int) -> None:
        """Delete a user and everything that belongs to them."""
        ...

    async def find_by_identity(self, channel: str, external_id: str) -> User | None:
        """The user who owns this channel account."""
        ...

    async def find_with_dialogue(
        self, channel: str, external_id: str
    ) -> tuple[User, DialogueState | None, bool] | None:
        """The user of a channel account, their dialogue state and whether a profile exists."""
        ...

    async def get_identity(self, channel: str, external_id: str) -> ChannelIdentity | None:
        """The identity row of a channel account."""
        ...

    async def add_identity(
        self, user_id: int, channel: str, external_id: str, chat_id: str, now: datetime
    ) -> ChannelIdentity:
        """Attach a channel account to a user."""
        ...

    async def identities(self, user_id: int) -> Sequence[ChannelIdentity]:
        """Every channel account of a user."""
        ...

    async def set_reachable(
        self, channel: str, external_id: str, reachable: bool, reason: str | None = None
    ) -> None:
        """Record that the coach can (or cannot) message this account."""
        ...

    async def set_chat_id(self, channel: str, external_id: str, chat_id: str) -> None:
        """Change where private messages to this account go (e.g. a Discord DM channel)."""
        ...


class ProfileRepository(Protocol):
    """Exam goals and study constraints."""

    async def get(self, user_id: int) -> Profile | None:
        """The profile of a user, if onboarding reached it."""
        ...

    async def save(self, profile: Profile) -> None:
        """Insert or replace a user's profile."""
        ...


class PlanRepository(Protocol):
    """Study plans and their sessions."""

    async def add(self, plan: StudyPlan, sessions: Sequence[StudySession]) -> StudyPlan:
        """Store a plan with its sessions (ids of the arguments are ignored)."""
        ...

    async def get(self, plan_id: int) -> StudyPlan | None:
        """A plan by id."""
        ...

    async def active_for(self, user_id: int) -> StudyPlan | None:
        """The user's active plan."""
        ...

    async def latest_draft_for(self, user_id: int) -> StudyPlan | None:
        """The user's newest draft (preview) plan."""
        ...

    async def set_status(self, plan_id: int, status: str, now: datetime) -> None:
        """Activate or archive a plan."""
        ...

    async def sessions(
        self, plan_id: int, start: date | None = None, end: date | None = None
    ) -> Sequence[StudySession]:
        """The plan's sessions, optionally only those from `start` to `end` inclusive."""
        ...

    async def get_session(self, session_id: int) -> StudySession | None:
        """One session by id."""
        ...

    async def update_session(self, session: StudySession) -> None:
        """Save a changed session."""
        ...

    async def replace_future(
        self, plan_id: int, from_date: date, sessions: Sequence[StudySession]
    ) -> None:
        """Replace the scheduled sessions on or after `from_date` (done ones stay)."""
        ...

    async def mark_status(
        self,
        session_id: int,
        status: SessionStatus,
        now: datetime,
        minutes_spent: int | None = None,
    ) -> None:
        """Record that a session was done, missed or skipped."""
        ...


class ProgressRepository(Protocol):
    """Assessment results, per-topic mastery and lesson progress."""

    async def add_assessment(self, results: Sequence[AssessmentResult]) -> None:
        """Store assessment outcomes."""
        ...

    async def assessments(self, user_id: int) -> Sequence[AssessmentResult]:
        """A user's assessment outcomes."""
        ...

    async def mastery(self, user_id: int, pack_id: str) -> Mapping[str, float]:
        """Topic id to mastery for a user in a pack."""
        ...

    async def set_mastery(self, items: Sequence[TopicMastery]) -> None:
        """Insert or update per-topic mastery."""
        ...

    async def lesson_progress(self, user_id: int, pack_id: str) -> Sequence[LessonProgress]:
        """Every lesson the user has touched in a pack."""
        ...

    async def save_lesson_progress(self, progress: LessonProgress) -> None:
        """Insert or update one lesson's progress."""
        ...


class DialogueRepository(Protocol):
    """Conversation state, one row per user."""

    async def get(self, user_id: int) -> DialogueState | None:
        """The user's current conversation state."""
        ...

    async def save(self, state: DialogueState) -> DialogueState:
        """Save with optimistic locking; raises ConcurrentUpdateError on a stale version."""
        ...

    async def clear(self, user_id: int) -> None:
        """Forget the conversation state."""
        ...


class LinkCodeRepository(Protocol):
    """One-time codes that join channel accounts into one student (stored hashed)."""

    async def add(
        self, user_id: int, code_hash: str, now: datetime, expires_at: datetime
    ) -> LinkCode:
        """Store a new code for a user; the user's earlier unused codes stop working."""
        ...

    async def find(self, code_hash: str) -> LinkCode | None:
        """The code with this hash, if any."""
        ...

    async def get(self, code_id: int) -> LinkCode | None:
        """A code by id."""
        ...

    async def claim(self, code_id: int, user_id: int | None) -> None:
        """Remember (or, with None, forget) the account that must confirm this code."""
        ...

    async def use(self, code_id: int, now: datetime) -> bool:
        """Mark the code used; False when it was already used (it works once)."""
        ...

    async def move_identities(self, from_user_id: int, to_user_id: int) -> int:
        """Give every channel account of one user to another; returns how many moved."""
        ...


class GroupSettingsRepository(Protocol):
    """Settings of groups (Discord servers) that use the coach."""

    async def get(self, channel: str, group_id: str) -> GroupSettings | None:
        """A group's settings, if it was set up."""
        ...

    async def save(self, settings: GroupSettings) -> None:
        """Insert or replace a group's settings."""


class OutboxRepository(Protocol):
    """Durable pushes: producers enqueue, one dispatcher per bot token claims, sends and settles.

    Every row has a unique dedupe key, so enqueueing twice is harmless; a claimed row carries a
    lease token, and only the holder of the current lease can settle it.
    """

    async def enqueue(self, notifications: Sequence[Notification], now: datetime) -> int:
        """Store pushes; a known key is only refreshed while still waiting. Returns rows written."""
        ...

    async def claim(
        self, channel: str, limit: int, lease_seconds: float, now: datetime
    ) -> Sequence[OutboxItem]:
        """Lease up to `limit` due rows of a channel (queued, or leased with an expired lease)."""
        ...

    async def ack(self, acks: Sequence[Ack]) -> int:
        """Mark delivered rows sent with their platform message ids; returns rows updated."""
        ...

    async def retry_later(self, retries: Sequence[Retry]) -> int:
        """Release claimed rows back to the queue until their retry time."""
        ...

    async def settle(self, outcomes: Sequence[Settle], now: datetime) -> int:
        """Close claimed rows as dead, failed or dropped, with the reason."""
        ...

    async def drop_pending(
        self,
        reason: str,
        *,
        user_id: int | None = None,
        channel: str | None = None,
        chat_key: str | None = None,
        kinds: Sequence[NotificationKind] | None = None,
        ids: Sequence[int] | None = None,
    ) -> int:
        """Drop queued rows matching every given filter (a paused student, a blocked chat)."""
        ...

    async def day_rows(
        self, user_ids: Sequence[int], first_day: date, last_day: date
    ) -> Sequence[ExistingPush]:
        """Queued, leased and sent rows of these students' local days (for caps and reconciling)."""
        ...

    async def sent_counts(
        self, pairs: Sequence[tuple[int, date]]
    ) -> Mapping[tuple[int, date], int]:
        """How many pushes each (student, local day) was sent."""
        ...

    async def recent_keys(
        self, user_ids: Sequence[int], kinds: Sequence[NotificationKind], since: date
    ) -> Mapping[int, frozenset[str]]:
        """Dedupe keys of these kinds stored for each student since a local day (any status)."""
        ...

    async def latest_context(
        self, user_ids: Sequence[int], kind: NotificationKind
    ) -> Mapping[int, Mapping[str, Any]]:
        """The context of each student's newest sent push of a kind (the last weekly review)."""
        ...

    async def stats(self, now: datetime) -> OutboxStats:
        """Counts per status, due rows and the lag of the oldest one."""
        ...

    async def purge(self, before: datetime, statuses: Sequence[str]) -> int:
        """Delete finished rows created before `before`; returns how many."""
        ...

    async def last_run(self, job: str) -> datetime | None:
        """When a producer job last completed."""
        ...

    async def mark_run(self, job: str, at: datetime) -> None:
        """Record that a producer job completed at `at`."""
        ...


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What an import did to the rows of one kind (topics, lessons, ...)."""

    added: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome of importing a pack; `skipped` when its checksum matched the last import."""

    pack_id: str
    version: str
    checksum: str
    skipped: bool
    by_kind: Mapping[str, ImportCounts]

    @property
    def added(self) -> int:
        """Rows inserted."""
        return sum(c.added for c in self.by_kind.values())

    @property
    def updated(self) -> int:
        """Rows changed (including rows brought back from retirement)."""
        return sum(c.updated for c in self.by_kind.values())

    @property
    def retired(self) -> int:
        """Rows that left the pack and were marked retired."""
        return sum(c.retired for c in self.by_kind.values())

    @property
    def unchanged(self) -> int:
        """Rows already as the pack says."""
        return sum(c.unchanged for c in self.by_kind.values())


@dataclass(frozen=True, slots=True)
class ImportedPack:
    """A pack as last imported into the database."""

    id: str
    name: str
    version: str
    language: str
    checksum: str
    imported_at: datetime


class ContentRepository(Protocol):
    """Content packs in the database, imported idempotently; rows are retired, never deleted."""

    async def import_pack(self, pack: Pack, now: datetime) -> ImportReport:
        """Insert, update or retire rows so the database matches `pack`."""
        ...

    async def imported_packs(self) -> Sequence[ImportedPack]:
        """Every imported pack, by id."""
        ...

    async def item_ids(self, pack_id: str, kind: str, *, retired: bool = False) -> set[str]:
        """Ids of the live (or, with `retired`, the retired) rows of one kind of a pack."""
        ...


class PersonalDataRepository(Protocol):
    """Everything stored about one person, for export and deletion."""

    async def export(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row about the user, table by table, as JSON-ready values."""
        ...

    async def delete(self, user_id: int) -> None:
        """Delete the user and everything that belongs to them."""
        ...


@dataclass(frozen=True, slots=True)
class MasteryPoint:
    """A student's mastery of a topic and when it last changed."""

    value: float
    updated_at: datetime


class NotificationAudience(Protocol):
    """Bulk reads the notification producers need, a page of students at a time."""

    async def student_ids(self) -> Sequence[int]:
        """Every student's id, ascending."""
        ...

    async def recipients(self, user_ids: Sequence[int], channels: Sequence[str]) -> AudiencePage:
        """These students, where they have a profile and are reachable on one of `channels`
        (preferred first)."""
        ...

    async def recipient(self, user_id: int, channels: Sequence[str]) -> Recipient | None:
        """One student as a recipient, or None when they cannot be reached."""
        ...

    async def sessions(
        self, user_ids: Sequence[int], first_day: date, last_day: date
    ) -> Mapping[int, Sequence[StudySession]]:
        """Sessions of the students' active plans on those days, by student."""
        ...

    async def names(self, locale: str) -> Mapping[str, str]:
        """Topic and subject ids to their names in a language, for every pack."""
        ...

    async def mastery(self, user_ids: Sequence[int]) -> Mapping[int, Mapping[str, MasteryPoint]]:
        """Current topic mastery per student."""
        ...

    async def baseline_mastery(self, user_ids: Sequence[int]) -> Mapping[int, Mapping[str, float]]:
        """Topic mastery measured by the initial assessment, per student."""
        ...

    async def quiz_scores(
        self, user_ids: Sequence[int], since: datetime
    ) -> Mapping[int, Sequence[QuizScore]]:
        """Finished quizzes per student since a moment, oldest first."""
        ...

    async def mock_scores(self, user_ids: Sequence[int]) -> Mapping[int, Sequence[MockScore]]:
        """Mock exam results per student, oldest first."""
        ...

    async def controls(self, user_ids: Sequence[int]) -> Mapping[int, StudentRules]:
        """Each student's current rules, for the last check before sending."""
        ...


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
    def links(self) -> LinkCodeRepository:
        """The account-link codes of this unit of work."""
        ...

    @property
    def groups(self) -> GroupSettingsRepository:
        """The group settings of this unit of work."""
        ...

    @property
    def outbox(self) -> OutboxRepository:
        """The notification outbox of this unit of work."""
        ...

    @property
    def audience(self) -> NotificationAudience:
        """Bulk reads of who gets which notification."""
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


class DeliveryError(Exception):
    """A reply could not be delivered."""


class RecipientUnreachable(DeliveryError):
    """The platform refuses messages to this recipient (Telegram 403, Discord 50007)."""


class RateLimited(DeliveryError):
    """The platform asked us to slow down; retry after `retry_after` seconds."""

    def __init__(self, retry_after: float, message: str = "rate limited") -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TransientDeliveryError(DeliveryError):
    """A network failure or server error; worth retrying with backoff."""


@dataclass(frozen=True, slots=True)
class ChannelCapabilities:
    """What a channel can show, so the engine can adapt (e.g. quiz polls vs. buttons)."""

    native_quiz: bool = False
    buttons: bool = True
    max_message_length: int = 4096
    documents: bool = True
    html: bool = False


class Channel(Protocol):
    """Delivers replies to a chat on one platform."""

    name: str
    capabilities: ChannelCapabilities

    async def send(self, to: ChannelRef, reply: Reply) -> str | None:
        """Deliver one reply; returns the platform message id when there is one.

        Raises RecipientUnreachable, RateLimited or TransientDeliveryError; the caller decides
        whether to mark the recipient, wait, or retry.
        """
        ...


class Llm(Protocol):
    """An optional language model; the coach works fully without one."""

    async def complete(self, prompt: str, *, max_tokens: int = 300, **options: Any) -> str:
        """Complete the prompt; raises on failure so the caller can fall back."""
        ...

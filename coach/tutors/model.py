"""The records of human tutoring: tutor profiles, invitations, escalations and their messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

TUTOR_ROLE = "tutor"


class TutorStatus(StrEnum):
    """Whether a tutor is asked for new escalations."""

    ACTIVE = "active"
    PAUSED = "paused"  # keeps open escalations, is asked for no new ones
    REMOVED = "removed"  # no longer a tutor (the account goes back to the student role)


class EscalationState(StrEnum):
    """offered -> requested -> assigned -> active -> resolved, or declined/expired/cancelled."""

    OFFERED = "offered"  # the coach offered a tutor; the student has not answered
    REQUESTED = "requested"  # the student wants one; tutors are being asked
    ASSIGNED = "assigned"  # a tutor accepted and reads the packet
    ACTIVE = "active"  # the tutor is in the student's chat (messages are relayed)
    RESOLVED = "resolved"
    DECLINED = "declined"  # the student said no to the offer
    EXPIRED = "expired"  # no answer to the offer, or no tutor accepted in time
    CANCELLED = "cancelled"  # the student withdrew the request


FINAL_STATES = frozenset(
    {
        EscalationState.RESOLVED,
        EscalationState.DECLINED,
        EscalationState.EXPIRED,
        EscalationState.CANCELLED,
    }
)
OPEN_STATES = tuple(s for s in EscalationState if s not in FINAL_STATES)


class AskAnswer(StrEnum):
    """What became of asking one tutor."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    PASSED = "passed"  # the tutor said they cannot
    TAKEN = "taken"  # another tutor was faster
    LAPSED = "lapsed"  # the wave ran out, or the request ended


class Speaker(StrEnum):
    """Who wrote a relayed message."""

    STUDENT = "student"
    TUTOR = "tutor"


@dataclass(frozen=True, slots=True)
class Invite:
    """An operator's invitation: the tutor profile it creates once its code is used."""

    name: str
    subjects: tuple[str, ...]
    languages: tuple[str, ...]
    capacity: int = 2
    may_take_minors: bool = False


@dataclass(frozen=True, slots=True)
class TutorProfile:
    """A tutor: what they teach, in which languages, when, how many at once, and how rated.

    `availability` maps a weekday ("mon".."sun") to "HH:MM-HH:MM" ranges in `timezone`; an
    empty mapping means "whenever I am online" (asked at any hour)."""

    user_id: int
    name: str
    subjects: tuple[str, ...]
    languages: tuple[str, ...]
    capacity: int
    may_take_minors: bool
    status: TutorStatus = TutorStatus.ACTIVE
    availability: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    timezone: str = "Europe/Istanbul"
    rating_sum: int = 0
    rating_count: int = 0
    last_asked_at: datetime | None = None
    open_escalations: int = 0  # filled by the repository: assigned + active now

    @property
    def rating(self) -> float | None:
        """The mean rating, None before the first one."""
        return self.rating_sum / self.rating_count if self.rating_count else None


@dataclass(frozen=True, slots=True)
class Escalation:
    """One student's need for a human tutor on one topic, and how it went."""

    id: int
    student_id: int
    pack_id: str
    subject_id: str
    topic_id: str
    state: EscalationState
    reason: str  # struggle | asked | wheel_spin | mocks
    minor: bool
    locale: str
    created_at: datetime
    updated_at: datetime
    signals: tuple[str, ...] = ()
    student_words: str = ""
    tutor_id: int | None = None
    wave: int = 0
    wave_started_at: datetime | None = None
    rating: int | None = None
    comment: str = ""
    note: str = ""
    ai_conversation_id: int | None = None
    booked_for: datetime | None = None  # a booked session's start (reason "booked")


@dataclass(frozen=True, slots=True)
class NewEscalation:
    """What opening an escalation stores."""

    student_id: int
    pack_id: str
    subject_id: str
    topic_id: str
    state: EscalationState
    reason: str
    minor: bool
    locale: str
    signals: tuple[str, ...] = ()
    student_words: str = ""
    ai_conversation_id: int | None = None
    booked_for: datetime | None = None


@dataclass(frozen=True, slots=True)
class Ask:
    """One tutor asked in one wave."""

    escalation_id: int
    tutor_id: int
    wave: int
    asked_at: datetime
    answer: AskAnswer = AskAnswer.PENDING


@dataclass(frozen=True, slots=True)
class RelayedMessage:
    """A message of the conversation between student and tutor (kept for safety)."""

    escalation_id: int
    speaker: Speaker
    text: str
    at: datetime
    photo: str | None = None  # the platform's file reference of a passed-on photo


@dataclass(frozen=True, slots=True)
class TutorBlock:
    """A student's block or report of a tutor (reports are read by the operator)."""

    student_id: int
    tutor_id: int
    kind: str  # block | report
    at: datetime
    text: str = ""
    escalation_id: int | None = None


@dataclass(frozen=True, slots=True)
class Need:
    """What routing looks for: the subject, the student's language, and whether a minor."""

    subject_id: str
    language: str
    minor: bool
    excluded: frozenset[int] = frozenset()  # asked already, or blocked by the student


@dataclass(frozen=True, slots=True)
class Packet:
    """The hand-off card the assigned tutor reads first (no contact details, no platform ids)."""

    student_name: str
    exam: str
    track: str
    days_to_exam: int | None
    topic: str
    reason: str
    signals: tuple[str, ...]
    mastery: int | None  # percent
    prerequisites: tuple[tuple[str, int | None], ...]
    wrong_answers: tuple[tuple[str, str], ...]  # (question, the student's answer)
    adherence: tuple[int, int]  # sessions done, sessions planned this week
    latest_mock: tuple[float, date] | None  # the latest mock's net and day (the template formats)
    student_words: str
    minor: bool
    ai_lines: tuple[tuple[str, str], ...] = ()  # (student | coach, text): the AI tutor talk


TutorList = Sequence[TutorProfile]

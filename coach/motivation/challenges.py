"""Weekly challenges, the pure rules: which challenge a week offers, what a swap gives, what
counts towards it and when it is done.

A personal challenge is chosen from the plan's focus of the week: a topic with several planned
sessions ("3 sessions of Türev"), a full mock when one is planned or the exam is near, a
number of sessions or of minutes. Asked for in the middle of the week it is chosen from the
sessions still ahead, so its goal fits the days left; on the last day (or with nothing left)
it is next week's. The student accepts it or swaps it for the next candidate
(never the same one twice in a row). Only learning that happened counts: sessions completed
and mocks recorded (domain events), never a tap; counting starts when the challenge is
accepted. A group challenge is a shared number of sessions for the members who joined it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from coach.domain import SessionStatus, StudySession
from coach.events import DomainEvent

MOCK_NEAR_DAYS = 60  # with the exam this close a full mock a week is worth a challenge
TOPIC_TARGET = 3  # "3 sessions of Türev": at most three, fewer when fewer are planned
MIN_TOPIC_SESSIONS = 2  # a topic planned once this week is no challenge
SESSION_SHARE = 0.8  # a sessions challenge asks for most of the week's planned sessions
MINUTES_SHARE = 0.7
MINUTES_STEP = 30
FALLBACK_SESSIONS = 3  # no plan for the week (or an empty one): a small, doable goal
GROUP_SESSIONS_PER_MEMBER = 3  # a group's shared goal grows with the members who join
GROUP_MIN_TARGET = 6
STUDY_KINDS = frozenset({"lesson", "review", "quiz"})
LAST_DAYS = 1  # asked for on the week's last study day, the challenge is next week's


class ChallengeKind(StrEnum):
    """What a challenge asks for."""

    TOPIC_SESSIONS = "topic_sessions"  # sessions of one topic
    SESSIONS = "sessions"  # planned sessions of any topic
    MINUTES = "minutes"  # minutes of planned sessions done
    MOCK = "mock"  # a full mock exam, its results entered


class ChallengeStatus(StrEnum):
    """The life of a week's challenge."""

    OFFERED = "offered"  # shown, not accepted yet: nothing counts
    ACCEPTED = "accepted"  # counting
    COMPLETED = "completed"  # target reached (once)


@dataclass(frozen=True, slots=True)
class Goal:
    """What a challenge asks for: a kind, a target and (for a topic) the topic."""

    kind: ChallengeKind
    target: int
    topic_id: str | None = None
    subject_id: str | None = None


@dataclass(frozen=True, slots=True)
class WeekFocus:
    """The plan's week as the policy sees it."""

    sessions: Sequence[StudySession]
    days_to_exam: int | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """What one event adds to challenges: sessions (of a topic), minutes, a mock."""

    sessions: int = 0
    minutes: int = 0
    mocks: int = 0
    topic_id: str | None = None


def candidates(focus: WeekFocus) -> tuple[Goal, ...]:
    """The week's possible challenges, best first; never empty."""
    study = [s for s in focus.sessions if s.kind in STUDY_KINDS]
    goals: list[Goal] = []
    mock_planned = any(s.kind == "mock_exam" for s in focus.sessions)
    exam_near = focus.days_to_exam is not None and 0 <= focus.days_to_exam <= MOCK_NEAR_DAYS
    if mock_planned or exam_near:
        goals.append(Goal(ChallengeKind.MOCK, 1))
    by_topic: dict[str, list[StudySession]] = {}
    for session in study:
        if session.topic_id:
            by_topic.setdefault(session.topic_id, []).append(session)
    ranked = sorted(by_topic.items(), key=lambda item: (-len(item[1]), item[1][0].date, item[0]))
    for topic_id, sessions in ranked[:3]:
        if len(sessions) >= MIN_TOPIC_SESSIONS:
            target = min(TOPIC_TARGET, len(sessions))
            goals.append(
                Goal(ChallengeKind.TOPIC_SESSIONS, target, topic_id, sessions[0].subject_id)
            )
    if study:
        share = max(2, round(len(study) * SESSION_SHARE))
        goals.append(Goal(ChallengeKind.SESSIONS, min(len(study), share)))
        minutes = sum(s.minutes for s in study) * MINUTES_SHARE
        steps = max(1, round(minutes / MINUTES_STEP))
        goals.append(Goal(ChallengeKind.MINUTES, steps * MINUTES_STEP))
    if not goals or all(g.kind is ChallengeKind.MOCK for g in goals):
        goals.append(Goal(ChallengeKind.SESSIONS, FALLBACK_SESSIONS))
    return tuple(goals)


def days_left(week: date, today: date) -> int:
    """Study days left of the week starting on Monday `week`, today included (7 on Monday)."""
    return max(0, min(7, (week + timedelta(days=7) - today).days))


def still_ahead(sessions: Sequence[StudySession], today: date) -> tuple[StudySession, ...]:
    """The sessions a challenge accepted today can still count: from today on, not done."""
    return tuple(s for s in sessions if s.date >= today and s.status is SessionStatus.SCHEDULED)


def offered_week(week: date, today: date, ahead: Sequence[StudySession]) -> date:
    """The week a challenge asked for today is for: this one while a goal can still be
    reached in it, else next week's (the last study day, or no study session left)."""
    left = days_left(week, today)
    if left <= LAST_DAYS or (left < 7 and not any(s.kind in STUDY_KINDS for s in ahead)):
        return week + timedelta(days=7)
    return week


def pick(focus: WeekFocus) -> Goal:
    """The challenge a week offers first."""
    return candidates(focus)[0]


def swap(focus: WeekFocus, current: Goal, swaps: int) -> Goal:
    """The challenge offered after the `swaps`-th swap: the next candidate in turn, never the
    one being swapped away (when the week has only one, a different target of sessions)."""
    goals = candidates(focus)
    others = [g for g in goals if g != current]
    if not others:
        bumped = current.target + 1 if current.kind is not ChallengeKind.MOCK else 2
        return Goal(ChallengeKind.SESSIONS, max(FALLBACK_SESSIONS, bumped))
    return others[(swaps - 1) % len(others)]


def step_of_session(kind: str, topic_id: str | None, minutes: int) -> Step:
    """What a completed planned session adds (a mock session counts when its results are
    entered, not when ticked off)."""
    if kind not in STUDY_KINDS:
        return Step()
    return Step(sessions=1, minutes=max(0, minutes), topic_id=topic_id)


def step_of_mock() -> Step:
    """What a recorded mock exam adds."""
    return Step(mocks=1)


def gain(goal: Goal, step: Step) -> int:
    """How much an event moves a challenge."""
    if goal.kind is ChallengeKind.TOPIC_SESSIONS:
        return step.sessions if step.topic_id == goal.topic_id else 0
    if goal.kind is ChallengeKind.SESSIONS:
        return step.sessions
    if goal.kind is ChallengeKind.MINUTES:
        return step.minutes
    return step.mocks


def advance(progress: int, target: int, added: int) -> tuple[int, bool]:
    """The new progress and whether this step completed the challenge (exactly once)."""
    after = progress + max(0, added)
    return after, progress < target <= after


def group_target(members: int) -> int:
    """A group's shared number of sessions for `members` joined members."""
    return max(GROUP_MIN_TARGET, GROUP_SESSIONS_PER_MEMBER * members)


def in_week(week: date, day: date) -> bool:
    """Whether `day` belongs to the week starting on Monday `week`."""
    return 0 <= (day - week).days < 7


@dataclass(frozen=True, kw_only=True)
class ChallengeProgressed(DomainEvent):
    """An event moved the student's challenge (personal, or a group's they joined)."""

    challenge_id: int
    group: bool
    progress: int
    target: int
    kind: str


@dataclass(frozen=True, kw_only=True)
class ChallengeCompleted(DomainEvent):
    """A challenge reached its target (recorded once)."""

    challenge_id: int
    group: bool
    kind: str
    target: int
    week: date
    pack_id: str | None = None
    topic_id: str | None = None

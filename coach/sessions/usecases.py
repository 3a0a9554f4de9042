"""Use cases of the sessions feature: start, settle (done, skipped, missed), rate and move a
planned session, and the evening check-in.

Settling is one use case whatever settles the session — the Done button, the check-in, a quiz
on a planned quiz or review, the nightly run — so every path records the same event and every
reaction (the struggle check, the streak, the XP ledger) follows from it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from coach.core.uow import UnitOfWork
from coach.domain import (
    LessonProgress,
    PlanStatus,
    SessionStatus,
    StudyPlan,
    StudySession,
    key_stem,
)
from coach.sessions.events import (
    CheckInCompleted,
    SessionCompleted,
    SessionMissed,
    SessionMoved,
    SessionRated,
    SessionSettled,
    SessionSkipped,
    SessionStarted,
)
from coach.sessions.lessons import record_lesson_work
from coach.sessions.progress import streak


class Found(StrEnum):
    """Whether a session named by a button can be acted on."""

    OK = "ok"
    GONE = "gone"  # not the student's, deleted, or its plan is no longer active
    ALREADY = "already"  # settled before (another device, a double tap)


@dataclass(frozen=True, slots=True)
class SessionRef:
    """A session of a student, named by id (from a button)."""

    user_id: int
    session_id: int


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    """The session acted on (None when gone), its plan, and whether the action happened."""

    found: Found
    session: StudySession | None = None
    plan: StudyPlan | None = None
    streak: int = 0
    # The plan's sessions up to today, read for the streak: callers fold the streak that
    # follows the plan (`coach.motivation`) from them without reading them again.
    history: tuple[StudySession, ...] = ()


@dataclass(frozen=True, slots=True)
class SettleSession:
    """Done, skipped or missed, with the minutes the student reports and how hard it was."""

    user_id: int
    session_id: int
    status: SessionStatus
    today: date
    source: str
    minutes_spent: int | None = None
    difficulty: int | None = None
    reason: str | None = None
    timezone: str | None = None  # the student's, when the caller has them loaded
    in_challenge: bool = True  # False when the caller knows no challenge counts (see events)


@dataclass(frozen=True, slots=True)
class RateSession:
    """How hard a session was, 1-5."""

    user_id: int
    session_id: int
    rating: int


@dataclass(frozen=True, slots=True)
class MoveSession:
    """Move a scheduled session to another day (before the exam)."""

    user_id: int
    session_id: int
    to_day: date
    today: date


@dataclass(frozen=True, slots=True)
class CheckIn:
    """The evening check-in: a mark per session ("d" done, "p" partly, "n" not done)."""

    user_id: int
    today: date
    marks: Mapping[int, str]
    asked: Sequence[int]
    difficulty: int | None
    minutes: int


# How far back a skipped, missed or partly done session can still be corrected to done: the
# student who tapped the wrong button, or did the session after the check-in, fixes it.
CORRECTABLE_DAYS = 3
MARKS = {"d": SessionStatus.DONE, "p": SessionStatus.SKIPPED, "n": SessionStatus.MISSED}
_EVENTS: dict[SessionStatus, type[SessionSettled]] = {
    SessionStatus.DONE: SessionCompleted,
    SessionStatus.SKIPPED: SessionSkipped,
    SessionStatus.MISSED: SessionMissed,
}


@dataclass(frozen=True, slots=True)
class CheckInOutcome:
    """What the check-in recorded."""

    plan: StudyPlan | None
    done: int  # sessions done today, with their Done button or in this check-in
    streak: int
    difficulty: int | None
    history: tuple[StudySession, ...] = ()  # as in SessionOutcome: for the plan's streak


async def find_session(
    uow: UnitOfWork, user_id: int, session_id: int
) -> tuple[StudySession, StudyPlan] | None:
    """The session and its plan, if it is the student's and the plan is active.

    A button of a plan since replaced (the student made a new plan) acts on the active
    plan's session with the same planner key, or the same key but for the day it names;
    only when there is none is the session gone."""
    session = await uow.plans.get_session(session_id)
    if session is None or session.user_id != user_id:
        return None
    plan = await uow.plans.get(session.plan_id)
    if plan is not None and plan.status is PlanStatus.ACTIVE:
        return session, plan
    active = await uow.plans.active_for(user_id)
    if active is None:
        return None
    same = _same_session(session, await uow.plans.sessions(active.id))
    return (same, active) if same is not None else None


def _same_session(old: StudySession, sessions: Sequence[StudySession]) -> StudySession | None:
    """The session of another plan that is `old`: same key first, then same key stem, a
    scheduled one before one already done."""
    for match in (lambda s: s.key == old.key, lambda s: key_stem(s.key) == key_stem(old.key)):
        found = [s for s in sessions if match(s)]
        found.sort(key=lambda s: s.status is not SessionStatus.SCHEDULED)
        if found:
            return found[0]
    return None


def _facts(session: StudySession, plan: StudyPlan) -> dict[str, object]:
    return {
        "user_id": session.user_id,
        "session_id": session.id,
        "plan_id": plan.id,
        "pack_id": plan.pack_id,
        "kind": session.kind,
        "day": session.date,
        "topic_id": session.topic_id,
        "subject_id": session.subject_id,
        "lesson_id": session.lesson_id,
    }


async def scheduled_session(uow: UnitOfWork, now: datetime, query: SessionRef) -> SessionOutcome:
    """The session and its plan when it can still be acted on (scheduled, plan active)."""
    found = await find_session(uow, query.user_id, query.session_id)
    if found is None:
        return SessionOutcome(Found.GONE)
    session, plan = found
    if session.status is not SessionStatus.SCHEDULED:
        return SessionOutcome(Found.ALREADY, session, plan)
    return SessionOutcome(Found.OK, session, plan)


async def start_session(uow: UnitOfWork, now: datetime, command: SessionRef) -> SessionOutcome:
    """Open a scheduled session: its lesson is in progress from now."""
    found = await find_session(uow, command.user_id, command.session_id)
    if found is None:
        return SessionOutcome(Found.GONE)
    session, plan = found
    if session.status is not SessionStatus.SCHEDULED:
        return SessionOutcome(Found.ALREADY, session, plan)
    if session.lesson_id:
        await uow.progress.save_lesson_progress(
            LessonProgress(session.user_id, plan.pack_id, session.lesson_id, "in_progress")
        )
    await uow.record(SessionStarted(at=now, **_facts(session, plan)))  # type: ignore[arg-type]
    return SessionOutcome(Found.OK, session, plan)


async def settle_session(uow: UnitOfWork, now: datetime, command: SettleSession) -> SessionOutcome:
    """Done, skipped or missed: the one way a session leaves the schedule."""
    found = await find_session(uow, command.user_id, command.session_id)
    if found is None:
        return SessionOutcome(Found.GONE)
    session, plan = found
    status = command.status
    done = status is SessionStatus.DONE
    if session.status is not SessionStatus.SCHEDULED and not (
        done and correctable(session, command.today)
    ):
        return SessionOutcome(Found.ALREADY, session, plan)
    # Minutes already counted (a partly done session) are not counted twice by the correction.
    before = session.minutes_spent or 0
    spent = command.minutes_spent
    if spent is None and done:
        spent = max(session.minutes - before, 0) or session.minutes
    settled = dataclasses.replace(
        session,
        status=status,
        minutes_spent=(before + (spent or 0)) or None,
        completed_at=now if done else None,
        difficulty_rating=command.difficulty or session.difficulty_rating,
    )
    await uow.plans.update_session(settled)
    if status is not SessionStatus.MISSED:
        await record_lesson_work(
            uow, session, plan.pack_id, completed=done, minutes=spent or 0, now=now
        )
    facts = _facts(session, plan)
    extra: dict[str, object] = {"reason": command.reason} if status is SessionStatus.SKIPPED else {}
    if done and before:
        extra["minutes_before"] = before
    event = _EVENTS[status](
        at=now,
        source=command.source,
        planned_minutes=session.minutes,
        minutes_spent=spent,
        timezone=command.timezone,
        in_challenge=command.in_challenge,
        **facts,  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )
    await uow.record(event)
    if command.difficulty is not None:
        await uow.record(SessionRated(at=now, rating=command.difficulty, **facts))  # type: ignore[arg-type]
    history = await uow.plans.sessions(plan.id, None, command.today)
    return SessionOutcome(Found.OK, settled, plan, streak(history, command.today), tuple(history))


def correctable(session: StudySession, today: date) -> bool:
    """A skipped, missed or partly done session of the last few days can become done."""
    return (
        session.status in (SessionStatus.SKIPPED, SessionStatus.MISSED)
        and today - timedelta(days=CORRECTABLE_DAYS) <= session.date <= today
    )


async def rate_session(uow: UnitOfWork, now: datetime, command: RateSession) -> SessionOutcome:
    """Remember how hard a session was (after Done); reactions follow from the event."""
    found = await find_session(uow, command.user_id, command.session_id)
    if found is None or not 1 <= command.rating <= 5:
        return SessionOutcome(Found.GONE)
    session, plan = found
    rated = dataclasses.replace(session, difficulty_rating=command.rating)
    await uow.plans.update_session(rated)
    await uow.record(SessionRated(at=now, rating=command.rating, **_facts(session, plan)))  # type: ignore[arg-type]
    return SessionOutcome(Found.OK, rated, plan)


async def move_session(uow: UnitOfWork, now: datetime, command: MoveSession) -> SessionOutcome:
    """Move a scheduled session; a block moved by hand is pinned where the student put it."""
    found = await find_session(uow, command.user_id, command.session_id)
    if found is None:
        return SessionOutcome(Found.GONE)
    session, plan = found
    if not command.today <= command.to_day < plan.exam_date or command.to_day == session.date:
        return SessionOutcome(Found.GONE, session, plan)
    if session.status is not SessionStatus.SCHEDULED:
        return SessionOutcome(Found.ALREADY, session, plan)
    moved = dataclasses.replace(session, date=command.to_day, pinned=True)
    await uow.plans.update_session(moved)
    await uow.record(SessionMoved(at=now, to_day=command.to_day, **_facts(session, plan)))  # type: ignore[arg-type]
    return SessionOutcome(Found.OK, moved, plan)


async def day_sessions(
    uow: UnitOfWork, user_id: int, day: date
) -> tuple[StudyPlan | None, list[StudySession]]:
    """The active plan and its study sessions of one day (break days left out)."""
    plan = await uow.plans.active_for(user_id)
    if plan is None:
        return None, []
    sessions = await uow.plans.sessions(plan.id, day, day)
    return plan, [s for s in sessions if s.kind != "break" and s.minutes > 0]


async def check_in(uow: UnitOfWork, now: datetime, command: CheckIn) -> CheckInOutcome:
    """Settle the day's sessions as the student marked them; unmarked ones count as not done.

    The reported minutes are shared among the sessions worked on in proportion to their
    planned length. Sessions settled elsewhere meanwhile (a Done button) are left alone.
    """
    plan, sessions = await day_sessions(uow, command.user_id, command.today)
    if plan is None:
        return CheckInOutcome(None, 0, 0, command.difficulty)
    marks = {int(k): v for k, v in command.marks.items()}
    worked = [s for s in sessions if marks.get(s.id) in ("d", "p")]
    planned = sum(s.minutes for s in worked) or 1
    asked = set(command.asked)
    for session in sessions:
        if session.id not in asked or session.status is not SessionStatus.SCHEDULED:
            continue
        mark = marks.get(session.id, "n")
        spent = round(command.minutes * session.minutes / planned) if mark in ("d", "p") else 0
        await settle_session(
            uow,
            now,
            SettleSession(
                command.user_id,
                session.id,
                MARKS[mark],
                command.today,
                source="checkin",
                minutes_spent=spent,
                difficulty=command.difficulty if mark in ("d", "p") else None,
            ),
        )
    done = sum(1 for mark in marks.values() if mark == "d")
    await uow.record(
        CheckInCompleted(
            user_id=command.user_id,
            at=now,
            pack_id=plan.pack_id,
            done=done,
            reported_minutes=command.minutes,
            worked=len(worked),
            day=command.today,
        )
    )
    history = await uow.plans.sessions(plan.id, None, command.today)
    # The thanks counts the whole day: sessions done with their Done button count too.
    done_today = sum(
        1 for s in history if s.date == command.today and s.status is SessionStatus.DONE
    )
    return CheckInOutcome(
        plan, done_today, streak(history, command.today), command.difficulty, tuple(history)
    )

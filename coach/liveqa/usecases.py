"""Use cases of live Q&A sessions: schedule, list, say you will come, ask, upvote, close."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from coach.core.uow import UnitOfWork
from coach.liveqa.events import QaAttendanceGiven, QaSessionClosed, QaSessionScheduled
from coach.liveqa.model import NewSession, QaQuestion, QaSession, QaStatus
from coach.liveqa.policy import DEFAULT_QA_POLICY, clean_question, session_problem

TUTOR_ROLE = "tutor"


@dataclass(frozen=True, slots=True)
class ScheduleSession:
    """Schedule a session (by a tutor, or from the command line with no host user)."""

    session: NewSession


@dataclass(frozen=True, slots=True)
class Scheduled:
    """The session scheduled, or the problem (a template name) that prevented it."""

    session: QaSession | None = None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Upcoming:
    """Scheduled sessions of a pack (all packs with None) not over yet."""

    pack_id: str | None
    limit: int = 10


@dataclass(frozen=True, slots=True)
class Hosted:
    """A tutor's sessions still open (to come, running, or over but not closed yet)."""

    host_user_id: int
    limit: int = 5


@dataclass(frozen=True, slots=True)
class HeldSessions:
    """Sessions held in a pack, newest first, with their answered questions."""

    pack_id: str | None
    limit: int = 5


@dataclass(frozen=True, slots=True)
class Attend:
    """A student says they will come."""

    session_id: int
    user_id: int


@dataclass(frozen=True, slots=True)
class AskQuestion:
    """A student's question for a session."""

    session_id: int
    user_id: int
    text: str


@dataclass(frozen=True, slots=True)
class Upvote:
    """A student upvotes a question."""

    question_id: int
    user_id: int


@dataclass(frozen=True, slots=True)
class SessionQuestions:
    """The questions of a session."""

    session_id: int


@dataclass(frozen=True, slots=True)
class MarkAnswered:
    """The host marks a question answered (again: not answered)."""

    question_id: int
    host_user_id: int | None


@dataclass(frozen=True, slots=True)
class CloseSession:
    """The host ends the session; answered questions are kept with it."""

    session_id: int
    host_user_id: int | None  # None: an operator (the command line) may close any session


async def schedule_session(uow: UnitOfWork, now: datetime, command: ScheduleSession) -> Scheduled:
    """Check and store a session; its invitations and announcements follow from the event."""
    new = command.session
    if new.host_user_id is not None:
        host = await uow.users.get(new.host_user_id)
        if host is None or host.role != TUTOR_ROLE:
            return Scheduled(problem="not_tutor")
    problem = session_problem(new.starts_at, new.minutes, new.title, now, DEFAULT_QA_POLICY)
    if problem is not None:
        return Scheduled(problem=problem)
    session = await uow.liveqa.add_session(new, now)
    await uow.record(QaSessionScheduled(user_id=new.host_user_id or 0, at=now, session=session))
    return Scheduled(session=session)


async def upcoming(uow: UnitOfWork, now: datetime, query: Upcoming) -> Sequence[QaSession]:
    """Sessions still to come (or running), soonest first."""
    return await uow.liveqa.sessions(
        status=QaStatus.SCHEDULED, pack_id=query.pack_id, ends_after=now, limit=query.limit
    )


async def hosted(uow: UnitOfWork, now: datetime, query: Hosted) -> Sequence[QaSession]:
    """The host's open sessions, soonest first."""
    return await uow.liveqa.sessions(
        status=QaStatus.SCHEDULED, host_user_id=query.host_user_id, limit=query.limit
    )


async def held_sessions(
    uow: UnitOfWork, now: datetime, query: HeldSessions
) -> Sequence[tuple[QaSession, Sequence[QaQuestion]]]:
    """Held sessions with the questions their host marked answered."""
    sessions = await uow.liveqa.sessions(
        status=QaStatus.HELD, pack_id=query.pack_id, limit=query.limit
    )
    found = []
    for session in sessions:
        answered = [q for q in await uow.liveqa.questions(session.id) if q.answered_at]
        found.append((session, answered))
    return found


async def _open_session(uow: UnitOfWork, now: datetime, session_id: int) -> QaSession | None:
    session = await uow.liveqa.get_session(session_id)
    if session is None or session.status is not QaStatus.SCHEDULED or session.ends_at <= now:
        return None
    return session


async def attend(uow: UnitOfWork, now: datetime, command: Attend) -> QaSession | None:
    """Record the student's "I'll come" (once); None when the session is over or gone."""
    session = await _open_session(uow, now, command.session_id)
    if session is None:
        return None
    if await uow.liveqa.attend(session.id, command.user_id, now):
        await uow.record(QaAttendanceGiven(user_id=command.user_id, at=now, session=session))
    return session


async def ask_question(uow: UnitOfWork, now: datetime, command: AskQuestion) -> QaQuestion | None:
    """Store a question (contact details masked); None when the session is closed or the
    text is not a question anyone could read."""
    session = await _open_session(uow, now, command.session_id)
    text = clean_question(command.text)
    if session is None or text is None:
        return None
    return await uow.liveqa.add_question(session.id, command.user_id, text, now)


async def upvote(uow: UnitOfWork, now: datetime, command: Upvote) -> QaQuestion | None:
    """Upvote a question once; returns it with its new count (None when gone or closed).
    A student's own question cannot be upvoted by them."""
    question = await uow.liveqa.question(command.question_id)
    if question is None or await _open_session(uow, now, question.session_id) is None:
        return None
    if question.user_id != command.user_id:
        await uow.liveqa.vote(question.id, command.user_id, now)
    return await uow.liveqa.question(question.id)


async def session_questions(
    uow: UnitOfWork, now: datetime, query: SessionQuestions
) -> tuple[QaSession | None, Sequence[QaQuestion]]:
    """A session and its questions, most upvoted first."""
    session = await uow.liveqa.get_session(query.session_id)
    if session is None:
        return None, ()
    return session, await uow.liveqa.questions(session.id)


def _hosts(session: QaSession, host_user_id: int | None) -> bool:
    return host_user_id is None or session.host_user_id == host_user_id


async def mark_answered(uow: UnitOfWork, now: datetime, command: MarkAnswered) -> QaQuestion | None:
    """Toggle a question answered; only the session's host (or an operator) may."""
    question = await uow.liveqa.question(command.question_id)
    session = await uow.liveqa.get_session(question.session_id) if question else None
    if question is None or session is None or not _hosts(session, command.host_user_id):
        return None
    await uow.liveqa.set_answered(question.id, None if question.answered_at else now)
    return await uow.liveqa.question(question.id)


async def close_session(uow: UnitOfWork, now: datetime, command: CloseSession) -> int | None:
    """End a session as held; returns how many questions were answered (None if refused)."""
    session = await uow.liveqa.get_session(command.session_id)
    if session is None or session.status is not QaStatus.SCHEDULED:
        return None
    if not _hosts(session, command.host_user_id):
        return None
    await uow.liveqa.close(session.id, QaStatus.HELD, now)
    answered = sum(1 for q in await uow.liveqa.questions(session.id) if q.answered_at)
    await uow.record(
        QaSessionClosed(
            user_id=session.host_user_id or 0, at=now, session=session, answered=answered
        )
    )
    return answered

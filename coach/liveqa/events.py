"""Events of live Q&A sessions.

`user_id` of a session event is its host, or 0 for a session an operator scheduled from the
command line (no student is behind it).
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.events import DomainEvent
from coach.liveqa.model import QaSession


@dataclass(frozen=True, kw_only=True)
class QaSessionScheduled(DomainEvent):
    """A session was scheduled: invitations and group announcements follow."""

    session: QaSession


@dataclass(frozen=True, kw_only=True)
class QaAttendanceGiven(DomainEvent):
    """A student said they would come: a reminder follows."""

    session: QaSession


@dataclass(frozen=True, kw_only=True)
class QaSessionClosed(DomainEvent):
    """The host closed the session; the questions marked answered are kept."""

    session: QaSession
    answered: int

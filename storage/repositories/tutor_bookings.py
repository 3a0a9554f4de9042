"""Human tutoring in SQL, the student's plan side: the open booked sessions /today and /week
show. Read on every /today, so a plain Core select of five columns, not the ORM."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, bindparam, exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from coach.tutors.model import EscalationState
from storage.models.tutors import EscalationRow as E
from storage.repositories._rows import all_rows

# The states a booking shows in: assigned, under way.
_OPEN = (EscalationState.ASSIGNED.value, EscalationState.ACTIVE.value)


def _is_open_booking_of(
    student: ColumnElement[int] | InstrumentedAttribute[int],
) -> ColumnElement[bool]:
    return (
        (E.user_id == student)
        & E.booked_for.is_not(None)
        & E.tutor_user_id.is_not(None)
        # Two equalities, not IN: an IN list is re-rendered on every execution.
        & ((E.state == _OPEN[0]) | (E.state == _OPEN[1]))
    )


_BOOKINGS = select(E.id, E.booked_for, E.pack_id, E.topic_id, E.tutor_user_id).where(
    _is_open_booking_of(bindparam("student"))
)


def has_open_booking(student: InstrumentedAttribute[int]) -> ColumnElement[bool]:
    """Whether the student in `student` (a column of the enclosing query) has an open booked
    session: folded into the account query every turn runs, so that /today and /week skip the
    bookings query for the students who have none (nearly all of them)."""
    return exists().where(_is_open_booking_of(student))


class SqlTutorBookings:
    """A student's booked tutor sessions (mixed into `SqlTutorRepository`)."""

    _session: AsyncSession

    async def bookings(self, student_id: int) -> Sequence[tuple[int, datetime, str, str, int]]:
        """A student's open booked sessions: (escalation, start, pack, topic, tutor)."""
        rows = await all_rows(self._session, _BOOKINGS, {"student": student_id})
        return [(r.id, r.booked_for, r.pack_id, r.topic_id, r.tutor_user_id) for r in rows]

"""Human tutoring in SQL, the student's plan side: the open booked sessions /today and /week
show. Read on every /today, so a plain Core select of five columns, not the ORM."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.tutors.model import EscalationState
from storage.models.tutors import EscalationRow as E
from storage.repositories._rows import all_rows

# Open bookings of one student (the states a booking shows in: assigned, under way).
_BOOKINGS = select(E.id, E.booked_for, E.pack_id, E.topic_id, E.tutor_user_id).where(
    E.user_id == bindparam("student"),
    E.booked_for.is_not(None),
    E.tutor_user_id.is_not(None),
    E.state.in_([EscalationState.ASSIGNED.value, EscalationState.ACTIVE.value]),
)


class SqlTutorBookings:
    """A student's booked tutor sessions (mixed into `SqlTutorRepository`)."""

    _session: AsyncSession

    async def bookings(self, student_id: int) -> Sequence[tuple[int, datetime, str, str, int]]:
        """A student's open booked sessions: (escalation, start, pack, topic, tutor)."""
        rows = await all_rows(self._session, _BOOKINGS, {"student": student_id})
        return [(r.id, r.booked_for, r.pack_id, r.topic_id, r.tutor_user_id) for r in rows]

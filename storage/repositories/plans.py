"""Study plans and sessions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.domain import PlanStatus, SessionStatus, StudyPlan, StudySession, key_stem
from storage.models import StudyPlanRow, StudySessionRow
from storage.repositories._rows import all_rows, first_row


def _plan(row: Any) -> StudyPlan:
    """A plan from an ORM row or a plain result row (same attribute names)."""
    return StudyPlan(
        id=row.id,
        user_id=row.user_id,
        pack_id=row.pack_id,
        track=row.track,
        status=PlanStatus(row.status),
        start_date=row.start_date,
        exam_date=row.exam_date,
        created_at=row.created_at,
        activated_at=row.activated_at,
        summary=dict(row.summary),
    )


def _session(row: Any) -> StudySession:
    """A session from an ORM row or a plain result row (same attribute names)."""
    return StudySession(
        id=row.id,
        plan_id=row.plan_id,
        user_id=row.user_id,
        key=row.key,
        kind=row.kind,
        date=row.date,
        minutes=row.minutes,
        start=row.start,
        subject_id=row.subject_id,
        topic_id=row.topic_id,
        lesson_id=row.lesson_id,
        reason=row.reason,
        reason_data=dict(row.reason_data),
        status=SessionStatus(row.status),
        completed_at=row.completed_at,
        minutes_spent=row.minutes_spent,
        pinned=row.pinned,
        difficulty_rating=row.difficulty_rating,
    )


def _session_values(plan_id: int, session: StudySession) -> dict[str, Any]:
    return {
        "plan_id": plan_id,
        "user_id": session.user_id,
        "key": session.key,
        "kind": session.kind,
        "date": session.date,
        "start": session.start,
        "minutes": session.minutes,
        "subject_id": session.subject_id,
        "topic_id": session.topic_id,
        "lesson_id": session.lesson_id,
        "reason": session.reason,
        "reason_data": dict(session.reason_data),
        "status": session.status.value,
        "completed_at": session.completed_at,
        "minutes_spent": session.minutes_spent,
        "pinned": session.pinned,
        "difficulty_rating": session.difficulty_rating,
    }


def _sessions_query(with_start: bool, with_end: bool) -> Any:
    # Plain rows, not ORM objects: a day view maps them straight to dataclasses, and the
    # identity map would only cost time.
    query = select(*StudySessionRow.__table__.c).where(
        StudySessionRow.plan_id == bindparam("plan_id")
    )
    if with_start:
        query = query.where(StudySessionRow.date >= bindparam("start"))
    if with_end:
        query = query.where(StudySessionRow.date <= bindparam("end"))
    return query.order_by(StudySessionRow.date, StudySessionRow.start, StudySessionRow.id)


# Built once (the day views run them on every message).
_SESSIONS = {(s, e): _sessions_query(s, e) for s in (False, True) for e in (False, True)}
# The newest plan of a user in a status (every day view asks for the active one).
_NEWEST_PLAN = (
    select(*StudyPlanRow.__table__.c)
    .where(
        StudyPlanRow.user_id == bindparam("user_id"),
        StudyPlanRow.status == bindparam("status"),
    )
    .order_by(StudyPlanRow.id.desc())
    .limit(1)
)
_PLAN_BY_ID = select(*StudyPlanRow.__table__.c).where(StudyPlanRow.id == bindparam("plan_id"))
_SESSION_BY_ID = select(*StudySessionRow.__table__.c).where(
    StudySessionRow.id == bindparam("session_id")
)
# Every column a session update writes, as named parameters ("v_" because SQLAlchemy keeps the
# bare column names for itself): the Done path saves a session on every tap, and a statement
# built once skips constructing and compiling a new UPDATE each time.
# Every column but the id: the update writes what `_session_values` gives, whole.
_SESSION_COLUMNS = tuple(c.name for c in StudySessionRow.__table__.columns if c.name != "id")
_UPDATE_SESSION = (
    update(StudySessionRow)
    .where(StudySessionRow.id == bindparam("session_id"))
    .values({name: bindparam(f"v_{name}") for name in _SESSION_COLUMNS})
)


def _pair(
    sessions: Sequence[StudySession], ids_of: dict[str, list[int]], key: Callable[[str], str]
) -> tuple[list[StudySession], list[StudySession]]:
    """Sessions that take over a stored row's id (by `key` of their planner key, in order),
    and the rest; the ids taken are removed from `ids_of`."""
    kept: list[StudySession] = []
    fresh: list[StudySession] = []
    for session in sessions:
        ids = ids_of.get(key(session.key))
        if ids:
            kept.append(dataclasses.replace(session, id=ids.pop(0)))
        else:
            fresh.append(session)
    return kept, fresh


class SqlPlanRepository:
    """Plans and sessions in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, plan: StudyPlan, sessions: Sequence[StudySession]) -> StudyPlan:
        """Store a plan with its sessions (ids of the arguments are ignored)."""
        row = StudyPlanRow(
            user_id=plan.user_id,
            pack_id=plan.pack_id,
            track=plan.track,
            status=plan.status.value,
            start_date=plan.start_date,
            exam_date=plan.exam_date,
            created_at=plan.created_at,
            activated_at=plan.activated_at,
            summary=dict(plan.summary),
        )
        self._session.add(row)
        await self._session.flush()
        await self._insert_sessions(row.id, sessions)
        return _plan(row)

    async def _insert_sessions(self, plan_id: int, sessions: Sequence[StudySession]) -> None:
        if sessions:
            await self._session.execute(
                insert(StudySessionRow), [_session_values(plan_id, s) for s in sessions]
            )

    async def get(self, plan_id: int) -> StudyPlan | None:
        """A plan by id."""
        row = await first_row(self._session, _PLAN_BY_ID, {"plan_id": plan_id})
        return _plan(row) if row else None

    async def _newest(self, user_id: int, status: PlanStatus) -> StudyPlan | None:
        params = {"user_id": user_id, "status": status.value}
        row = await first_row(self._session, _NEWEST_PLAN, params)
        return _plan(row) if row else None

    async def active_for(self, user_id: int) -> StudyPlan | None:
        """The user's active plan."""
        return await self._newest(user_id, PlanStatus.ACTIVE)

    async def latest_draft_for(self, user_id: int) -> StudyPlan | None:
        """The user's newest draft (preview) plan."""
        return await self._newest(user_id, PlanStatus.DRAFT)

    async def set_status(self, plan_id: int, status: str, now: datetime) -> None:
        """Activate or archive a plan."""
        values: dict[str, Any] = {"status": PlanStatus(status).value}
        if status == PlanStatus.ACTIVE:
            values["activated_at"] = now
        await self._session.execute(
            update(StudyPlanRow).where(StudyPlanRow.id == plan_id).values(**values)
        )

    async def set_exam_date(self, plan_id: int, exam_date: date) -> None:
        """Move a plan's exam date (an accepted re-plan after the student changed it)."""
        await self._session.execute(
            update(StudyPlanRow).where(StudyPlanRow.id == plan_id).values(exam_date=exam_date)
        )

    async def sessions(
        self, plan_id: int, start: date | None = None, end: date | None = None
    ) -> Sequence[StudySession]:
        """The plan's sessions, optionally only those from `start` to `end` inclusive."""
        query = _SESSIONS[(start is not None, end is not None)]
        params = {"plan_id": plan_id, "start": start, "end": end}
        return [_session(row) for row in await all_rows(self._session, query, params)]

    async def get_session(self, session_id: int) -> StudySession | None:
        """One session by id."""
        row = await first_row(self._session, _SESSION_BY_ID, {"session_id": session_id})
        return _session(row) if row else None

    async def update_session(self, session: StudySession) -> None:
        """Save a changed session."""
        values = _session_values(session.plan_id, session)
        params = {f"v_{name}": value for name, value in values.items()}
        connection = await self._session.connection()
        await connection.execute(_UPDATE_SESSION, {"session_id": session.id, **params})

    async def replace_future(
        self, plan_id: int, from_date: date, sessions: Sequence[StudySession]
    ) -> None:
        """Replace the scheduled sessions on or after `from_date` (done ones stay).

        A session the new future keeps (same planner key, or the same key but for the day a
        moved session's key names) is updated in place and keeps its id: the Start / Done /
        Skip buttons already sent for it go on working after a re-plan.
        """
        stale = (
            StudySessionRow.plan_id == plan_id,
            StudySessionRow.date >= from_date,
            StudySessionRow.status == SessionStatus.SCHEDULED.value,
        )
        rows = await self._session.execute(
            select(StudySessionRow.id, StudySessionRow.key)
            .where(*stale)
            .order_by(StudySessionRow.date, StudySessionRow.start, StudySessionRow.id)
        )
        ids_of: dict[str, list[int]] = {}
        for row_id, key in rows.all():
            ids_of.setdefault(key, []).append(row_id)
        kept, fresh = _pair(sessions, ids_of, lambda key: key)
        # A moved session's key names its new day: the same session by the key's stem.
        by_stem: dict[str, list[int]] = {}
        for key, ids in ids_of.items():
            by_stem.setdefault(key_stem(key), []).extend(ids)
        moved, fresh = _pair(fresh, by_stem, key_stem)
        kept += moved
        gone = [row_id for ids in by_stem.values() for row_id in ids]
        if gone:
            await self._session.execute(delete(StudySessionRow).where(StudySessionRow.id.in_(gone)))
        if kept:  # one executemany: a rebuild keeps hundreds of sessions
            connection = await self._session.connection()
            await connection.execute(
                _UPDATE_SESSION,
                [
                    {
                        "session_id": session.id,
                        **{f"v_{k}": v for k, v in _session_values(plan_id, session).items()},
                    }
                    for session in kept
                ],
            )
        await self._insert_sessions(plan_id, fresh)

    async def mark_status(
        self,
        session_id: int,
        status: SessionStatus,
        now: datetime,
        minutes_spent: int | None = None,
    ) -> None:
        """Record that a session was done, missed or skipped."""
        values: dict[str, Any] = {"status": status.value}
        if status is SessionStatus.DONE:
            values["completed_at"] = now
        if minutes_spent is not None:
            values["minutes_spent"] = minutes_spent
        await self._session.execute(
            update(StudySessionRow).where(StudySessionRow.id == session_id).values(**values)
        )

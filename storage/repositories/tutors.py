"""Human tutoring in SQL. Every read a tutor makes carries the tutor's id in its WHERE clause,
so an escalation that is not theirs is simply not found."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.tutors.model import (
    Ask,
    AskAnswer,
    Escalation,
    EscalationState,
    Invite,
    NewEscalation,
    RelayedMessage,
    Speaker,
    TutorProfile,
    TutorStatus,
)
from storage.models.tutors import (
    EscalationAskRow,
    EscalationMessageRow,
    EscalationRow,
    TutorInviteRow,
    TutorProfileRow,
)
from storage.repositories._rows import all_rows
from storage.repositories.tutor_access import SqlTutorAccess
from storage.repositories.tutor_bookings import SqlTutorBookings

E = EscalationRow
LOAD_STATES = (EscalationState.ASSIGNED.value, EscalationState.ACTIVE.value)


def _escalation(row: EscalationRow) -> Escalation:
    return Escalation(
        id=row.id,
        student_id=row.user_id,
        pack_id=row.pack_id,
        subject_id=row.subject_id,
        topic_id=row.topic_id,
        state=EscalationState(row.state),
        reason=row.reason,
        minor=row.minor,
        locale=row.locale,
        created_at=row.created_at,
        updated_at=row.updated_at,
        signals=tuple(row.signals or ()),
        student_words=row.student_words or "",
        tutor_id=row.tutor_user_id,
        wave=row.wave,
        wave_started_at=row.wave_started_at,
        rating=row.rating,
        comment=row.comment or "",
        note=row.note or "",
        ai_conversation_id=row.ai_conversation_id,
        booked_for=row.booked_for,
    )


def _tutor(row: Any, load: int) -> TutorProfile:
    """A tutor from an ORM row or a plain result row (same attribute names)."""
    availability = {day: tuple(ranges) for day, ranges in (row.availability or {}).items()}
    return TutorProfile(
        user_id=row.user_id,
        name=row.name,
        subjects=tuple(row.subjects or ()),
        languages=tuple(row.languages or ()),
        capacity=row.capacity,
        may_take_minors=row.may_take_minors,
        status=TutorStatus(row.status),
        availability=availability,
        timezone=row.timezone,
        rating_sum=row.rating_sum,
        rating_count=row.rating_count,
        last_asked_at=row.last_asked_at,
        open_escalations=load,
    )


def _states(states: Sequence[EscalationState]) -> list[str]:
    return [s.value for s in states]


class SqlTutorRepository(SqlTutorAccess, SqlTutorBookings):
    """Tutors and escalations."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # ------------------------------------------------------------------ invitations
    async def add_invite(
        self, invite: Invite, code_hash: str, now: datetime, until: datetime
    ) -> int:
        """Store an invitation under the hash of its code."""
        row = TutorInviteRow(
            code_hash=code_hash,
            name=invite.name,
            subjects=list(invite.subjects),
            languages=list(invite.languages),
            capacity=invite.capacity,
            may_take_minors=invite.may_take_minors,
            created_at=now,
            expires_at=until,
        )
        self._session.add(row)
        await self._session.flush()
        return row.id

    async def redeem(self, code_hash: str, user_id: int, now: datetime) -> Invite | None:
        """Use an unused, unexpired invitation once (a conditional update: one winner)."""
        result = await self._session.execute(
            update(TutorInviteRow)
            .where(
                TutorInviteRow.code_hash == code_hash,
                TutorInviteRow.used_at.is_(None),
                TutorInviteRow.expires_at > now,
            )
            .values(used_at=now, user_id=user_id)
            .returning(TutorInviteRow)
        )
        row = result.scalar_one_or_none()
        if row is None:
            return None
        return Invite(
            row.name, tuple(row.subjects), tuple(row.languages), row.capacity, row.may_take_minors
        )

    # ------------------------------------------------------------------ tutors
    async def save_tutor(self, profile: TutorProfile, now: datetime) -> None:
        """Create or replace a tutor profile."""
        row = await self._session.get(TutorProfileRow, profile.user_id)
        values: dict[str, Any] = {
            "name": profile.name,
            "subjects": list(profile.subjects),
            "languages": list(profile.languages),
            "availability": {d: list(r) for d, r in profile.availability.items()},
            "timezone": profile.timezone,
            "capacity": profile.capacity,
            "may_take_minors": profile.may_take_minors,
            "status": profile.status.value,
            "updated_at": now,
        }
        if row is None:
            self._session.add(TutorProfileRow(user_id=profile.user_id, created_at=now, **values))
        else:
            for key, value in values.items():
                setattr(row, key, value)
        await self._session.flush()

    async def _loads(self, user_ids: Sequence[int] | None = None) -> dict[int, int]:
        query = (
            select(E.tutor_user_id, func.count().label("load"))
            .where(E.state.in_(LOAD_STATES), E.tutor_user_id.is_not(None))
            .group_by(E.tutor_user_id)
        )
        if user_ids is not None:
            query = query.where(E.tutor_user_id.in_(list(user_ids)))
        rows = await all_rows(self._session, query, {})
        return {int(row.tutor_user_id or 0): int(row.load) for row in rows}

    async def tutor(self, user_id: int) -> TutorProfile | None:
        """A tutor profile with its current load."""
        row = await self._session.get(TutorProfileRow, user_id)
        if row is None:
            return None
        return _tutor(row, (await self._loads([user_id])).get(user_id, 0))

    async def tutors(self, statuses: Sequence[TutorStatus] = ()) -> Sequence[TutorProfile]:
        """Tutors (all, or in these statuses) with their load, by user id."""
        # Plain rows: routing reads every tutor for each escalation, and loading ORM objects
        # for them cost more than the rest of the routing (bench.tutors, route_1000_sql_s).
        query = select(*TutorProfileRow.__table__.c).order_by(TutorProfileRow.user_id)
        if statuses:
            query = query.where(TutorProfileRow.status.in_([s.value for s in statuses]))
        rows = await all_rows(self._session, query, {})
        loads = await self._loads()
        return [_tutor(row, loads.get(row.user_id, 0)) for row in rows]

    async def set_status(self, user_id: int, status: TutorStatus, now: datetime) -> bool:
        """Pause, resume or remove a tutor; False when there is no such tutor."""
        row = await self._session.get(TutorProfileRow, user_id)
        if row is None:
            return False
        row.status, row.updated_at = status.value, now
        await self._session.flush()
        return True

    async def mark_asked(self, tutor_ids: Sequence[int], now: datetime) -> None:
        """Remember when tutors were last asked (the cooldown)."""
        if tutor_ids:
            await self._session.execute(
                update(TutorProfileRow)
                .where(TutorProfileRow.user_id.in_(list(tutor_ids)))
                .values(last_asked_at=now)
            )

    async def add_rating(self, tutor_id: int, rating: int) -> None:
        """Count a student's rating of a tutor."""
        await self._session.execute(
            update(TutorProfileRow)
            .where(TutorProfileRow.user_id == tutor_id)
            .values(
                rating_sum=TutorProfileRow.rating_sum + rating,
                rating_count=TutorProfileRow.rating_count + 1,
            )
        )

    # ------------------------------------------------------------------ escalations
    async def open_escalation(self, new: NewEscalation, now: datetime) -> Escalation:
        """Store a new escalation."""
        row = EscalationRow(
            user_id=new.student_id,
            pack_id=new.pack_id,
            subject_id=new.subject_id,
            topic_id=new.topic_id,
            state=new.state.value,
            reason=new.reason,
            signals=list(new.signals),
            minor=new.minor,
            locale=new.locale,
            student_words=new.student_words,
            ai_conversation_id=new.ai_conversation_id,
            booked_for=new.booked_for,
            wave=0,
            comment="",
            note="",
            created_at=now,
            updated_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        return _escalation(row)

    async def escalation(self, escalation_id: int) -> Escalation | None:
        """Any escalation by id (the coach's own use: jobs and the student's side)."""
        row = await self._session.get(EscalationRow, escalation_id, populate_existing=True)
        return _escalation(row) if row is not None else None

    async def _many(self, *where: Any) -> Sequence[Escalation]:
        rows = await self._session.scalars(select(E).where(*where).order_by(E.id.desc()))
        return [_escalation(row) for row in rows]

    async def student_escalations(
        self, student_id: int, states: Sequence[EscalationState] = ()
    ) -> Sequence[Escalation]:
        """A student's escalations (in these states), newest first."""
        where = [E.user_id == student_id]
        if states:
            where.append(E.state.in_(_states(states)))
        return await self._many(*where)

    async def tutor_escalation(self, escalation_id: int, tutor_id: int) -> Escalation | None:
        """An escalation assigned to this tutor; None for anyone else's."""
        found = await self._many(E.id == escalation_id, E.tutor_user_id == tutor_id)
        return found[0] if found else None

    async def asked_escalation(self, escalation_id: int, tutor_id: int) -> Escalation | None:
        """An escalation this tutor was asked to take; None when they were not asked."""
        asked = exists().where(
            EscalationAskRow.escalation_id == E.id, EscalationAskRow.user_id == tutor_id
        )
        found = await self._many(E.id == escalation_id, asked)
        return found[0] if found else None

    async def tutor_escalations(
        self, tutor_id: int, states: Sequence[EscalationState] = ()
    ) -> Sequence[Escalation]:
        """Escalations assigned to this tutor (in these states), newest first."""
        where = [E.tutor_user_id == tutor_id]
        if states:
            where.append(E.state.in_(_states(states)))
        return await self._many(*where)

    async def waiting(self, state: EscalationState, before: datetime) -> Sequence[Escalation]:
        """Escalations in a state whose wave (or offer) started before `before`."""
        started = func.coalesce(E.wave_started_at, E.created_at)
        return await self._many(E.state == state.value, started <= before)

    async def move(
        self,
        escalation_id: int,
        current: EscalationState,
        target: EscalationState,
        now: datetime,
        *,
        tutor_id: int | None = None,
        wave: int | None = None,
    ) -> bool:
        """Compare-and-set the state (so the first tutor to accept wins); False if it moved."""
        values: dict[str, Any] = {"state": target.value, "updated_at": now}
        if tutor_id is not None:
            values["tutor_user_id"] = tutor_id
        if wave is not None:
            values.update(wave=wave, wave_started_at=now)
        result = await self._session.execute(
            update(E).where(E.id == escalation_id, E.state == current.value).values(**values)
        )
        return bool(getattr(result, "rowcount", 0))

    async def finish(
        self,
        escalation_id: int,
        *,
        rating: int | None = None,
        comment: str | None = None,
        note: str | None = None,
    ) -> None:
        """Store the rating, comment or tutor note of a resolved escalation."""
        values: dict[str, Any] = {}
        for key, value in (("rating", rating), ("comment", comment), ("note", note)):
            if value is not None:
                values[key] = value
        if values:
            await self._session.execute(update(E).where(E.id == escalation_id).values(**values))

    # ------------------------------------------------------------------ asks
    async def add_asks(self, asks: Sequence[Ask]) -> None:
        """Store the tutors asked in a wave."""
        self._session.add_all(
            EscalationAskRow(
                escalation_id=a.escalation_id,
                user_id=a.tutor_id,
                wave=a.wave,
                answer=a.answer.value,
                asked_at=a.asked_at,
            )
            for a in asks
        )
        await self._session.flush()

    async def asks(self, escalation_id: int) -> Sequence[Ask]:
        """Everyone asked for an escalation."""
        rows = await self._session.scalars(
            select(EscalationAskRow)
            .where(EscalationAskRow.escalation_id == escalation_id)
            .order_by(EscalationAskRow.id)
        )
        return [
            Ask(r.escalation_id, r.user_id, r.wave, r.asked_at, AskAnswer(r.answer)) for r in rows
        ]

    async def answer_asks(
        self,
        escalation_id: int,
        answer: AskAnswer,
        now: datetime,
        *,
        tutor_id: int | None = None,
    ) -> Sequence[int]:
        """Close pending asks (one tutor's, or all); returns the tutors whose ask changed."""
        A = EscalationAskRow
        where = [A.escalation_id == escalation_id, A.answer == AskAnswer.PENDING.value]
        if tutor_id is not None:
            where.append(A.user_id == tutor_id)
        result = await self._session.execute(
            update(A)
            .where(*where)
            .values(answer=answer.value, answered_at=now)
            .returning(A.user_id)
        )
        return sorted(int(user_id) for user_id in result.scalars())

    # ------------------------------------------------------------------ messages
    async def add_message(self, student_id: int, message: RelayedMessage) -> None:
        """Keep a relayed message."""
        self._session.add(
            EscalationMessageRow(
                escalation_id=message.escalation_id,
                user_id=student_id,
                speaker=message.speaker.value,
                text=message.text,
                photo=message.photo,
                created_at=message.at,
            )
        )
        await self._session.flush()

    async def messages(
        self, escalation_id: int, tutor_id: int | None = None
    ) -> Sequence[RelayedMessage]:
        """The conversation; with `tutor_id`, only if that tutor is the assigned one."""
        M = EscalationMessageRow
        query = select(M).where(M.escalation_id == escalation_id).order_by(M.id)
        if tutor_id is not None:
            query = query.join(E, E.id == M.escalation_id).where(E.tutor_user_id == tutor_id)
        rows = await self._session.scalars(query)
        return [
            RelayedMessage(r.escalation_id, Speaker(r.speaker), r.text, r.created_at, r.photo)
            for r in rows
        ]

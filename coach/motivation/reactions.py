"""Subscribers of the motivation feature: XP and study days from the learning events.

Every reward comes from learning that happened (a session done, a right answer, a mock entered),
never from opening the app; each runs inside the transaction of the event that earned it, so a
rolled-back change earns nothing. Celebrations that reach the student outside the chat go
through the outbox (`coach.motivation.celebrate`).
"""

from __future__ import annotations

from datetime import time

from coach.core.clock import DAY_START
from coach.core.uow import UnitOfWork
from coach.learning.events import MockRecorded, QuizAnswered, QuizFinished
from coach.motivation.celebrate import Celebrations
from coach.motivation.ledger import earn, moment
from coach.motivation.usecases import MotivationUseCases
from coach.motivation.xp import (
    answer_award,
    mock_award,
    session_award,
    session_quiz_award,
    session_rest_award,
)
from coach.packs.catalog import Catalog
from coach.sessions.events import SessionCompleted, SessionSkipped

ILL = "ill"


class MotivationReactions:
    """XP ledger rows and study days, in reaction to domain events (badges: `usecases`)."""

    def __init__(self, catalog: Catalog, day_start: time = DAY_START) -> None:
        self._catalog = catalog
        self._day_start = day_start
        self.usecases = MotivationUseCases(catalog, day_start)
        self.celebrations = Celebrations()

    async def _timezone(self, uow: UnitOfWork, user_id: int, known: str | None) -> str | None:
        """The student's time zone: the one the event carries, else read (None: no user)."""
        if known is not None:
            return known
        user = await uow.users.get(user_id)
        return user.timezone if user else None

    async def on_session_completed(self, uow: UnitOfWork, event: SessionCompleted) -> None:
        """A planned session done: the study day is kept, XP by its minutes.

        The Done path's cost: two statements, the study day's upsert (which also returns the
        XP balance and today's XP for the cap) and the ledger's insert; the time zone comes
        with the event when the chat settled it."""
        timezone = await self._timezone(uow, event.user_id, event.timezone)
        if timezone is None:
            return
        minutes = event.minutes_spent or event.planned_minutes
        day, _hour = moment(event.at, timezone, self._day_start)
        totals = await uow.motivation.add_study_with_totals(
            event.user_id, day, sessions=1, minutes=minutes
        )
        award = session_award(event.session_id, event.kind, minutes)
        if event.minutes_before:  # a partly done session corrected: only the rest earns
            award = session_rest_award(
                event.session_id, event.kind, event.planned_minutes, event.minutes_before
            )
            if award.requested <= 0:
                return
        await earn(
            uow, event.user_id, timezone, award, event.at, day_start=self._day_start, totals=totals
        )

    async def on_session_skipped(self, uow: UnitOfWork, event: SessionSkipped) -> None:
        """Skipped as ill freezes the session's day; partly done counts its minutes."""
        timezone = await self._timezone(uow, event.user_id, event.timezone)
        if timezone is None:
            return
        if event.reason == ILL:
            await uow.motivation.add_study(event.user_id, event.day, ill=True)
        spent = event.minutes_spent or 0
        if spent > 0:
            day, _hour = moment(event.at, timezone, self._day_start)
            totals = await uow.motivation.add_study_with_totals(event.user_id, day, minutes=spent)
            award = session_award(event.session_id, "lesson", spent)
            await earn(
                uow,
                event.user_id,
                timezone,
                award,
                event.at,
                day_start=self._day_start,
                totals=totals,
            )

    async def on_quiz_answered(self, uow: UnitOfWork, event: QuizAnswered) -> None:
        """A right answer earns once per question, more for harder ones."""
        award = answer_award(
            event.pack_id,
            event.question_ref,
            event.difficulty,
            correct=event.correct,
            kind=event.kind,
        )
        user = await uow.users.get(event.user_id) if award else None
        if award is not None and user is not None:
            await earn(uow, user.id, user.timezone, award, event.at, day_start=self._day_start)

    async def on_quiz_finished(self, uow: UnitOfWork, event: QuizFinished) -> None:
        """A session followed by a quiz that went well earns a bonus."""
        if event.session_id is None:
            return
        award = session_quiz_award(event.session_id, event.share)
        user = await uow.users.get(event.user_id) if award else None
        if award is not None and user is not None:
            await earn(uow, user.id, user.timezone, award, event.at, day_start=self._day_start)

    async def on_mock_recorded(self, uow: UnitOfWork, event: MockRecorded) -> None:
        """A mock exam entered (once a day); better than the last one counts for a badge."""
        user = await uow.users.get(event.user_id)
        if user is None:
            return
        day, _hour = moment(event.at, user.timezone, self._day_start)
        better = event.previous_net is not None and event.total_net > event.previous_net
        award = mock_award(event.pack_id, day, better=better)
        await earn(uow, user.id, user.timezone, award, event.at, day_start=self._day_start)

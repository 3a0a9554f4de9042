"""A booked tutor session appears in the student's plan (SQLite and PostgreSQL): /today and
/week list it at its local time as a line of its own, beside the planner's sessions, which stay
as they were; a closed booking and another student's booking do not show."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.bootstrap import wired_engine
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.packs.catalog import Catalog
from coach.tutors.model import EscalationState, NewEscalation
from coach.tutors.usecases import move_escalation, open_escalation
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock
from tests.tutor_support import tutor_chat, user_id

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
S = EscalationState


@pytest.fixture
def engine(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> DialogueEngine:
    catalog = Catalog.load([str(MINI)])
    return wired_engine(uow_factory, clock, catalog, EngineConfig())  # type: ignore[return-value]


async def _student(engine: DialogueEngine, clock: FixedClock, key: str) -> Conversation:
    chat = Conversation(engine, clock, user_key=key, locale_hint="en")
    await onboard(chat, "en")
    await chat.press("pv:activate:")
    return chat


async def _book(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, student: int, tutor: int, days: int
) -> tuple[int, datetime]:
    """A booking `days` from now at 18:30 the student's time, assigned to the tutor."""
    async with uow_factory() as uow:
        user = await uow.users.get(student)
        assert user is not None
        zone = ZoneInfo(user.timezone)
        day = clock.now().astimezone(zone).date() + timedelta(days=days)
        at = datetime.combine(day, time(18, 30), zone)
        new = NewEscalation(
            student, "mini", "mat", "problemler", S.REQUESTED, "booked", False, "en", booked_for=at
        )
        booked = await open_escalation(uow, clock.now(), new)
        assigned = await move_escalation(uow, clock.now(), booked, S.ASSIGNED, tutor_id=tutor)
        assert assigned is not None
        await uow.commit()
    return assigned.id, at


async def test_a_booking_is_in_today_and_the_week_at_its_time(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    student = await _student(engine, clock, "1001")
    other = await _student(engine, clock, "1002")
    await tutor_chat(engine, clock, uow_factory, "2001", "Ada Hoca")
    me, ada = await user_id(uow_factory, "1001"), await user_id(uow_factory, "2001")
    await student.command("week")
    before = student.text()
    assert student.templates() == ["daily/week"]  # nothing booked: nothing extra
    booking, at = await _book(uow_factory, clock, me, ada, 2)

    await student.command("week")
    assert student.templates() == ["daily/week", "tutors/plan_booked"]
    replies = student.text()
    assert before in replies  # the planner's week is unchanged
    assert "18:30" in replies and "Ada Hoca" in replies and "Word problems" in replies
    await other.command("week")
    assert other.templates() == ["daily/week"]  # another student's booking is theirs alone

    await student.command("today")
    assert "tutors/plan_booked" not in student.templates()  # not today yet
    clock.set(at - timedelta(hours=10))
    await student.command("today")
    assert student.templates()[-1] == "tutors/plan_booked"
    assert student.templates()[0] in ("daily/today", "daily/today_free")
    assert "18:30" in student.text() and "today" in student.text()

    async with uow_factory() as uow:  # held and closed: no longer in the plan
        item = await uow.tutors.escalation(booking)
        assert item is not None
        await move_escalation(uow, clock.now(), item, S.RESOLVED)
        await uow.commit()
    await student.command("today")
    assert "tutors/plan_booked" not in student.templates()

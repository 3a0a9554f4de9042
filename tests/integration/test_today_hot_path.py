"""/today stays cheap (SQLite and PostgreSQL): a student without an open tutor booking costs
three statements (the account, the plan, the day's sessions) and no bookings query, because
the account query already says whether there is a booking; one with a booking still sees it,
and the account query's answer agrees with the bookings query in every escalation state."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

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


@contextmanager
def _statements(uow_factory: SqlUnitOfWorkFactory) -> Iterator[list[str]]:
    engine = uow_factory.session_factory.kw["bind"]
    assert isinstance(engine, AsyncEngine)
    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)


async def _has_bookings(uow_factory: SqlUnitOfWorkFactory, key: str) -> tuple[bool, bool]:
    """(what the account query says, whether the bookings query finds any)."""
    async with uow_factory() as uow:
        found = await uow.users.find_with_dialogue("web", key)
        assert found is not None
        return found.has_bookings, bool(await uow.tutors.bookings(found.user.id))


async def test_today_without_a_booking_runs_no_bookings_query(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    student = Conversation(engine, clock, user_key="1001", locale_hint="en")
    await onboard(student, "en")
    await student.press("pv:activate:")
    await tutor_chat(engine, clock, uow_factory, "2001", "Ada Hoca")
    me, ada = await user_id(uow_factory, "1001"), await user_id(uow_factory, "2001")

    with _statements(uow_factory) as seen:
        await student.command("today")
    assert student.templates()[0] in ("daily/today", "daily/today_free")
    assert "tutors/plan_booked" not in student.templates()
    assert not [s for s in seen if "FROM escalations WHERE" in s.split(" EXISTS ")[0]]
    assert len([s for s in seen if s.startswith("SELECT")]) <= 4  # account, plan, sessions(, next)
    assert await _has_bookings(uow_factory, "1001") == (False, False)

    # Requested with a time but no tutor yet: not a booking, for either query.
    async with uow_factory() as uow:
        zone = ZoneInfo("Europe/Istanbul")
        at = datetime.combine(clock.now().astimezone(zone).date(), time(18, 30), zone)
        new = NewEscalation(me, "mini", "mat", "problemler", S.REQUESTED, "booked", False, "en",
                            booked_for=at + timedelta(days=1))  # fmt: skip
        requested = await open_escalation(uow, clock.now(), new)
        await uow.commit()
    assert await _has_bookings(uow_factory, "1001") == (False, False)

    async with uow_factory() as uow:
        assigned = await move_escalation(uow, clock.now(), requested, S.ASSIGNED, tutor_id=ada)
        assert assigned is not None
        await uow.commit()
    assert await _has_bookings(uow_factory, "1001") == (True, True)
    await student.command("week")
    assert student.templates() == ["daily/week", "tutors/plan_booked"]

    async with uow_factory() as uow:
        item = await uow.tutors.escalation(assigned.id)
        assert item is not None
        await move_escalation(uow, clock.now(), item, S.RESOLVED)
        await uow.commit()
    assert await _has_bookings(uow_factory, "1001") == (False, False)
    await student.command("week")
    assert student.templates() == ["daily/week"]

"""The Done path of the motivation feature stays cheap: two statements (the study day's upsert,
which returns the XP figures the cap needs, and the ledger's insert), no read of the user when
the event carries the time zone, and the same XP as the read-then-write path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from coach.events import EventBus
from coach.motivation.events import XpEarned
from coach.motivation.reactions import MotivationReactions
from coach.motivation.xp import DAILY_CAP, LedgerEntry
from coach.packs.catalog import Catalog
from coach.sessions.events import SessionCompleted
from storage.uow import SqlUnitOfWorkFactory

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
# 03:00 UTC: 06:00 of Dec 7 in Istanbul, 22:00 of Dec 6 in New York
AT = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)


def _factory(uow_factory: SqlUnitOfWorkFactory) -> SqlUnitOfWorkFactory:
    reactions = MotivationReactions(Catalog.load([str(MINI)]))
    bus = EventBus()
    bus.subscribe(SessionCompleted, reactions.on_session_completed, name="motivation.xp_and_streak")
    return SqlUnitOfWorkFactory(uow_factory.session_factory, bus)


def _done(
    user_id: int, session_id: int, timezone: str | None, minutes: int = 60
) -> SessionCompleted:
    return SessionCompleted(
        user_id=user_id,
        at=AT,
        session_id=session_id,
        plan_id=1,
        pack_id="mini",
        kind="lesson",
        day=AT.date(),
        source="button",
        planned_minutes=minutes,
        minutes_spent=minutes,
        timezone=timezone,
    )


@contextmanager
def _statements(engine: AsyncEngine) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement.split(maxsplit=1)[0].upper())

    event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)


async def _user(factory: SqlUnitOfWorkFactory) -> int:
    async with factory() as uow:
        user = await uow.users.add(locale="tr", timezone="Europe/Istanbul", now=AT)
        await uow.commit()
    return user.id


async def test_study_day_upsert_returns_the_xp_before_it(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    user_id = await _user(uow_factory)
    day = date(2026, 12, 7)
    async with uow_factory() as uow:
        assert await uow.motivation.add_study_with_totals(user_id, day, sessions=1) == (0, 0)
        await uow.motivation.append(user_id, LedgerEntry("a", "session", 30, 30, day), AT)
        await uow.motivation.append(
            user_id, LedgerEntry("b", "session", 20, 20, day - timedelta(days=1)), AT
        )
        totals = await uow.motivation.add_study_with_totals(user_id, day, sessions=1, minutes=45)
        assert totals == (50, 30)
        await uow.commit()
    async with uow_factory() as uow:
        (record,) = await uow.motivation.study_days(user_id, day, day)
    assert (record.sessions, record.minutes, record.ill) == (2, 45, False)


async def test_done_costs_two_statements_and_uses_the_events_time_zone(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    factory = _factory(uow_factory)
    user_id = await _user(factory)
    async with factory() as uow:
        engine = uow.session.bind
        assert isinstance(engine, AsyncEngine)
        with _statements(engine) as seen:
            await uow.record(_done(user_id, 1, "America/New_York"))
        await uow.commit()
        (earned,) = [e for e in uow.recorded if isinstance(e, XpEarned)]
    assert seen == ["INSERT", "INSERT"]  # no user read, no separate read of today's XP
    assert earned.amount > 0 and earned.balance == earned.amount
    async with factory() as uow:
        (entry,) = await uow.motivation.ledger(user_id)
        days = await uow.motivation.study_days(user_id, date(2026, 12, 1), date(2026, 12, 31))
    # The New York evening of Dec 6, not the Istanbul morning of Dec 7: the event's zone won.
    assert entry.day == date(2026, 12, 6)
    assert [d.day for d in days] == [date(2026, 12, 6)]


async def test_done_without_a_time_zone_reads_the_user_and_the_cap_holds(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    factory = _factory(uow_factory)
    user_id = await _user(factory)
    for session_id in range(12):  # twelve hours in one day: far past the daily cap
        async with factory() as uow:
            await uow.record(_done(user_id, session_id, None))
            await uow.commit()
    async with factory() as uow:
        ledger = list(await uow.motivation.ledger(user_id))
        balance = await uow.motivation.balance(user_id)
    assert {e.day for e in ledger} == {date(2026, 12, 7)}  # the stored Istanbul zone
    assert balance == DAILY_CAP
    assert ledger[-1].amount == 0 < ledger[-1].requested

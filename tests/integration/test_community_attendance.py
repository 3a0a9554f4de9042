"""Attendance of group study sessions from the members' evening check-ins, and the weekly
summary that counts it (named only for members who allow boards)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.bootstrap import wired_engine
from coach.community.events import GroupSessionPlanned
from coach.community.life import SummariseWeeks, summarise_weeks
from coach.community.usecases import SYSTEM, RunMatching, run_matching
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from coach.peers.model import PeerFeature
from coach.peers.usecases import SetFeature, set_feature
from coach.sessions.usecases import CheckIn, check_in
from storage.models import GroupAttendanceRow, OutboxRow, StudySessionRow
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.fakes import FixedClock
from tests.integration.test_community import _opted_in, _user_id

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


async def _rows(uow_factory: SqlUnitOfWorkFactory) -> dict[int, bool | None]:
    async with uow_factory() as uow:
        rows = await uow.session.scalars(select(GroupAttendanceRow))
        return {row.user_id: row.attended for row in rows}


async def _check_in(
    uow_factory: SqlUnitOfWorkFactory, now: datetime, user_id: int, day_: date, mark: str
) -> None:
    async with uow_factory() as uow:
        ids = list(
            await uow.session.scalars(
                select(StudySessionRow.id).where(
                    StudySessionRow.user_id == user_id, StudySessionRow.date == day_
                )
            )
        )
        await check_in(
            uow,
            now,
            CheckIn(user_id, day_, dict.fromkeys(ids, mark), ids, None, 30),
        )
        await uow.commit()


async def test_attendance_is_taken_once_from_the_check_in_of_the_session_day(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    for key, name in (("2001", "Ada"), ("2002", "Bora"), ("2003", "Cem")):
        await _opted_in(engine, clock, key, name)
    ids = [await _user_id(uow_factory, k) for k in ("2001", "2002", "2003")]
    ada = ids[0]
    async with uow_factory() as uow:
        outcome = await run_matching(uow, clock.now(), RunMatching({}))
        await uow.commit()
    [view] = outcome.proposed
    for key in ("2001", "2002", "2003"):  # each presses Join
        await Conversation(engine, clock, user_key=key).tap(f"group:join:{view.group.id}")
    async with uow_factory() as uow:
        fresh = await uow.community.group(view.group.id)
        assert fresh is not None and len(fresh.joined()) == 3
        user = await uow.users.get(ada)
        assert user is not None
        tz = ZoneInfo(user.timezone)
        days = sorted(
            set(
                await uow.session.scalars(
                    select(StudySessionRow.date).where(
                        StudySessionRow.user_id == ada,
                        StudySessionRow.minutes > 0,
                        StudySessionRow.date > clock.now().date(),
                    )
                )
            )
        )
        session_day = days[1]  # a study day of Ada's with one before it
        starts = datetime.combine(session_day, time(18, 0), tz)
        await uow.record(
            GroupSessionPlanned(user_id=SYSTEM, at=clock.now(), view=fresh, starts_at=starts)
        )
        await uow.record(  # planned twice (the hourly job): still one row per member
            GroupSessionPlanned(user_id=SYSTEM, at=clock.now(), view=fresh, starts_at=starts)
        )
        await uow.commit()
    assert await _rows(uow_factory) == dict.fromkeys(ids)

    evening = starts + timedelta(hours=3)
    await _check_in(uow_factory, evening - timedelta(days=1), ada, days[0], "d")
    assert (await _rows(uow_factory))[ada] is None  # another day's check-in is not the session's
    await _check_in(uow_factory, evening, ada, session_day, "d")
    assert (await _rows(uow_factory))[ada] is True
    await _check_in(uow_factory, evening, ada, session_day, "n")
    assert (await _rows(uow_factory))[ada] is True  # settled once

    later = datetime.combine(session_day + timedelta(days=1), time(9), tz)
    async with uow_factory() as uow:
        await set_feature(uow, later, SetFeature(ada, PeerFeature.LEADERBOARDS, True))
        await summarise_weeks(uow, later, SummariseWeeks())
        await uow.commit()
        rows = await uow.session.scalars(
            select(OutboxRow).where(OutboxRow.dedupe_key.like("community:week:%"))
        )
        contexts = [row.context for row in rows]
    assert contexts
    for context in contexts:
        assert context["sessions"] == 1
        assert context["attended_named"] == [["Ada", 1]]  # Ada allows boards
        # Bora and Cem do not allow boards: nothing of theirs is shown, not even counts (in a
        # group of three, a count next to the names would tell whose it is)
        assert "attended" not in context

    async with uow_factory() as uow:
        exported = await uow.personal_data.export(ada)
        await uow.personal_data.delete(ada)
        await uow.commit()
    assert exported["group_session_attendance"][0]["attended"] is True
    assert ada not in await _rows(uow_factory)

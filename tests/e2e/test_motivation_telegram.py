"""Must-show 4 over Telegram (the real python-telegram-bot Application, the fake Bot API):
Done -> the XP message -> /badges, /streak (and /seri), /league join and /league, and the
weekly card arrives as a photo (a PNG of the stated size that decodes)."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from PIL import Image

from coach.domain import User
from coach.motivation.card import weekly_card
from coach.motivation.card_png import HEIGHT, WIDTH
from coach.motivation.league_usecases import ForWeek, form_week, week_of
from prompts import render
from tests.dbs import SqliteTemplate
from tests.e2e.telegram_student import NOW, Student, onboard, running_coach
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as server:
        yield server


def _says(words: str) -> Any:
    return lambda messages: any(words in m.get("text", "") for m in messages)


async def test_done_xp_badges_streak_and_league(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    student = Student(fake, FakeUser(7101, "Ada", "en"))
    async with running_coach(fake, url, webhook=False) as container:
        await onboard(student, "en")
        done = await student.press("s:done", _says("XP"))
        assert any("XP" in m.get("text", "") and "level" in m.get("text", "") for m in done)
        badges = await student.command("/badges", _says("Your badges"))
        assert any("First plan" in m.get("text", "") for m in badges)
        streak = await student.command("/streak", _says("Streak:"))
        assert any("Streak: 1 day" in m.get("text", "") for m in streak)
        await student.command("/seri", _says("Streak:"))
        await student.command("/league join Ada_K", _says("next leagues are formed on Monday"))
        async with container.uow() as uow:
            await form_week(uow, NOW, ForWeek(week_of(NOW.date())))
            await uow.commit()
        league = await student.command("/league", _says("This week's league"))
        assert any("➡️ Ada_K" in m.get("text", "") for m in league)
        card = await student.command("/card", lambda ms: any("photo" in m for m in ms))
        [sent] = [m for m in card if "photo" in m]
        size = sent["photo"][-1]
        assert (size["width"], size["height"]) == (WIDTH, HEIGHT)
        assert "Your week" in sent.get("caption", "")
        image = Image.open(io.BytesIO(fake.files[size["file_id"]]))
        image.load()  # the PNG decodes
        assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
    assert not fake.open_queries


async def _onboarded_in_new_york(container: Any, student: Student) -> User:
    """An English student onboarded, then moved to New York (a US zone: the tricky week ends)."""
    await onboard(student, "en")
    async with container.uow() as uow:
        user = await uow.users.find_by_identity("telegram", str(student.user.id))
        assert user is not None
        user = dataclasses.replace(user, timezone="America/New_York")
        await uow.users.update(user)
        await uow.commit()
    return user


async def test_a_new_york_students_league_week_ends_on_their_sunday_night(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    student = Student(fake, FakeUser(7102, "Sam", "en"))
    async with running_coach(fake, url, webhook=False) as container:
        user = await _onboarded_in_new_york(container, student)
        await student.command("/league join Sam_K", _says("next leagues are formed on Monday"))
        async with container.uow() as uow:
            await form_week(uow, NOW, ForWeek(date(2026, 12, 7)))
            await uow.commit()
        clock = cast(FixedClock, container.clock)
        # Sunday 22:30 in New York is already Monday 03:30 in UTC: still Sam's week
        clock.set(datetime(2026, 12, 14, 3, 30, tzinfo=UTC))
        await student.command("/today", Student.has_button("s:done"))
        await student.press("s:done", _says("XP"))
        [league] = await student.command("/league", _says("This week's league"))
        line = next(x for x in league["text"].splitlines() if "Sam_K" in x)
        assert " 0 XP" not in line  # the Sunday evening session counts for this week
        assert container.leagues is not None
        assert await container.leagues.run() == (0, 0)  # his Sunday is not over: nothing closes
        clock.set(datetime(2026, 12, 14, 9, 30, tzinfo=UTC))  # Monday 04:30 in New York
        closed, _formed = await container.leagues.run()
        assert closed == 1
        async with container.uow() as uow:
            entry = await uow.leagues.entry(user.id, date(2026, 12, 7))
        assert entry is not None and entry.week_xp and entry.week_xp > 0
        assert f"{entry.week_xp} XP" in line


async def test_the_card_covers_the_students_own_monday_to_sunday(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    student = Student(fake, FakeUser(7103, "Elif", "tr"))
    async with running_coach(fake, url, webhook=False) as container:
        await onboard(student, "tr")
        clock = cast(FixedClock, container.clock)
        clock.set(datetime(2026, 12, 9, 21, 0, tzinfo=UTC))  # Thursday 00:00 in Istanbul
        await student.command("/kart", lambda ms: any("photo" in m for m in ms))
        async with container.uow() as uow:
            user = await uow.users.find_by_identity("telegram", str(student.user.id))
            assert user is not None
            data = await weekly_card(uow, clock.now(), user.id, container.catalog)
            sessions = await uow.plans.sessions(
                (await uow.plans.active_for(user.id)).id,  # type: ignore[union-attr]
                date(2026, 12, 7),
                date(2026, 12, 13),
            )
    assert data is not None
    assert "07.12" in data.title and "13.12" in data.title, data.title
    planned = sum(s.minutes for s in sessions if s.kind != "break")
    assert render("motivation/card_hours", "tr", done=0, planned=planned) == data.hours


async def test_a_badge_seen_in_badges_is_not_pushed_again(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    students = {"en": Student(fake, FakeUser(7104, "Ada", "en")),
                "tr": Student(fake, FakeUser(7105, "Elif", "tr"))}  # fmt: skip
    words = {"en": ("Your badges", "New badge"), "tr": ("Rozetlerin", "Yeni rozet")}
    async with running_coach(fake, url, webhook=False) as container:
        for locale, student in students.items():
            await onboard(student, locale)
            await student.press("s:done", _says("XP"))
            [listed] = await student.command("/badges", _says(words[locale][0]))
            assert "🏅" in listed["text"] or "•" in listed["text"]
        await container.notification_jobs.dispatch()
        for locale, student in students.items():
            pushed = [m.get("text", "") for m in student.new_messages()]
            assert not [t for t in pushed if words[locale][1] in t], pushed


async def test_after_midnight_in_new_york_today_done_and_the_check_in_keep_the_study_day(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    student = Student(fake, FakeUser(7106, "Sam", "en"))
    async with running_coach(fake, url, webhook=False) as container:
        user = await _onboarded_in_new_york(container, student)
        clock = cast(FixedClock, container.clock)
        clock.set(datetime(2026, 12, 9, 6, 30, tzinfo=UTC))  # Wednesday 01:30 in New York
        [today] = await student.command("/today", Student.has_button("s:done"))
        assert "Today, Tue 8 Dec" in today["text"], today["text"]
        await student.press("s:done", _says("XP"))  # the first of Tuesday's two sessions
        # the evening check-in for the rest, still at 01:30: Tuesday's, not Wednesday's
        *_, asked = await student.command("/checkin", Student.has_button("ci:all"))
        assert "Reading comprehension" in asked["text"], asked["text"]
        await student.press("ci:all", Student.has_button("ci:hard"))
        await student.press("ci:hard:3", Student.has_button("ci:time"))
        # Thanks, then a re-plan for Monday's missed sessions: to days ahead, none past
        said = await student.press("ci:time:30", _says("Shall I apply it?"))
        assert "Mon 7 Dec" not in said[-1]["text"], said[-1]["text"]
        async with container.uow() as uow:
            plan = await uow.plans.active_for(user.id)
            assert plan is not None
            settled = [s for s in await uow.plans.sessions(plan.id, None, None)
                       if s.status.value == "done"]  # fmt: skip
            days = await uow.motivation.study_days(user.id, date(2026, 12, 7), date(2026, 12, 9))
        assert {s.date for s in settled} == {date(2026, 12, 8)}  # the sessions /today showed...
        assert [d.day for d in days if d.sessions] == [date(2026, 12, 8)]  # ...and their XP day
        # Tuesday settled, "today" is the calendar date again: Wednesday's sessions
        [now_today] = await student.command("/today", _says("Wed 9 Dec"))
        assert "Wed 9 Dec" in now_today["text"], now_today["text"]


async def test_a_badge_queued_in_the_night_is_dropped_once_seen_in_badges(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    student = Student(fake, FakeUser(7107, "Elif", "tr"))
    async with running_coach(fake, url, webhook=False) as container:
        await onboard(student, "tr")
        await student.press("s:done", _says("XP"))
        clock = cast(FixedClock, container.clock)
        clock.set(datetime(2026, 12, 7, 21, 30, tzinfo=UTC))  # 00:30 in Istanbul: quiet hours
        assert container.rollover is not None
        await container.rollover.run()  # awards the badges: their pushes wait for the morning
        async with container.uow() as uow:
            user = await uow.users.find_by_identity("telegram", str(student.user.id))
            assert user is not None
            rows = await uow.outbox.day_rows([user.id], date(2026, 12, 8), date(2026, 12, 8))
        assert [r for r in rows if "celebration:badge" in r.dedupe_key]  # queued, not sent
        await student.command("/rozetler", _says("Rozetlerin"))  # she reads them now
        clock.set(datetime(2026, 12, 8, 6, 0, tzinfo=UTC))  # 09:00: the morning
        await container.notification_jobs.dispatch()
        pushed = [m.get("text", "") for m in student.new_messages()]
        assert not [t for t in pushed if "Yeni rozet" in t], pushed

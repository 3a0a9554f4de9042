"""Must-show 4 over Telegram (the real python-telegram-bot Application, the fake Bot API):
Done -> the XP message -> /badges, /streak (and /seri), /league join and /league, and the
weekly card arrives as a photo (a PNG of the stated size that decodes)."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from coach.motivation.card_png import HEIGHT, WIDTH
from coach.motivation.league_usecases import ForWeek, form_week, week_of
from tests.dbs import SqliteTemplate
from tests.e2e.telegram_student import NOW, Student, onboard, running_coach
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

"""The whole coach through the real python-telegram-bot Application and the fake Bot API:
onboarding -> assessment as native quiz polls -> activate -> /today -> Done, in polling and in
webhook mode, in Turkish and in English.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.dbs import SqliteTemplate
from tests.e2e.telegram_student import Student, running_coach
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as server:
        yield server


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
@pytest.mark.parametrize(("locale", "words"), [("tr", "Bugün"), ("en", "Today")])
async def test_start_to_done_over_telegram(
    fake: FakeTelegramServer,
    sqlite_template: SqliteTemplate,
    tmp_path: Path,
    webhook: bool,
    locale: str,
    words: str,
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    student = Student(fake, FakeUser(7001, "Ada", locale))
    async with running_coach(fake, url, webhook=webhook):
        await student.command("/start", Student.has_button("ob:lang"))
        await student.press(f"ob:lang:{locale}", Student.has_button("ob:consent"))
        await student.press("ob:consent:yes", Student.has_button("ob:age"))
        await student.press("ob:age:adult", Student.has_button("ob:track"))
        await student.press("ob:track:0", Student.has_button("ob:date"))
        await student.press("ob:date:default", Student.has_button("ob:target"))
        await student.press("ob:target:skip", Student.has_button("ob:avail:"))
        await student.press("ob:avail:intense", Student.has_button("ob:avail_review"))
        await student.press("ob:avail_review:ok", Student.has_button("ob:win"))
        await student.press("ob:win:split", Student.has_button("ob:break"))
        await student.press("ob:break:none", Student.has_button("ob:tz"))
        await student.press("ob:tz:0", Student.has_button("ob:confirm"))
        first = await student.press("ob:confirm:yes", lambda ms: any("poll" in m for m in ms))
        polls = [m["poll"] for m in first if "poll" in m]
        assert polls[0]["type"] == "quiz"
        assert polls[0]["is_anonymous"] is False
        await student.answer_polls_until_preview(first)
        today = await student.press("pv:activate", Student.has_button("s:done"))
        assert any(words in m.get("text", "") for m in today)
        done = await student.press("s:done", Student.has_button("s:rate"))
        assert any("🎉" in m.get("text", "") for m in done)
    # every button press was answered (no spinning buttons left in the client)
    assert not fake.open_queries
    assert fake.calls_to("setMyCommands")

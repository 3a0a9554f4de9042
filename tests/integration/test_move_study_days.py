"""Moving a session offers only the student's study days: never their rest day (here Sunday),
still up to six days, before the exam; an old menu's button for the rest day is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.bootstrap import wired_engine
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
SUNDAY = date(2026, 12, 13)  # the clock is Monday 7 December 2026


async def _onboard_with_sunday_off(chat: Conversation, locale: str) -> None:
    await chat.command("start")
    for payload in (
        f"ob:lang:{locale}", "ob:consent:yes", "ob:age:adult", "ob:track:0", "ob:date:default",
        "ob:target:skip", "ob:avail:intense", "ob:avail_review:ok", "ob:win:split",
        "ob:break:sun", "ob:tz:0", "ob:confirm:yes",
    ):  # fmt: skip
        await chat.press(payload)
    for _ in range(12):
        if "plans/preview" in chat.templates():
            break
        await chat.press("as:a:" if "Mathematics" in chat.text() else "as:idk:")
    await chat.press("pv:activate:")


@pytest.mark.parametrize("locale", ["tr", "en"])
async def test_the_move_menu_leaves_out_the_rest_day(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, locale_hint=locale)
    await _onboard_with_sunday_off(chat, locale)
    await chat.command("today")
    await chat.press("s:move:")
    assert "sessions/move_where" in chat.templates()
    offered = [c.payload.split(":")[-1] for c in chat.choices() if c.payload.startswith("s:mv:")]
    days = [date(int(d[:4]), int(d[4:6]), int(d[6:])) for d in offered]
    assert len(days) == 6
    assert all(d.weekday() != 6 for d in days), days
    assert days == sorted(days) and days[0] == date(2026, 12, 8)
    session_id = chat.find("s:mv:").payload.split(":")[2]
    await chat.tap(f"s:mv:{session_id}:{SUNDAY:%Y%m%d}")  # a menu from before the fix
    assert chat.templates() == ["common/stale_button"]

"""The terminal chat reads a typed number as the person means it, and the move menu has Back."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import wired_engine
from coach.actions import MENU
from coach.dialogue.contract import ConversationEngine
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.e2e.console_student import ConsoleStudent, console_student
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


async def _to_mondays_minutes(student: ConsoleStudent) -> None:
    await student.say("/start")
    for step in ("ob:lang:en", "ob:consent:yes", "ob:age:adult", "ob:track:", "ob:date:default",
                 "ob:target:skip", "ob:avail:medium", "ob:avail_review:edit",
                 "ob:avail_day:mon"):  # fmt: skip
        await student.press(step)
    assert student.templates() == ["onboarding/availability_minutes"]
    assert len(student.payloads()) > 10  # "10" could be read as the tenth button


async def test_a_number_typed_where_minutes_are_asked_is_minutes(
    database_url: str, tmp_path: Path
) -> None:
    async with console_student(database_url, tmp_path) as student:
        await _to_mondays_minutes(student)
        await student.chat.handle_line("10")  # ten minutes, not button 10 (300 min)
        assert "onboarding/availability_review" in student.templates()
        assert "Monday: 10 min\n" in student.text()


async def test_a_number_that_names_a_button_presses_it(database_url: str, tmp_path: Path) -> None:
    async with console_student(database_url, tmp_path) as student:
        await _to_mondays_minutes(student)
        await student.chat.handle_line("90")
        assert "Monday: 1 h 30 min\n" in student.text()
        await student.press("ob:avail_review:edit")
        await student.press("ob:avail_day:tue")
        await student.chat.handle_line("2")  # a number within the buttons that is no minutes
        assert "onboarding/availability_unusual" in student.templates()  # 2 min? asked first


@pytest.fixture
def engine(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> ConversationEngine:
    return wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())


async def test_the_move_menu_has_a_back_button(
    engine: ConversationEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await onboard(chat)
    await chat.press("pv:activate:")
    await chat.command("today")
    await chat.press("s:move:")
    assert "sessions/move_where" in chat.templates()
    back = chat.find(MENU["today"].payload())
    assert "Back" in back.label
    await chat.tap(back.payload)
    assert chat.templates()[0].startswith("daily/today")

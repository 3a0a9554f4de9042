"""One plan, one set of figures: the preview's first week, /week's total and /plan's "this
week" are the same number of minutes, and /week's days add up to its total."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.bootstrap import wired_engine
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
DURATION = r"(\d[\dhmin ]*?)"


@pytest.fixture
def engine(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> DialogueEngine:
    return wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())


def minutes(text: str) -> int:
    """'2 h 30 min', '3h35', '45 min', '3 h' -> minutes."""
    hours, _, rest = text.partition("h") if "h" in text else ("0", "", text)
    rest_digits = re.sub(r"\D", "", rest)
    return int(hours.strip() or 0) * 60 + int(rest_digits or 0)


def found(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in {text!r}"
    return match.group(1)


async def test_preview_week_and_plan_agree(engine: DialogueEngine, clock: FixedClock) -> None:
    chat = Conversation(engine, clock)
    await onboard(chat)
    preview = minutes(found(r"This first week: " + DURATION + " of study", chat.text()))
    await chat.press("pv:activate:")
    await chat.command("week")
    week_text = chat.text()
    week = minutes(found(r"The next 7 days — " + DURATION + " of study", week_text))
    days = [
        minutes(d) for d in re.findall(r"^\w{3} [^\n(]*\(" + DURATION + r"\)$", week_text, re.M)
    ]
    await chat.command("plan")
    plan = minutes(found(r"This week: " + DURATION + " ·", chat.text()))
    assert preview > 0
    assert preview == week == plan
    assert len(days) == 7 and sum(days) == week


@pytest.mark.parametrize("locale", ["en", "tr"])
async def test_a_focus_line_names_its_topic_once(
    engine: DialogueEngine, clock: FixedClock, locale: str
) -> None:
    chat = Conversation(engine, clock)
    await onboard(chat, locale)
    focus = re.findall(r"^• (.+?) — (.+)$", chat.text(), re.M)
    assert focus
    for name, reason in focus:
        assert name not in reason, (name, reason)

"""A target score is on the exam's scale: SAT scores are multiples of 10 (the pack's
`score_step`), so 690.5 is refused kindly with the nearest scores; YKS scores take decimals."""

from __future__ import annotations

import pytest

from bot.bootstrap import wired_engine
from coach.dialogue.contract import ConversationEngine
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.fakes import FixedClock


@pytest.fixture
def engine(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> ConversationEngine:
    return wired_engine(uow_factory, clock, Catalog.load(["yks", "sat"]), EngineConfig())


async def _to_the_score(chat: Conversation, locale: str, exam: str) -> None:
    await chat.command("start")
    await chat.press(f"ob:lang:{locale}")
    await chat.press("ob:consent:yes")
    await chat.press("ob:age:adult")
    await chat.press(exam)
    await chat.press("ob:date:default")
    await chat.press("ob:target:score")
    assert chat.templates() == ["onboarding/target_ask_score"]


@pytest.mark.parametrize(("locale", "nearest"), [("en", "690 or 700"), ("tr", "690 ya da 700")])
async def test_a_sat_target_off_the_scale_is_refused_with_the_nearest_scores(
    engine: ConversationEngine, clock: FixedClock, locale: str, nearest: str
) -> None:
    chat = Conversation(engine, clock)
    await _to_the_score(chat, locale, "SAT")
    await chat.say("690.5")
    assert chat.templates() == ["onboarding/problem/number_step", "onboarding/target_ask_score"]
    assert nearest in chat.text()
    await chat.say("695")
    assert chat.templates()[0] == "onboarding/problem/number_step"
    await chat.say("690")
    assert "onboarding/availability" in chat.templates()


@pytest.mark.parametrize("locale", ["en", "tr"])
async def test_a_yks_target_score_takes_decimals(
    engine: ConversationEngine, clock: FixedClock, locale: str
) -> None:
    chat = Conversation(engine, clock)
    await _to_the_score(chat, locale, "YKS")
    await chat.say("452,5")
    assert "onboarding/availability" in chat.templates()

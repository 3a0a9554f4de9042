"""Quiet hours typed as the settings show them (an en dash), as the example writes them (a
hyphen) or with a phone's smart dash (an em dash) are all understood."""

from __future__ import annotations

import pytest

from bot.bootstrap import wired_engine
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.e2e.test_onboarding_flow import MINI
from tests.fakes import FixedClock


@pytest.fixture
def engine(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> DialogueEngine:
    return wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())


@pytest.mark.parametrize("typed", ["22:30-07:15", "22:30–07:15", "22:30 — 07:15"])
async def test_quiet_hours_typed_with_any_dash_are_saved(
    engine: DialogueEngine, clock: FixedClock, typed: str
) -> None:
    """The settings show quiet hours with an en dash; copied back (or typed with a phone's
    smart dash) they are understood like the hyphen of the example."""
    chat = Conversation(engine, clock, locale_hint="en")
    await onboard(chat)
    await chat.command("settings")
    await chat.press("st:open:quiet")
    await chat.say(typed)
    assert "onboarding/problem/window_format" not in chat.templates()
    await chat.command("settings")
    assert "Quiet hours: 22:30–07:15" in chat.text()

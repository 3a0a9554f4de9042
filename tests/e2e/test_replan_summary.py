"""A day off through the engine: the proposal says in words what changes this week and what it
costs, the full list comes with "Show all changes", and Accept still applies it (mini pack)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import wired_engine
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.e2e.test_onboarding_flow import onboard
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


@pytest.fixture
def engine(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> DialogueEngine:
    return wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())


async def test_a_day_off_is_proposed_in_words_with_the_list_on_request(
    engine: DialogueEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await onboard(chat)
    await chat.press("pv:activate:")
    await chat.command("away")
    assert "plans/proposal" in chat.templates(), chat.text()
    text = chat.text()
    assert "This week" in text and "What it costs:" in text
    assert "↪" not in text and " moved" not in text  # a summary, not a list of counts
    await chat.press("plan:changes:")
    assert chat.templates() == ["plans/proposal_changes"]
    lines = [line for line in chat.text().splitlines() if line.startswith("•")]
    assert lines
    for line in lines:
        if "→" in line:
            before, after = line.removeprefix("• ↪ ").split(":")[0].split(" → ")
            assert before != after, line  # no "move" keeps its date
    await chat.press("plan:accept:")
    assert chat.templates() == ["plans/accepted"]

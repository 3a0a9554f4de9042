"""A day off through the engine: the proposal says in words what changes this week and what it
costs, the full list comes with "Show all changes", and Accept still applies it (mini pack)."""

from __future__ import annotations

from datetime import timedelta
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
        assert " · " in line and " — " in line, line  # what moves or goes, then why
        if "→" in line:
            before, after = line.removeprefix("• ↪ ").split(" · ")[0].split(" → ")
            assert before != after, line  # no "move" keeps its date
    await chat.press("plan:accept:")
    assert chat.templates() == ["plans/accepted"]


@pytest.mark.parametrize("locale", ["en", "tr"])
async def test_a_session_button_sent_before_an_accepted_replan_still_works(
    engine: DialogueEngine, clock: FixedClock, locale: str
) -> None:
    """Accepting a re-plan once gave every kept session a new id: every button already sent
    said "That session is no longer in your plan" though /today showed the same session."""
    chat = Conversation(engine, clock)
    await onboard(chat, locale)
    await chat.press("pv:activate:")
    await chat.command("today")
    starts = [c.payload for c in chat.choices() if c.payload.startswith("s:start:")]
    assert starts, chat.text()
    await chat.command("away")
    await chat.press("plan:accept:")
    assert chat.templates() == ["plans/accepted"]
    await chat.tap(starts[0])
    assert "sessions/gone" not in chat.templates(), chat.text()
    assert "sessions/started" in chat.templates(), chat.templates()
    await chat.tap(starts[0].replace("s:start:", "s:done:"))
    assert "sessions/gone" not in chat.templates(), chat.text()


@pytest.mark.parametrize("locale", ["en", "tr"])
async def test_an_earlier_exam_date_says_what_it_drops_and_each_line_names_it(
    engine: DialogueEngine, clock: FixedClock, locale: str
) -> None:
    """An earlier exam date once said "What it costs: nothing, every lesson still fits." while
    the full list had 25 lines "− Sat 24 Apr: Removed: no time left for it before the exam"."""
    chat = Conversation(engine, clock)
    await onboard(chat, locale)
    await chat.press("pv:activate:")
    await chat.command("settings")
    await chat.press("st:open:date")
    await chat.say((clock.now() + timedelta(days=30)).date().strftime("%d.%m.%Y"))
    summary = chat.text()
    assert ("What it costs:" if locale == "en" else "Bedeli:") in summary, summary
    await chat.press("plan:changes:")
    lines = [line for line in chat.text().splitlines() if line.startswith("• −")]
    assert lines, chat.text()
    for line in lines:
        assert " · " in line and " — " in line, line  # what goes, then why
    gone = {"Review": "review", "Quiz": "quiz", "Tekrar": "review", "Mini test": "quiz"}
    kinds = {kind for word, kind in gone.items() if any(f" · {word}: " in x for x in lines)}
    nothing = "every lesson still fits." if locale == "en" else "bütün dersler yine sığıyor."
    if kinds:  # reviews or quizzes dropped: the cost names them, it does not say "nothing"
        assert "nothing" not in summary and "Bedeli: yok" not in summary, summary
        assert nothing in summary or "no longer fit" in summary or "sığmıyor" in summary

"""One streak count everywhere: the Done message and /progress show the streak that follows
the plan (the one /streak shows), so an ill day frozen in between does not reset them."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.bootstrap import wired_engine
from coach.dialogue.engine import EngineConfig
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.fakes import FixedClock
from tests.integration.test_motivation_chat import MINI, _onboarded, _templates, _text


async def _done_today(chat: Conversation) -> str:
    await chat.command("today")
    await chat.tap(chat.find("s:done:").payload)
    assert "sessions/done" in _templates(chat)
    return _text(chat)


def _count(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    assert found is not None, text
    return int(found.group(1))


async def test_done_progress_and_streak_show_the_same_count(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, locale_hint="en")
    await _onboarded(chat)
    await _done_today(chat)  # day 1 kept
    clock.set(clock.now() + timedelta(days=1))
    await chat.say("bugün hastayım")  # day 2 ill: frozen, neither kept nor broken
    assert _templates(chat) == ["motivation/ill_noted"]
    clock.set(clock.now() + timedelta(days=1))
    done = await _done_today(chat)  # day 3 kept

    await chat.command("streak")
    streak = _count(r"Streak: (\d+) day", _text(chat))
    assert streak == 2  # the old count (sessions done on consecutive days) would say 1
    assert f"A {streak}-day streak!" in done

    await chat.command("progress")
    assert _templates(chat) == ["daily/progress"]
    assert _count(r"Streak: (\d+) day", _text(chat)) == streak


async def test_the_check_in_thanks_with_the_same_count(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chat = Conversation(engine, clock, locale_hint="en")
    await _onboarded(chat)
    await _done_today(chat)  # day 1 kept
    clock.set(clock.now() + timedelta(days=1))
    await chat.say("bugün hastayım")  # day 2 ill
    clock.set(clock.now() + timedelta(days=1))
    await chat.command("checkin")  # day 3: every session done, by the evening check-in
    assert "checkin/status" in _templates(chat)
    for step in ("ci:all", "ci:hard:3", "ci:time:60"):
        await chat.press(step)
    assert "checkin/thanks" in _templates(chat)
    thanks = _text(chat)
    await chat.command("streak")
    assert _count(r"Streak: (\d+) day", _text(chat)) == 2
    assert "Your streak is 2 days" in thanks  # the old count would say 1 (no streak line)

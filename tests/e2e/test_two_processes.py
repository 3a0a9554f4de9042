"""Two coach processes on one database: a student moves between them mid-conversation."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.bootstrap import build
from bot.settings import Settings
from coach.messages import ChannelKind
from tests.conversation import Conversation
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


def _settings(url: str) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=url,
        content_packs=[str(MINI)],
        scheduler_enabled=False,
    )


async def test_onboarding_continues_across_processes(database_url: str, clock: FixedClock) -> None:
    first = build(_settings(database_url), clock=clock)
    second = build(_settings(database_url), clock=clock)
    try:
        one = Conversation(first.conversation, clock, channel=ChannelKind.TELEGRAM)
        two = Conversation(second.conversation, clock, channel=ChannelKind.TELEGRAM)
        await one.command("start")
        await one.press("ob:lang:en")
        await one.press("ob:consent:yes")
        # the student's next message lands on the other process: it knows where they are
        await two.say("17")
        assert "onboarding/minor_note" in two.templates()
        assert "onboarding/track" in two.templates()
        await first.engine.dispose()  # the first process goes away
        await two.press("ob:track:0")
        assert "onboarding/exam_date" in two.templates()
    finally:
        await second.engine.dispose()
        await first.engine.dispose()


async def test_simultaneous_taps_on_two_processes_do_not_corrupt_the_state(
    database_url: str, clock: FixedClock
) -> None:
    first = build(_settings(database_url), clock=clock)
    second = build(_settings(database_url), clock=clock)
    try:
        one = Conversation(first.conversation, clock, channel=ChannelKind.TELEGRAM)
        two = Conversation(second.conversation, clock, channel=ChannelKind.TELEGRAM)
        await one.command("start")
        # a double tap of the same button reaching both processes at once
        await asyncio.gather(one.tap("ob:lang:tr"), two.tap("ob:lang:tr"))
        answers = sorted([one.templates()[0], two.templates()[0]])
        # one tap moved on to consent; the other saw the step had already been answered
        assert answers == ["common/stale_button", "onboarding/consent"]
        assert "common/error" not in one.templates() + two.templates()
    finally:
        await second.engine.dispose()
        await first.engine.dispose()

"""The conversation every text channel must carry, written once against a small driver.

The web chat (over HTTP) and the terminal chat (typing numbers) each provide a driver; the
scenario presses buttons by payload prefix, types text, and checks the templates it got back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from coach.dialogue.commands import command_name

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


class ChatDriver(Protocol):
    """What the scenario needs from a channel under test."""

    async def say(self, text: str) -> None:
        """Type text (or a /command) and wait for the replies."""
        ...

    async def press(self, fragment: str) -> None:
        """Press the button of the last replies whose payload starts with `fragment`."""
        ...

    def templates(self) -> list[str]:
        """Templates of the last replies."""
        ...

    def text(self) -> str:
        """All text of the last replies."""
        ...

    def payloads(self) -> list[str]:
        """Payloads of the buttons of the last replies."""
        ...


async def onboarding(chat: ChatDriver, locale: str) -> None:
    """/start through the confirmation, with one wrong date corrected on the way."""
    await chat.say("/start")
    assert "onboarding/welcome" in chat.templates()
    assert "onboarding/language" in chat.templates()
    await chat.press(f"ob:lang:{locale}")
    assert chat.templates() == ["onboarding/consent"]
    await chat.press("ob:consent:yes")
    await chat.say("17")
    assert "onboarding/minor_note" in chat.templates()
    await chat.press("ob:track:0")
    await chat.press("ob:date:other")
    await chat.say("31.02.2027")
    assert "onboarding/problem/date_impossible" in chat.templates()
    await chat.say("19.06.2027")
    await chat.press("ob:target:net")
    await chat.say("15")
    await chat.press("ob:avail:medium")
    await chat.press("ob:avail_review:ok")
    await chat.press("ob:win:evening")
    await chat.press("ob:break:sun")
    await chat.press("ob:tz:0")
    assert "onboarding/confirm" in chat.templates()
    assert "Türkiye" in chat.text()  # Europe/Istanbul, as people say it
    await chat.press("ob:confirm:yes")
    assert "assessment/intro" in chat.templates()


async def assessment(chat: ChatDriver) -> None:
    """Answer option A in maths, "I don't know" elsewhere, until the summary."""
    for _ in range(12):
        if "assessment/summary" in chat.templates():
            return
        assert "assessment/question" in chat.templates(), chat.templates()
        maths = any(word in chat.text() for word in ("Matematik", "Mathematics"))
        await chat.press("as:a:" if maths else "as:idk:")
    assert "assessment/summary" in chat.templates()


async def plan_and_today(chat: ChatDriver, locale: str) -> None:
    """The preview after the assessment: activate, then today's first session is done."""
    assert "plans/preview" in chat.templates()
    await chat.press("pv:activate:")
    assert chat.templates()[:2] == ["plans/activated", "daily/today"]
    # Monday 06:00 UTC is 09:00 in Istanbul: the first session is today
    await chat.press("s:done:")
    assert "sessions/done" in chat.templates()
    await chat.press("s:rate:")
    assert chat.templates() == ["sessions/rated"]
    await chat.say("/today")
    assert chat.templates()[0] == "daily/today"
    await chat.say("/progress")
    assert chat.templates()[0] == "daily/progress"
    await chat.say("/help")
    # the Turkish help names the Turkish commands ("/bugun"), the English one the English
    assert f"/{command_name('today', locale)} — " in chat.text()


async def whole_scenario(chat: ChatDriver, locale: str) -> None:
    """Onboarding, assessment, plan activation and daily use, in one language."""
    await onboarding(chat, locale)
    await assessment(chat)
    await plan_and_today(chat, locale)

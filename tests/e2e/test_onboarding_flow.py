"""Onboarding and assessment through the engine, on the mini pack."""

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


@pytest.fixture
def engine(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> DialogueEngine:
    return wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())


async def test_onboarding_then_assessment(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    chat = Conversation(engine, clock)
    await chat.command("start")
    assert "onboarding/welcome" in chat.templates()
    await chat.press("ob:lang:en")
    assert "privacy" in chat.text().lower()
    await chat.press("ob:consent:yes")
    await chat.say("16")
    assert "onboarding/minor_note" in chat.templates()
    await chat.press("ob:track:0")
    await chat.press("ob:date:other")
    await chat.say("31.02.2027")
    assert "There is no February 31" in chat.text()
    await chat.say("2020-01-01")
    assert "passed" in chat.text()
    await chat.say("19.06.2027")
    await chat.press("ob:target:net")
    await chat.say("15")
    await chat.press("ob:avail:medium")
    await chat.press("ob:avail_review:edit")
    await chat.press("ob:avail_day:sun")
    await chat.say("75")
    assert re.search(r"Sunday: 1\s?h\s?15", chat.text())  # 75 minutes read as hours
    await chat.press("ob:back")  # back from the review to the presets
    assert "onboarding/availability" in chat.templates()
    await chat.press("ob:avail:light")
    await chat.press("ob:avail_review:ok")
    await chat.say("18:00-21:00")
    await chat.press("ob:break:sun")
    await chat.press("ob:tz:other")
    await chat.say("Berlin")
    assert "onboarding/confirm" in chat.templates()
    assert "Time zone: Germany (Berlin) Time" in chat.text()  # Europe/Berlin, as people say it
    await chat.press("ob:confirm:yes")
    assert "assessment/intro" in chat.templates()

    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", "1001")
        assert user is not None
        profile = await uow.profiles.get(user.id)
    assert user.locale == "en"
    assert user.timezone == "Europe/Berlin"
    assert user.is_minor
    assert profile is not None
    assert profile.target_value == "15"
    assert profile.break_weekday == "sun"
    assert profile.windows["mon"] == ("18:00-21:00",)

    # answer every question: right (option A) for maths, "I don't know" for Turkish
    for _ in range(10):
        if "assessment/summary" in chat.templates():
            break
        if "Mathematics" in chat.text():
            await chat.press("as:a:")
        else:
            await chat.press("as:idk:")
    assert "assessment/summary" in chat.templates()
    async with uow_factory() as uow:
        mastery = await uow.progress.mastery(user.id, "mini")
        results = await uow.progress.assessments(user.id)
    assert mastery["sayilar"] > mastery["paragraf"]
    assert {r.subject_id for r in results} == {"mat", "tr"}


async def test_stale_and_forged_buttons_get_a_polite_answer(
    engine: DialogueEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await chat.command("start")
    await chat.press("ob:lang:tr")
    await chat.tap("ob:lang:en")  # the language question is behind us
    assert chat.templates()[0] == "common/stale_button"
    assert "onboarding/consent" in chat.templates()
    await chat.tap("zz:nonsense:1")
    assert chat.templates()[0] == "common/stale_button"
    await chat.tap("")
    assert chat.last


async def test_commands_before_setup_resume_onboarding(
    engine: DialogueEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock, locale_hint="en")
    await chat.command("start")
    await chat.press("ob:lang:en")
    await chat.command("help")
    assert "/today" in chat.text()
    await chat.say("what should I study today?")
    assert chat.templates()[0] == "common/setup_first"
    assert "onboarding/consent" in chat.templates()


async def test_preview_activate_today_done_checkin(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    chat = Conversation(engine, clock)
    await onboard(chat)
    assert "weeks to the exam" in chat.text()
    await chat.press("pv:activate:")
    assert chat.templates()[:2] == ["plans/activated", "daily/today"]
    # the clock is Monday 06:00 UTC = 09:00 in Istanbul; the first session is today
    done = chat.find("s:done:")
    await chat.tap(done.payload)
    assert "sessions/done" in chat.templates()
    rate = chat.find("s:rate:").payload
    await chat.tap(done.payload)  # a second tap on the same button
    assert chat.templates() == ["sessions/already"]
    await chat.tap(rate)
    assert chat.templates() == ["sessions/rated"]
    comment = chat.find("fb:cm:").payload
    await chat.press("fb:use:")  # how useful: the last question, then what comes next
    assert chat.templates() == ["adaptive/feedback_thanks"]
    assert [c.payload for c in chat.choices()] == ["m:today", "m:week"]
    await chat.tap(comment)
    await chat.say("Clear, thanks")
    assert chat.templates() == ["adaptive/comment_thanks"] and chat.choices()
    await chat.command("week")
    assert "This week (Mon–Sun)" in chat.text()
    await chat.command("progress")
    assert "Done: 1/" in chat.text()
    await chat.command("checkin")
    assert "checkin/status" in chat.templates()
    await chat.press("ci:next")
    await chat.press("ci:hard:4")
    assert "plans/no_change" in chat.templates() or "checkin/proposal" in chat.templates()


async def test_adjust_time_from_the_preview(engine: DialogueEngine, clock: FixedClock) -> None:
    chat = Conversation(engine, clock)
    await onboard(chat)
    first = chat.find("pv:activate:").payload
    await chat.press("pv:adjust:avail")
    await chat.press("ob:avail:light")
    await chat.press("ob:avail_review:ok")
    assert "plans/preview" in chat.templates()
    assert chat.find("pv:activate:").payload != first
    await chat.tap(first)  # the older preview's button
    assert chat.templates()[0] == "plans/preview_outdated"

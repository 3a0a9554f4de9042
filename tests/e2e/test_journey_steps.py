"""The student's journey without dead ends: a typing error keeps the step's buttons, every
"nothing to do" answer offers the next step, the check-in asks before taking 0 minutes after
sessions marked done, settings show the values in force, and a pending re-plan is never lost."""

from __future__ import annotations

import re
from datetime import timedelta
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


def _payloads(chat: Conversation) -> list[str]:
    return [choice.payload for choice in chat.choices()]


async def _active(chat: Conversation) -> None:
    await onboard(chat)
    await chat.press("pv:activate:")


async def test_a_typing_error_asks_again_with_the_steps_buttons(
    engine: DialogueEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await chat.command("start")
    for step in ("ob:lang:en", "ob:consent:yes", "ob:age:adult", "ob:track:0"):
        await chat.press(step)
    for step in ("ob:date:default", "ob:target:skip", "ob:avail:medium"):
        await chat.press(step)
    await chat.press("ob:avail_review:edit")
    await chat.press("ob:avail_day:sun")
    await chat.say("100000")
    assert any(p.startswith("ob:back") for p in _payloads(chat)), chat.text()
    assert any(p.startswith("ob:avail_min:") for p in _payloads(chat))
    await chat.say("90")  # the step is kept: the next answer counts
    assert "onboarding/availability_review" in chat.templates() or "1 h 30" in chat.text()


async def test_declining_consent_offers_to_start_again(
    engine: DialogueEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await chat.command("start")
    await chat.press("ob:lang:en")
    await chat.press("ob:consent:no")
    assert "onboarding/consent_declined" in chat.templates()
    await chat.press("m:start")
    assert "onboarding/welcome" in chat.templates()


async def test_checkin_asks_before_taking_zero_minutes(
    engine: DialogueEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await _active(chat)
    await chat.command("checkin")
    if "checkin/status" not in chat.templates():
        pytest.skip("no session today in this plan")  # the mini pack plans Monday
    await chat.press("ci:all")
    await chat.press("ci:hard:3")
    assert "ci:time:0" not in _payloads(chat)  # no "None at all" after "All done"
    await chat.say("0")
    assert "checkin/zero_minutes" in chat.templates()
    assert "ci:zero" in _payloads(chat)
    await chat.say("zero")  # not a number: asked again, buttons kept
    assert "ci:zero" in _payloads(chat)
    await chat.press("ci:time:60")
    assert "checkin/thanks" in chat.templates()
    await chat.command("checkin")
    assert "checkin/nothing_open" in chat.templates()
    assert {"m:week", "m:quiz"} <= set(_payloads(chat))


async def test_checkin_zero_confirmed_is_recorded(
    engine: DialogueEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await _active(chat)
    await chat.command("checkin")
    await chat.press("ci:all")
    await chat.press("ci:hard:3")
    await chat.say("0")
    assert "checkin/zero_minutes" in chat.templates()
    await chat.press("ci:zero")
    assert "checkin/thanks" in chat.templates()


async def test_a_free_day_offers_the_week_and_a_quiz(
    engine: DialogueEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await _active(chat)
    for _ in range(14):
        await chat.command("today")
        if "daily/today_free" in chat.templates():
            assert {"m:week", "m:quiz"} <= set(_payloads(chat))
            return
        clock.advance(days=1)
    pytest.fail("no free day in two weeks")


async def test_settings_show_the_values_in_force(engine: DialogueEngine, clock: FixedClock) -> None:
    chat = Conversation(engine, clock)
    await _active(chat)
    await chat.command("settings")
    text = chat.text()
    # the check-in comes after the 18:00-22:00 window, not in its middle
    assert "Exam date:" in text and "Evening check-in: 22:00" in text
    assert "Quiet hours: 23:00–08:00" in text


async def test_a_pending_replan_stays_until_answered(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    chat = Conversation(engine, clock)
    await _active(chat)
    await chat.command("settings")
    await chat.press("st:open:date")
    exam = (clock.now() + timedelta(days=120)).date()
    await chat.say(exam.strftime("%d.%m.%Y"))
    assert any(p.startswith("plan:accept:") for p in _payloads(chat)), chat.text()
    await chat.say("hello there")  # the student wanders off
    await chat.command("plan")
    assert "waiting for your answer" in chat.text()
    await chat.press("plan:accept:")
    assert "plans/accepted" in chat.templates()
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity("web", "1001")
        assert user is not None
        plan = await uow.plans.active_for(user.id)
        assert plan is not None and plan.exam_date == exam
    await chat.command("plan")
    assert "waiting for your answer" not in chat.text()


async def test_typed_commands_in_turkish(engine: DialogueEngine, clock: FixedClock) -> None:
    chat = Conversation(engine, clock)
    await _active(chat)
    await chat.command("today")
    today = chat.templates()
    for typed in ("bugün", "Bugun", "BUGÜN"):
        await chat.command(typed)
        assert chat.templates() == today, typed
    await chat.say("/hafta")  # a command the platform passed on as text
    assert "daily/week" in chat.templates()


async def test_a_command_during_a_quiz_asks_first(
    engine: DialogueEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await _active(chat)
    await chat.command("quiz")
    assert any(p.startswith("qz:") for p in _payloads(chat)), chat.templates()
    question = chat.text()
    await chat.command("mock")
    assert "common/leave_flow" in chat.templates()
    await chat.press("m:stay")
    assert chat.text() == question or any(p.startswith("qz:") for p in _payloads(chat))
    await chat.command("mock")
    await chat.press("m:leave:mock")
    assert "mock/intro" in chat.templates()


async def test_start_offers_practice_and_stuck_helps_with_the_session_at_hand(
    engine: DialogueEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await _active(chat)
    for _ in range(14):
        await chat.command("today")
        lines = re.findall(r"^\d\. .*?(?:— |Quiz: |Review: )([^:·\n]+)", chat.text(), re.M)
        starts = [p for p in _payloads(chat) if p.startswith("s:start:")]
        if len(set(lines)) >= 2 and len(starts) >= 2:
            break
        clock.advance(days=1)
    else:
        pytest.skip("no day with two topics in this plan")
    first, second = starts[0].split(":")[-1], starts[1].split(":")[-1]
    await chat.press(f"s:start:{first}")
    assert any(p.startswith("qs:go:") for p in _payloads(chat)), chat.text()
    await chat.tap(f"s:skip:{second}")  # the button of the /today message
    await chat.command("stuck")
    assert lines[1].strip() in chat.text() and lines[0].strip() not in chat.text().split("\n")[0]


async def test_a_resource_without_a_link_asks_for_no_rating(
    engine: DialogueEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await _active(chat)
    await chat.command("stuck", "Reading comprehension")  # a topic with no linked resource
    assert "adaptive/recommendations" in chat.templates(), chat.templates()
    assert not [p for p in _payloads(chat) if p.startswith("rs:r:")]
    assert "Rate it" not in chat.text()


async def test_week_and_next_week_are_one_tap_apart(
    engine: DialogueEngine, clock: FixedClock
) -> None:
    chat = Conversation(engine, clock)
    await _active(chat)
    clock.advance(days=6)  # Sunday: most of this week is past
    await chat.command("week")
    assert chat.text().startswith("🗓 This week"), chat.text()
    await chat.press("m:week_next")
    following = chat.text()
    assert following.startswith("🗓 Next week"), following
    monday = (clock.now() + timedelta(days=1)).date()
    assert f"Mon {monday.day} " in following and "m:week" in _payloads(chat), following
    await chat.press("m:week")
    assert chat.text().startswith("🗓 This week"), chat.text()

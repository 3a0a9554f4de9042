"""Answers that end something always offer the next step: /today when the day is finished
says so with what comes next, and /plan, /progress, /week and a moved session carry buttons."""

from __future__ import annotations

import pytest

from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import student_on_a_plan
from tests.fakes import FixedClock

FINISHED = {"en": ("today done", "Next up:"), "tr": ("Bugünlük bu kadar", "Sıradaki:")}


_student = student_on_a_plan  # the mini pack, onboarded, the plan started


@pytest.mark.parametrize("locale", ["en", "tr"])
async def test_a_finished_day_says_so_and_what_comes_next(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    chat = await _student(uow_factory, clock, locale)
    await chat.tap("s:skip:1")
    for _ in range(10):  # whatever the day holds (a skip may bring work in): settle it all
        await chat.command("today")
        left = [c.payload for c in chat.choices() if c.payload.startswith("s:done:")]
        if not left:
            break
        await chat.tap(left[0])
    assert chat.templates()[0] == "daily/today"
    done, next_up = FINISHED[locale]
    assert done in chat.text() and next_up in chat.text()
    assert chat.find("m:week") and chat.find("m:quiz")


@pytest.mark.parametrize("locale", ["en", "tr"])
async def test_a_day_with_sessions_left_shows_no_finish_line(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    chat = await _student(uow_factory, clock, locale)
    await chat.tap("s:done:1")
    await chat.command("today")
    assert FINISHED[locale][0] not in chat.text() and chat.find("s:done:2")


@pytest.mark.parametrize("locale", ["en", "tr"])
@pytest.mark.parametrize("command", ["plan", "progress", "week"])
async def test_overviews_offer_a_next_step(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str, command: str
) -> None:
    chat = await _student(uow_factory, clock, locale)
    await chat.command(command)
    assert chat.find("m:today")


@pytest.mark.parametrize("locale", ["en", "tr"])
async def test_a_moved_session_offers_a_next_step(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    chat = await _student(uow_factory, clock, locale)
    await chat.tap("s:move:1")
    await chat.press("s:mv:1:")
    assert chat.templates() == ["sessions/moved"]
    assert chat.find("m:today") and chat.find("m:week")

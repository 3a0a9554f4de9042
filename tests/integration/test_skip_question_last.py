"""After Skip, the "why did you skip?" question is the last message (what follows from the
skip comes before it), and it takes one answer: a second reason press is a stale button."""

from __future__ import annotations

import pytest

from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import student_on_a_plan
from tests.fakes import FixedClock

_student = student_on_a_plan  # the mini pack, onboarded, the plan started


@pytest.mark.parametrize("locale", ["en", "tr"])
async def test_the_why_question_comes_last_after_an_escalation(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    chat = await _student(uow_factory, clock, locale)
    escalated = False
    for _ in range(6):  # skip the day's first session until the skips escalate
        await chat.command("today")
        skip = next(c.payload for c in chat.choices() if c.payload.startswith("s:skip:"))
        await chat.tap(skip)
        print(chat.templates())
        assert chat.templates()[-1] == "sessions/skipped"
        assert chat.find("s:why:")
        if len(chat.last) > 1:
            escalated = True
            break
    assert escalated


@pytest.mark.parametrize("locale", ["en", "tr"])
async def test_a_skip_takes_one_why_answer(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    chat = await _student(uow_factory, clock, locale)
    await chat.tap("s:skip:1")
    await chat.tap("s:why:1:time")
    assert chat.templates() == ["sessions/why_time"]
    await chat.tap("s:why:1:hard")
    assert chat.templates() == ["common/stale_button"]

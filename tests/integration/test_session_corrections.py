"""Session buttons after a session was settled: an 'already' answer names the state the
student sees and always offers a next step; Done corrects a recent skip, miss or partly done."""

from __future__ import annotations

import pytest

from coach.motivation.xp import session_award
from coach.sessions.usecases import CORRECTABLE_DAYS
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, student_on_a_plan
from tests.fakes import FixedClock

_student = student_on_a_plan  # the mini pack, onboarded, the plan started


PARTLY = {"en": "partly done", "tr": "kısmen yapıldı"}
SKIPPED = {"en": "skipped", "tr": "atlandı"}


async def _partly(chat: Conversation) -> None:
    """The evening check-in: the first session partly, the second done."""
    await chat.command("checkin")
    await chat.press("ci:mark:1:p")
    await chat.press("ci:mark:2:d")
    await chat.press("ci:next")
    await chat.press("ci:hard:3")
    await chat.press("ci:time:60")


@pytest.mark.parametrize("locale", ["en", "tr"])
async def test_a_partly_done_session_is_named_partly_and_can_be_corrected_to_done(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    chat = await _student(uow_factory, clock, locale)
    await _partly(chat)
    await chat.tap("s:skip:1")
    assert chat.templates() == ["sessions/already"]
    assert PARTLY[locale] in chat.text() and SKIPPED[locale] not in chat.text()
    assert chat.find("m:today")  # never a dead end
    await chat.tap("s:done:1")
    assert chat.templates()[0] == "sessions/done"
    await chat.command("today")
    assert PARTLY[locale] not in chat.text() and chat.text().count("✓") == 2
    # The session earns what a Done earns, once: the partly done part plus the rest.
    async with uow_factory() as uow:
        user = (await uow.users.find_with_dialogue("web", chat.user_key)).user  # type: ignore[union-attr]
        ledger = await uow.motivation.ledger(user.id)
        earned = [e for e in ledger if e.key in ("session:1", "session_rest:1")]
        session = await uow.plans.get_session(1)
    assert session is not None and session.minutes_spent == session.minutes
    assert sum(e.requested for e in earned) == session_award(1, "lesson", session.minutes).requested
    await chat.tap("s:done:1")  # a second Done: already done, with the next step
    assert chat.templates() == ["sessions/already"] and chat.find("m:week")


@pytest.mark.parametrize("locale", ["en", "tr"])
async def test_done_corrects_a_skip_once_and_skip_or_move_on_done_stay_refused(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    chat = await _student(uow_factory, clock, locale)
    await chat.tap("s:skip:1")
    await chat.tap("s:done:1")
    assert chat.templates()[0] == "sessions/done"
    async with uow_factory() as uow:
        user = (await uow.users.find_with_dialogue("web", chat.user_key)).user  # type: ignore[union-attr]
        entries = [e for e in await uow.motivation.ledger(user.id) if e.key == "session:1"]
    assert len(entries) == 1  # the Done's XP, once
    for payload in ("s:skip:1", "s:move:1", "s:done:1"):
        await chat.tap(payload)
        assert chat.templates() == ["sessions/already"] and chat.find("m:today")


@pytest.mark.parametrize("locale", ["en", "tr"])
async def test_a_session_of_long_ago_is_not_corrected(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    chat = await _student(uow_factory, clock, locale)
    await chat.tap("s:skip:1")
    clock.advance(days=CORRECTABLE_DAYS + 1)
    await chat.tap("s:done:1")
    assert chat.templates() == ["sessions/already"] and chat.find("m:today")


@pytest.mark.parametrize("locale", ["en", "tr"])
async def test_a_partly_done_session_is_no_skip_for_the_struggle_check(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    chat = await _student(uow_factory, clock, locale)
    await _partly(chat)
    async with uow_factory() as uow:
        user = (await uow.users.find_with_dialogue("web", chat.user_key)).user  # type: ignore[union-attr]
        plan = await uow.plans.active_for(user.id)
        assert plan is not None
        rows = await uow.feedback.feedback(user.id, plan.pack_id, None)
    assert not [f for f in rows if f.difficulty == "skipped"]

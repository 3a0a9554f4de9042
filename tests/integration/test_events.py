"""Domain events: every subscription runs for its event; a failed use case leaves no trace; the
check-in's "too hard" reaches the same struggle check as the Done button's."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from bot.bootstrap import wired_engine
from coach.domain import SessionStatus
from coach.events import DomainEvent, EventBus
from coach.learning.events import ResourcesRecommended
from coach.learning.records import Decision
from coach.packs.catalog import Catalog
from coach.services import build_services
from coach.sessions.usecases import SettleSession, settle_session
from coach.subscriptions import subscriptions
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.fakes import FixedClock
from tests.notify_support import add_plan, add_student, session

TODAY = date(2027, 3, 10)
EVENING = datetime(2027, 3, 10, 19, 0, tzinfo=UTC)
CATALOG = Catalog.load(["yks"])


def _sample(event_type: type[DomainEvent]) -> DomainEvent:
    """An instance of an event type with plausible facts (enough for a spy)."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(event_type):
        if field.name in ("user_id", "at"):
            continue
        kind = str(field.type)
        if "int" in kind:
            values[field.name] = 1
        elif "date" in kind:
            values[field.name] = TODAY
        elif "tuple" in kind:
            values[field.name] = ()
        elif "Decision" in kind:
            values[field.name] = Decision(1, "yks", "struggle", "struggle", EVENING)
        else:
            values[field.name] = "x"
    return event_type(user_id=1, at=EVENING, **values)


@pytest.mark.parametrize("index", range(len(subscriptions(build_services(CATALOG)).subscriptions)))
async def test_every_subscription_runs_when_its_event_is_recorded(
    uow_factory: SqlUnitOfWorkFactory, index: int
) -> None:
    real = subscriptions(build_services(CATALOG)).subscriptions[index]
    heard: list[DomainEvent] = []

    async def spy(uow: Any, event: DomainEvent) -> None:
        heard.append(event)

    bus = EventBus()
    bus.subscribe(real.event_type, spy, name=real.name)
    uow_factory.bus = bus
    event = _sample(real.event_type)
    async with uow_factory() as uow:
        await uow.record(event)
        assert uow.recorded == (event,)
    assert heard == [event], real.name


async def test_a_failed_use_case_leaves_no_feedback_and_no_push(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    uow_factory.bus = subscriptions(build_services(CATALOG))
    user = await add_student(uow_factory, channel="web", chat="w1")
    await add_plan(uow_factory, user, [session(user, TODAY, time(18), topic_id="paragraf")])
    async with uow_factory() as uow:
        plan = await uow.plans.active_for(user)
        assert plan is not None
        [planned] = await uow.plans.sessions(plan.id)
    link = {"url": "https://example.org/p", "title": "Paragraf", "type": "video"}
    decision = Decision(user, "yks", "recommend", "recommend", EVENING, "paragraf", link)
    with pytest.raises(RuntimeError):
        async with uow_factory() as uow:
            await settle_session(
                uow,
                EVENING,
                SettleSession(user, planned.id, SessionStatus.SKIPPED, TODAY, source="button"),
            )
            await uow.record(
                ResourcesRecommended(
                    user_id=user, at=EVENING, pack_id="yks", topic_id="paragraf",
                    trigger="failed_quiz", decisions=(decision,), quiz_ref="q1",
                )
            )  # fmt: skip
            assert await uow.feedback.feedback(user, "yks")  # the subscriber wrote it …
            assert await uow.outbox.day_rows([user], TODAY, date(2027, 3, 12))  # … and the push
            raise RuntimeError("the use case fails after recording its events")
    async with uow_factory() as uow:
        assert await uow.feedback.feedback(user, "yks") == []
        assert await uow.outbox.day_rows([user], TODAY, date(2027, 3, 12)) == []
        [kept] = await uow.plans.sessions(planned.plan_id)
    assert kept.status is SessionStatus.SCHEDULED


async def _two_sessions_today(uow_factory: SqlUnitOfWorkFactory, key: str) -> int:
    user = await add_student(uow_factory, channel="web", chat=key, timezone="UTC")
    await add_plan(
        uow_factory,
        user,
        [
            session(user, TODAY, time(15), topic_id="paragraf", key=f"{key}-a"),
            session(user, TODAY, time(16), topic_id="paragraf", key=f"{key}-b"),
        ],
    )
    return user


async def _struggles(uow_factory: SqlUnitOfWorkFactory, user: int) -> list[Decision]:
    async with uow_factory() as uow:
        return list(await uow.feedback.decisions(user, "yks", kind="struggle"))


async def test_too_hard_in_the_check_in_triggers_the_same_struggle_check_as_done(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    clock = FixedClock(EVENING)
    engine = wired_engine(uow_factory, clock, CATALOG)
    # The Done button, then "how hard?" 5, for both sessions of the day.
    by_button = await _two_sessions_today(uow_factory, "done")
    chat = Conversation(engine, clock, user_key="done", locale_hint="en")
    templates: list[str] = []
    for _ in range(2):
        await chat.command("today")
        done = chat.find("s:done:").payload
        await chat.tap(done)
        session_id = done.rsplit(":", 1)[1]
        await chat.tap(f"s:rate:{session_id}:5")
        templates += [r.template for r in chat.last]
    assert "adaptive/struggle" in templates
    # The evening check-in, everything done, "how hard?" 5.
    by_checkin = await _two_sessions_today(uow_factory, "checkin")
    evening = Conversation(engine, clock, user_key="checkin", locale_hint="en")
    await evening.command("checkin")
    await evening.press("ci:all")
    await evening.tap("ci:hard:5")
    await evening.tap("ci:time:90")
    assert "adaptive/struggle" in [r.template for r in evening.last]
    button_strikes = await _struggles(uow_factory, by_button)
    checkin_strikes = await _struggles(uow_factory, by_checkin)
    assert [d.params["signals"] for d in checkin_strikes] == [["too_hard"]]
    assert [d.params["signals"] for d in button_strikes] == [["too_hard"]]

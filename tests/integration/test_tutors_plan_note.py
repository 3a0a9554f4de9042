"""The tutor's note proposes a plan change that the student still accepts (SQLite and
PostgreSQL): "More time on {topic}" under the saved note sends the student a re-plan proposal
with Accept / Keep my plan; the raised time factor is part of the proposal, so Keep leaves the
plan and the factor as they were and only Accept stores both."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import wired_engine
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.packs.catalog import Catalog
from coach.tutors.plan_note import MAX_FACTOR, raised
from prompts import render
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock
from tests.tutor_support import templates_for, tutor_chat, tutor_outbox, user_id

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


@pytest.fixture
def engine(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> DialogueEngine:
    catalog = Catalog.load([str(MINI)])
    return wired_engine(uow_factory, clock, catalog, EngineConfig())  # type: ignore[return-value]


async def _noted(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> tuple[Conversation, Conversation, int, int]:
    """A student and a tutor after a closed conversation and the tutor's note."""
    ada = await tutor_chat(engine, clock, uow_factory, "2001", "Ada Hoca")
    student = Conversation(engine, clock, user_key="1001")
    await onboard(student)
    await student.press("pv:activate:")
    me = await user_id(uow_factory, "1001")
    await student.say("I need a teacher")
    async with uow_factory() as uow:
        escalation = (await uow.tutors.student_escalations(me))[0]
    await ada.tap(f"ht:take:{escalation.id}")
    await ada.tap(f"ht:start:{escalation.id}")
    await student.say("limits are hard")
    await ada.command("end")
    await ada.say("Practise limits 15 minutes a day.")
    assert ada.templates() == ["tutors/note_saved"]
    assert ada.find(f"ht:more:{escalation.id}").label.startswith("⏱")
    return student, ada, me, escalation.id


async def _state(
    uow_factory: SqlUnitOfWorkFactory, me: int, topic: str
) -> tuple[float | None, list[tuple[str, str, int]]]:
    """The topic's stored time factor and the active plan's sessions."""
    async with uow_factory() as uow:
        estimates = await uow.learning.time_estimates(me, "mini")
        plan = await uow.plans.active_for(me)
        assert plan is not None
        sessions = await uow.plans.sessions(plan.id)
    factor = estimates[topic].factor if topic in estimates else None
    return factor, sorted((s.key, s.date.isoformat(), s.minutes) for s in sessions)


async def _proposal_push(uow_factory: SqlUnitOfWorkFactory, me: int) -> object:
    rows = [r for r in await tutor_outbox(uow_factory, me) if "more_time" in r.template]
    assert len(rows) == 1
    return rows[0]


async def test_keep_leaves_the_plan_and_the_factor_as_they_were(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    student, ada, me, escalation = await _noted(engine, clock, uow_factory)
    async with uow_factory() as uow:
        topic = (await uow.tutors.escalation(escalation)).topic_id  # type: ignore[union-attr]
    before = await _state(uow_factory, me, topic)

    await ada.tap(f"ht:more:{escalation}")
    assert ada.templates() == ["tutors/more_time_sent"]
    assert await _state(uow_factory, me, topic) == before  # proposed, nothing changed yet
    push = await _proposal_push(uow_factory, me)
    assert push.template == "tutors/more_time_proposal"  # type: ignore[attr-defined]
    assert push.context["note"] == "Practise limits 15 minutes a day."  # type: ignore[attr-defined]
    # what it costs, as the proposal says it (not "N are dropped" counting re-added sessions)
    cost = push.context["cost"]  # type: ignore[attr-defined]
    assert set(cost) >= {"lessons_dropped", "minutes_dropped", "others_dropped"}, cost
    text = render("tutors/more_time_proposal", "en", **push.context)  # type: ignore[attr-defined]
    assert "What it costs:" in text and "are dropped." not in text.split("What it costs:")[0]
    payloads = [c["payload"] for row in push.choices for c in row]  # type: ignore[attr-defined]
    assert payloads[0].startswith("plan:accept:") and payloads[1].startswith("plan:keep:")
    await ada.tap(f"ht:more:{escalation}")  # asked once; the student has not answered
    assert ada.templates() == ["tutors/more_time_already"]

    await student.tap(payloads[1])
    assert "plans/kept" in student.templates()
    assert await _state(uow_factory, me, topic) == before


async def test_accept_stores_the_factor_and_the_plan_with_more_time(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    student, ada, me, escalation = await _noted(engine, clock, uow_factory)
    async with uow_factory() as uow:
        topic = (await uow.tutors.escalation(escalation)).topic_id  # type: ignore[union-attr]
    factor, sessions = await _state(uow_factory, me, topic)
    await ada.tap(f"ht:more:{escalation}")
    payloads = [
        c["payload"]
        for row in (await _proposal_push(uow_factory, me)).choices  # type: ignore[attr-defined]
        for c in row
    ]
    await student.tap(payloads[0])
    assert "plans/accepted" in student.templates()
    new_factor, new_sessions = await _state(uow_factory, me, topic)
    assert new_factor == raised(factor or 1.0) and new_factor > (factor or 1.0)
    assert new_sessions != sessions


async def test_only_the_notes_tutor_can_propose(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    student, _ada, me, escalation = await _noted(engine, clock, uow_factory)
    bora = await tutor_chat(engine, clock, uow_factory, "2002", "Bora Hoca")
    await bora.tap(f"ht:more:{escalation}")
    assert bora.templates() == ["tutors/more_time_gone"]
    await student.tap(f"ht:more:{escalation}")
    assert student.templates() == ["tutors/more_time_gone"]
    assert "tutors/more_time_proposal" not in await templates_for(uow_factory, me)


def test_one_tap_asks_a_quarter_more_and_never_more_than_double() -> None:
    assert raised(1.0) == 1.25
    assert raised(1.8) == MAX_FACTOR
    assert raised(MAX_FACTOR) == MAX_FACTOR


async def test_an_outdated_proposal_is_proposed_again_with_the_tutors_factor(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    student, ada, me, escalation = await _noted(engine, clock, uow_factory)
    await ada.tap(f"ht:more:{escalation}")
    push = await _proposal_push(uow_factory, me)
    async with uow_factory() as uow:
        plan = await uow.plans.active_for(me)
        assert plan is not None
        today = clock.now().date()
        session = next(s for s in await uow.plans.sessions(plan.id) if s.date >= today)
    await student.tap(f"s:done:{session.id}")  # the plan's future changed since the proposal
    await student.tap(push.choices[0][0]["payload"])  # type: ignore[attr-defined]
    assert "plans/proposal_outdated" in student.templates()
    async with uow_factory() as uow:
        fresh = await uow.plans.latest_draft_for(me)
    assert fresh is not None and fresh.summary["cause"] == "tutor_note"
    assert fresh.summary["escalation"] == escalation and fresh.summary["topic_factors"]

"""Wheel-spinning and repeated failed mocks open a tutor offer (SQLite and PostgreSQL), with the
third-strike offer's rules: consent (Yes / No), one open escalation at a time, and a declined
topic left alone for a week — without a "not now" note after every quiz or mock."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import wired_engine
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.learning.events import QuizFinished, TutorOfferMade
from coach.learning.records import Decision, QuizAttempt, QuizKind
from coach.packs.catalog import Catalog
from coach.tutors.model import EscalationState
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock
from tests.tutor_support import user_id

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


@pytest.fixture
def catalog() -> Catalog:
    return Catalog.load([str(MINI)])


@pytest.fixture
def engine(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, catalog: Catalog
) -> DialogueEngine:
    return wired_engine(uow_factory, clock, catalog, EngineConfig())  # type: ignore[return-value]


async def _student(engine: DialogueEngine, clock: FixedClock) -> Conversation:
    chat = Conversation(engine, clock, user_key="1001")
    await onboard(chat)
    await chat.press("pv:activate:")
    return chat


async def _practise(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, me: int, mastery: float, n: int
) -> list[TutorOfferMade]:
    """Store `n` practice answers that leave mastery at `mastery`; finish the quiz."""
    now = clock.now()
    ref = f"q{now.timestamp()}"
    answers = [
        QuizAttempt(
            me, "mini", "problemler", ref, QuizKind.ON_DEMAND, f"p{i}", 2, i % 5 != 0, False,
            9000, mastery, mastery, now,
        )
        for i in range(n)
    ]  # fmt: skip
    async with uow_factory() as uow:
        await uow.learning.add_attempts(answers)
        await uow.record(
            QuizFinished(
                user_id=me, at=now, pack_id="mini", topic_id="problemler", quiz_ref=ref,
                kind=QuizKind.ON_DEMAND, correct=sum(i % 5 != 0 for i in range(n)), total=n,
                mastery_before=mastery, mastery_after=mastery, first_try=False,
            )
        )  # fmt: skip
        made = [e for e in uow.recorded if isinstance(e, TutorOfferMade)]
        await uow.commit()
    return made


async def test_wheel_spinning_opens_an_offer_once_and_a_decline_holds_a_week(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    student = await _student(engine, clock)
    me = await user_id(uow_factory, "1001")
    assert await _practise(uow_factory, clock, me, 0.3, 5) == []  # five answers: too early
    clock.advance(hours=1)
    made = await _practise(uow_factory, clock, me, 0.3, 5)  # ten, flat: spinning
    assert [m.offer.template for m in made] == ["tutors/offer_wheel_spinning"]
    async with uow_factory() as uow:
        (escalation,) = await uow.tutors.student_escalations(me)
        why = await uow.feedback.decisions(me, "mini", kind="tutor_offer")
    assert escalation.state is EscalationState.OFFERED
    assert escalation.reason == "wheel_spinning" and escalation.topic_id == "problemler"
    assert why[-1].reason_code == "tutor_offer_wheel_spinning"
    clock.advance(hours=1)
    assert await _practise(uow_factory, clock, me, 0.3, 5) == []  # an open offer: quiet
    await student.tap(f"ht:no:{escalation.id}")
    assert student.templates() == ["tutors/declined"]
    clock.advance(days=6)
    assert await _practise(uow_factory, clock, me, 0.3, 5) == []  # declined this week
    clock.advance(days=2)
    made = await _practise(uow_factory, clock, me, 0.3, 5)
    assert [m.offer.template for m in made] == ["tutors/offer_wheel_spinning"]


async def test_moving_mastery_is_not_wheel_spinning(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    await _student(engine, clock)
    me = await user_id(uow_factory, "1001")
    for step in range(4):
        clock.advance(hours=1)
        assert await _practise(uow_factory, clock, me, 0.2 + 0.1 * step, 4) == []
    async with uow_factory() as uow:
        assert await uow.tutors.student_escalations(me) == []


async def _mock(chat: Conversation, maths: str, turkish: str) -> None:
    await chat.command("mock")
    await chat.say(maths)
    await chat.say(turkish)


async def test_two_failed_mocks_in_a_subject_offer_a_tutor_for_its_weakest_topic(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    chat = await _student(engine, clock)
    me = await user_id(uow_factory, "1001")
    await _mock(chat, "2 6 2", "8 1 1")  # maths failed once
    assert "mock/result" in chat.templates()
    assert not any(t.startswith("tutors/offer") for t in chat.templates())
    clock.advance(days=7)
    await _mock(chat, "3 5 2", "9 1 0")  # and again: repeated
    assert "tutors/offer_failed_mocks" in chat.templates()
    assert "Mathematics" in chat.text() or "Matematik" in chat.text()
    async with uow_factory() as uow:
        (escalation,) = await uow.tutors.student_escalations(me)
        mastery = await uow.progress.mastery(me, "mini")
    assert escalation.reason == "failed_mocks" and escalation.subject_id == "mat"
    assert escalation.topic_id == min(("sayilar", "problemler"), key=lambda t: mastery[t])
    assert "failed_mocks" in escalation.signals
    clock.advance(days=1)
    await _mock(chat, "2 6 2", "9 1 0")  # a third failure while the offer is open: no second
    assert not any(t.startswith("tutors/offer") for t in chat.templates())
    await chat.tap(f"ht:yes:{escalation.id}")  # consent: the escalation is requested
    # no tutor is invited in this test, so the student is told honestly and offered a booking
    assert chat.templates() == ["tutors/none_free"]
    async with uow_factory() as uow:
        (escalation,) = await uow.tutors.student_escalations(me)
    assert escalation.state is EscalationState.EXPIRED


async def test_the_strike_counter_keeps_the_offer_once_it_has_struck(
    engine: DialogueEngine, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory
) -> None:
    await _student(engine, clock)
    me = await user_id(uow_factory, "1001")
    assert await _practise(uow_factory, clock, me, 0.3, 5) == []
    clock.advance(hours=1)
    async with uow_factory() as uow:  # the struggle detector struck on these answers
        await uow.feedback.add_decision(
            Decision(me, "mini", "struggle", "struggle", clock.now(), "problemler", {"strike": 1})
        )
        await uow.commit()
    clock.advance(hours=1)
    assert await _practise(uow_factory, clock, me, 0.3, 5) == []  # its third strike will offer
    clock.advance(hours=1)
    made = await _practise(uow_factory, clock, me, 0.3, 10)  # ten flat answers since: spinning
    assert [m.offer.template for m in made] == ["tutors/offer_wheel_spinning"]

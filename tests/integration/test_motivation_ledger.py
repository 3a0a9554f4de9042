"""Must-show 2: the ledger in the database replays to the same balances, levels and badges;
the daily cap holds; a replayed event (the same quiz, the same Done) earns nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from coach.events import DomainEvent, EventBus
from coach.learning.events import MockRecorded, QuizAnswered
from coach.learning.records import Decision
from coach.motivation.badges import earned_ids
from coach.motivation.figures import stats
from coach.motivation.reactions import MotivationReactions
from coach.motivation.streaks import fold
from coach.motivation.usecases import ForStudent
from coach.motivation.xp import DAILY_CAP, Award, balance, daily_totals, level_of, replay
from coach.packs.catalog import Catalog
from coach.sessions.events import SessionCompleted
from storage.uow import SqlUnitOfWorkFactory

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)  # 09:00 in Istanbul


def _bus() -> EventBus:
    reactions = MotivationReactions(Catalog.load([str(MINI)]))
    bus = EventBus()
    bus.subscribe(SessionCompleted, reactions.on_session_completed, name="motivation.xp_and_streak")
    bus.subscribe(QuizAnswered, reactions.on_quiz_answered, name="motivation.xp")
    bus.subscribe(MockRecorded, reactions.on_mock_recorded, name="motivation.xp")
    return bus


def _done(user_id: int, session_id: int, at: datetime) -> SessionCompleted:
    return SessionCompleted(
        user_id=user_id,
        at=at,
        session_id=session_id,
        plan_id=1,
        pack_id="mini",
        kind="lesson",
        day=at.date(),
        source="button",
        planned_minutes=60,
        minutes_spent=60,
    )


def _answer(user_id: int, n: int, at: datetime) -> QuizAnswered:
    return QuizAnswered(
        user_id=user_id,
        at=at,
        pack_id="mini",
        topic_id="t1",
        quiz_ref=f"quiz-{at.isoformat()}",  # every attempt has its own ref; the question does not
        kind="quiz",
        question_ref=f"q{n}",
        difficulty=3,
        correct=True,
    )


def _mock(user_id: int, net: float, previous: float | None, at: datetime) -> MockRecorded:
    decision = Decision(user_id, "mini", "mock", "mock_recorded", at)
    return MockRecorded(
        user_id=user_id,
        at=at,
        pack_id="mini",
        total_net=net,
        previous_net=previous,
        weakest=(),
        decision=decision,
    )


async def _record(factory: SqlUnitOfWorkFactory, events: list[DomainEvent]) -> None:
    for event in events:
        async with factory() as uow:
            await uow.record(event)
            await uow.commit()


async def test_the_stored_ledger_replays_to_the_same_figures(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    factory = SqlUnitOfWorkFactory(uow_factory.session_factory, _bus())
    async with factory() as uow:
        user = await uow.users.add(locale="tr", timezone="Europe/Istanbul", now=NOW)
        await uow.commit()
    events: list[DomainEvent] = []
    for day in range(3):
        at = NOW + timedelta(days=day)
        events += [_done(user.id, 100 * day + i, at + timedelta(minutes=i)) for i in range(11)]
        # the same quiz every day: only the first day's right answers earn
        events += [_answer(user.id, n, at + timedelta(hours=2, minutes=n)) for n in range(4)]
    events.append(_mock(user.id, 40.0, None, NOW + timedelta(days=3)))
    events.append(_mock(user.id, 45.0, 40.0, NOW + timedelta(days=4)))
    await _record(factory, events)
    await _record(factory, events[:5])  # a replay of the first events earns nothing
    async with factory() as uow:  # what /badges and the hourly rollover do
        await MotivationReactions(Catalog.load([str(MINI)])).usecases.award_badges(
            uow, NOW + timedelta(days=4), ForStudent(user.id)
        )
        await uow.commit()

    async with factory() as uow:
        ledger = list(await uow.motivation.ledger(user.id))
        stored_balance = await uow.motivation.balance(user.id)
        stored_badges = set(await uow.motivation.badges(user.id))

    answers = [e for e in ledger if e.key.startswith("answer:")]
    assert len(answers) == 4  # four questions, answered right on three days
    assert all(total <= DAILY_CAP for total in daily_totals(ledger).values())
    assert any(e.amount < e.requested for e in ledger)  # eleven hours a day reached the cap

    rebuilt = replay(
        [(Award(e.key, e.reason, e.requested, e.minutes), e.day, e.hour) for e in ledger]
    )
    assert rebuilt == ledger
    assert balance(rebuilt) == stored_balance
    assert level_of(balance(rebuilt)).number == level_of(stored_balance).number > 1

    today = date(2026, 12, 11)
    figures = stats(
        rebuilt, fold({}, today, today), today, plans_activated=0, mastery={}, subjects={}
    )
    assert earned_ids(figures) == stored_badges
    assert {"hours_10", "better_mock"} <= stored_badges

"""Adaptive-learning repositories round-trip on SQLite and PostgreSQL; export and delete cover
them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fsrs import Rating

from coach.domain import TopicMastery
from coach.learning.records import (
    Decision,
    Feedback,
    MockResult,
    QuizAttempt,
    ReviewCard,
    TimeEstimate,
)
from coach.learning.spaced import review
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2027, 1, 10, 15, 0, tzinfo=UTC)


async def _users(uow_factory: SqlUnitOfWorkFactory, count: int) -> list[int]:
    async with uow_factory() as uow:
        ids = [(await uow.users.add(locale="tr", timezone="UTC", now=NOW)).id for _ in range(count)]
        await uow.commit()
    return ids


def _attempt(user_id: int, topic: str, correct: bool, minutes: int) -> QuizAttempt:
    return QuizAttempt(
        user_id,
        "yks",
        topic,
        "quiz-1",
        "module",
        f"{topic}_q{minutes}",
        3,
        correct,
        False,
        12_500,
        0.3,
        0.45,
        NOW + timedelta(minutes=minutes),
    )


async def test_attempts_cards_estimates_and_mocks(uow_factory: SqlUnitOfWorkFactory) -> None:
    [user_id] = await _users(uow_factory, 1)
    card_json, due = review(None, "problemler", Rating.Good, NOW, 0.9)
    async with uow_factory() as uow:
        await uow.learning.add_attempts(
            [_attempt(user_id, "problemler", True, 2), _attempt(user_id, "paragraf", False, 1)]
        )
        await uow.learning.save_review_card(
            ReviewCard(user_id, "yks", "problemler", card_json, due, 1, NOW)
        )
        await uow.learning.save_time_estimate(TimeEstimate(user_id, "yks", "*", 1.2, 4, NOW))
        await uow.learning.save_time_estimate(TimeEstimate(user_id, "yks", "*", 1.3, 5, NOW))
        stored = await uow.learning.add_mock(
            MockResult(user_id, "yks", NOW, ({"scope": "test", "id": "tyt_turkce"},), 28.5)
        )
        await uow.commit()
    async with uow_factory() as uow:
        everything = await uow.learning.attempts(user_id, "yks")
        one_topic = await uow.learning.attempts(user_id, "yks", "problemler")
        later = await uow.learning.attempts(user_id, "yks", since=NOW + timedelta(minutes=2))
        pack = await uow.learning.pack_attempts("yks")
        cards = await uow.learning.review_cards(user_id, "yks")
        estimates = await uow.learning.time_estimates(user_id, "yks")
        mocks = await uow.learning.mocks(user_id, "yks")
    assert [a.topic_id for a in everything] == ["paragraf", "problemler"]
    assert one_topic[0].response_ms == 12_500 and one_topic[0].correct
    assert one_topic[0].answered_at == NOW + timedelta(minutes=2)
    assert [a.topic_id for a in later] == ["problemler"]
    assert len(pack) == 2
    assert cards["problemler"].card_json == card_json and cards["problemler"].due == due
    assert estimates["*"].factor == 1.3 and estimates["*"].samples == 5
    assert stored.id > 0 and mocks[0].net == 28.5 and mocks[0].entries[0]["id"] == "tyt_turkce"


async def test_feedback_peers_and_decisions(uow_factory: SqlUnitOfWorkFactory) -> None:
    me, similar, stronger = await _users(uow_factory, 3)
    async with uow_factory() as uow:
        await uow.progress.set_mastery(
            [
                TopicMastery(me, "yks", "problemler", 0.40, NOW),
                TopicMastery(similar, "yks", "problemler", 0.45, NOW),
                TopicMastery(stronger, "yks", "problemler", 0.95, NOW),
            ]
        )
        for user_id, rating in ((similar, 5), (similar, 4), (stronger, 1), (me, 2)):
            await uow.feedback.add_feedback(
                Feedback(
                    user_id,
                    "yks",
                    "resource",
                    "problemler_video",
                    "problemler",
                    NOW,
                    rating=rating,
                    resource_type="video",
                )
            )
        await uow.feedback.add_feedback(
            Feedback(me, "yks", "lesson", "l1", "problemler", NOW, difficulty="too_hard")
        )
        first = await uow.feedback.add_decision(
            Decision(me, "yks", "struggle", "struggle", NOW, "problemler", {"strike": 1})
        )
        await uow.feedback.add_decision(
            Decision(me, "yks", "recommend", "recommend", NOW + timedelta(seconds=1), "problemler")
        )
        await uow.commit()
    async with uow_factory() as uow:
        peers = await uow.feedback.peer_resource_ratings("yks", "problemler", me, 0.40)
        mine = await uow.feedback.feedback(me, "yks")
        newest = await uow.feedback.decisions(me, "yks")
        strikes = await uow.feedback.decisions(me, "yks", topic_id="problemler", kind="struggle")
    assert peers == {"problemler_video": (4.5, 2)}  # the stronger student and I are left out
    assert [f.difficulty for f in mine] == [None, "too_hard"]
    assert [d.kind for d in newest] == ["recommend", "struggle"]
    assert strikes[0].id == first.id and strikes[0].params == {"strike": 1}


async def test_export_and_delete_cover_the_new_tables(uow_factory: SqlUnitOfWorkFactory) -> None:
    [user_id] = await _users(uow_factory, 1)
    async with uow_factory() as uow:
        await uow.learning.add_attempts([_attempt(user_id, "paragraf", True, 1)])
        await uow.feedback.add_decision(Decision(user_id, "yks", "pace", "pace", NOW))
        await uow.commit()
    async with uow_factory() as uow:
        exported = await uow.personal_data.export(user_id)
        await uow.personal_data.delete(user_id)
        await uow.commit()
    assert {"quiz_attempts", "decisions"} <= set(exported)
    async with uow_factory() as uow:
        assert await uow.learning.attempts(user_id, "yks") == []
        assert await uow.feedback.decisions(user_id) == []

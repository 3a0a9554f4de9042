"""Choosing a quiz's questions from stored mastery, answers and fitted difficulties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coach.domain import TopicMastery
from coach.learning.records import QuizAttempt
from coach.learning.selection import PickQuestions, pick_questions
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2027, 1, 10, 18, 0, tzinfo=UTC)
CANDIDATES = [(f"q{level}{i}", level) for level in range(1, 6) for i in "abc"]


async def _student(uow_factory: SqlUnitOfWorkFactory, mastery: float) -> int:
    async with uow_factory() as uow:
        user = await uow.users.add(locale="tr", timezone="UTC", now=NOW)
        await uow.progress.set_mastery([TopicMastery(user.id, "yks", "geo", mastery, NOW)])
        await uow.commit()
    return user.id


async def _pick(uow_factory: SqlUnitOfWorkFactory, user_id: int, now: datetime) -> list[str]:
    async with uow_factory() as uow:
        return await pick_questions(
            uow, now, PickQuestions(user_id, "yks", "geo", "module", 3, CANDIDATES)
        )


def _level(refs: list[str]) -> float:
    return sum(int(r[1]) for r in refs) / len(refs)


async def test_weak_and_strong_students_get_different_items_and_no_repeats(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    weak = await _student(uow_factory, 0.15)
    strong = await _student(uow_factory, 0.9)
    assert _level(await _pick(uow_factory, weak, NOW)) < _level(
        await _pick(uow_factory, strong, NOW)
    )

    first = await _pick(uow_factory, weak, NOW)
    async with uow_factory() as uow:
        await uow.learning.add_attempts(
            [
                QuizAttempt(
                    weak,
                    "yks",
                    "geo",
                    "z",
                    "assessment",
                    ref,
                    1,
                    True,
                    False,
                    None,
                    0.15,
                    0.15,
                    NOW,
                )
                for ref in first
            ]
        )
        await uow.commit()
    for days in (1, 3, 6):
        later = await _pick(uow_factory, weak, NOW + timedelta(days=days))
        assert not set(first) & set(later), days


async def test_fitted_difficulties_are_stored_and_steer_the_pick(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    strong = await _student(uow_factory, 0.9)
    before = await _pick(uow_factory, strong, NOW)
    async with uow_factory() as uow:
        # The data say every level-1 item is in fact hard (right where this student is).
        await uow.learning.save_item_difficulties("yks", {f"q1{i}": (1.35, 40) for i in "abc"}, NOW)
        await uow.commit()
    async with uow_factory() as uow:
        assert (await uow.learning.item_difficulties("yks"))["q1a"] == 1.35
    after = await _pick(uow_factory, strong, NOW)
    assert not {"q1a", "q1b", "q1c"} & set(before)
    assert {"q1a", "q1b", "q1c"} & set(after)

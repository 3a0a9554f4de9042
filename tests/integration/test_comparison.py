"""Peer comparison from storage (SQLite and PostgreSQL): only students who opted in count;
successful peers are those whose best mock reached their own target; with ten of them at a
similar starting level the student sees their typical weekly hours, with nine nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import cast

from coach.community.partner_usecases import MyComparison, my_comparison
from coach.core.uow import UnitOfWork
from coach.domain import AssessmentResult, SessionStatus
from coach.learning.records import MockResult
from coach.peers.model import PeerFeature
from coach.peers.usecases import SetFeature, set_feature
from storage.uow import SqlUnitOfWorkFactory
from tests.notify_support import add_plan, add_student, session

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


async def _peer(
    uow_factory: SqlUnitOfWorkFactory, *, net: float, minutes: int, opted: bool = True
) -> int:
    user_id = await add_student(uow_factory, target_kind="net", target_value="60")
    done = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    await add_plan(uow_factory, user_id, [session(user_id, date(2026, 12, 1), time(18),
                   minutes=minutes, status=SessionStatus.DONE, completed_at=done)])  # fmt: skip
    async with uow_factory() as uow:
        await uow.progress.add_assessment(
            [AssessmentResult(user_id, "yks", "math", None, 10, 4, 0, 0.4, NOW)]
        )
        await uow.learning.add_mock(MockResult(user_id, "yks", NOW, (), net))
        if opted:
            work = cast(UnitOfWork, uow)
            await set_feature(work, NOW, SetFeature(user_id, PeerFeature.COMPARISON, True))
        await uow.commit()
    return user_id


async def test_ten_successful_peers_are_needed_and_only_opted_in_ones_count(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    me = await _peer(uow_factory, net=40, minutes=120)
    for _ in range(9):
        await _peer(uow_factory, net=65, minutes=480)
    await _peer(uow_factory, net=70, minutes=480, opted=False)  # not in comparisons
    await _peer(uow_factory, net=30, minutes=60)  # did not reach the target
    async with uow_factory() as uow:
        assert await my_comparison(cast(UnitOfWork, uow), NOW, MyComparison(me)) is None
    await _peer(uow_factory, net=61, minutes=480)  # the tenth
    async with uow_factory() as uow:
        found = await my_comparison(cast(UnitOfWork, uow), NOW, MyComparison(me))
    assert found is not None
    assert (found.peers, found.peer_hours, found.my_hours) == (10, 2.0, 0.5)

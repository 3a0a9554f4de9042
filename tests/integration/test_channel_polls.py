"""The channel_polls repository on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from coach.core.channel_store import ChannelPoll
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.telegram_support import NOW


def poll(poll_id: str, user_key: str = "42", minutes_ago: int = 0) -> ChannelPoll:
    return ChannelPoll(
        poll_id=poll_id,
        channel="telegram",
        chat_key=user_key,
        user_key=user_key,
        question_key=f"yks:mat:{poll_id}",
        options=4,
        created_at=NOW - timedelta(minutes=minutes_ago),
    )


async def test_a_recorded_poll_is_found_by_its_platform_id(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        await uow.channel_polls.add(poll("5000000000000000001"))
        await uow.channel_polls.add(poll("5000000000000000001", user_key="99"))  # a retry
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.channel_polls.get("5000000000000000001")
        missing = await uow.channel_polls.get("nope")
    assert found == poll("5000000000000000001")
    assert found is not None and found.created_at.tzinfo is not None
    assert missing is None


async def test_uncommitted_polls_are_not_kept(uow_factory: SqlUnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await uow.channel_polls.add(poll("p1"))
    async with uow_factory() as uow:
        assert await uow.channel_polls.get("p1") is None


async def test_polls_of_one_account_can_be_listed_and_deleted(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        for poll_id, user, age in (("p1", "42", 5), ("p2", "42", 1), ("p3", "7", 3)):
            await uow.channel_polls.add(poll(poll_id, user, age))
        await uow.commit()
    async with uow_factory() as uow:
        mine = await uow.channel_polls.for_user("telegram", "42")
        await uow.channel_polls.delete_for_user("telegram", "42")
        await uow.commit()
    async with uow_factory() as uow:
        after = [await uow.channel_polls.get(p) for p in ("p1", "p2", "p3")]
    assert [p.poll_id for p in mine] == ["p1", "p2"]
    assert [p is not None for p in after] == [False, False, True]


async def test_old_polls_are_cleaned_up(uow_factory: SqlUnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await uow.channel_polls.add(poll("old", minutes_ago=60 * 24 * 40))
        await uow.channel_polls.add(poll("new", minutes_ago=10))
        await uow.commit()
    async with uow_factory() as uow:
        removed = await uow.channel_polls.delete_older_than(NOW - timedelta(days=30))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.channel_polls.get("old") is None
        assert await uow.channel_polls.get("new") is not None
    assert removed == 1

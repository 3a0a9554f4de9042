"""The unit of work: nothing is written without commit, and errors roll back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def test_nothing_is_written_without_commit(uow_factory: SqlUnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        user = await uow.users.add(locale="tr", timezone="Europe/Istanbul", now=NOW)
        assert await uow.users.get(user.id) is not None  # visible inside its own transaction
    async with uow_factory() as uow:
        assert await uow.users.get(user.id) is None


async def test_commit_makes_work_durable(uow_factory: SqlUnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        user = await uow.users.add(locale="en", timezone="UTC", now=NOW, display_name="Ada")
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.users.get(user.id)
    assert stored is not None
    assert stored.display_name == "Ada"
    assert stored.created_at == NOW


async def test_error_rolls_back_everything_since_the_last_commit(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        kept = await uow.users.add(locale="tr", timezone="UTC", now=NOW)
        await uow.commit()
    with pytest.raises(RuntimeError):
        async with uow_factory() as uow:
            lost = await uow.users.add(locale="tr", timezone="UTC", now=NOW)
            await uow.users.add_identity(lost.id, "telegram", "42", "42", NOW)
            raise RuntimeError("use case failed")
    async with uow_factory() as uow:
        assert await uow.users.get(kept.id) is not None
        assert await uow.users.get(lost.id) is None
        assert await uow.users.find_by_identity("telegram", "42") is None


async def test_explicit_rollback_discards_pending_work(uow_factory: SqlUnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        user = await uow.users.add(locale="tr", timezone="UTC", now=NOW)
        await uow.rollback()
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.users.get(user.id) is None

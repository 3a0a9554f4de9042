"""Secrets generated once per installation and shared by every process on the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import InstanceSecretRow


class SqlInstanceSecrets:
    """Named secrets in SQL; the first process to need one creates it."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_or_create(self, name: str, make: Callable[[], str], now: datetime) -> str:
        """The secret called `name`, created with `make()` when there is none yet.

        Two processes starting together may both try to create it; the loser reads the winner's
        value, so everyone ends up with the same secret.
        """
        query = select(InstanceSecretRow.value).where(InstanceSecretRow.name == name)
        value = await self._session.scalar(query)
        if value is not None:
            return value
        try:
            async with self._session.begin_nested():
                await self._session.execute(
                    insert(InstanceSecretRow).values(name=name, value=make(), created_at=now)
                )
        except IntegrityError:
            pass  # created meanwhile by another process
        value = await self._session.scalar(query)
        if value is None:  # pragma: no cover - the row was just written or read
            raise RuntimeError(f"instance secret {name} could not be stored")
        return value

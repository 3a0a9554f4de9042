"""Dialogue state with optimistic locking."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from coach.core.errors import ConcurrentUpdateError
from coach.domain import DialogueState
from storage.models import DialogueStateRow


class SqlDialogueRepository:
    """Conversation state in SQL, one row per user."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int) -> DialogueState | None:
        """The user's current conversation state."""
        row = (
            await self._session.execute(
                select(
                    DialogueStateRow.flow,
                    DialogueStateRow.step,
                    DialogueStateRow.data,
                    DialogueStateRow.version,
                ).where(DialogueStateRow.user_id == user_id)
            )
        ).first()
        if row is None:
            return None
        return DialogueState(
            user_id=user_id, flow=row.flow, step=row.step, data=dict(row.data), version=row.version
        )

    async def save(self, state: DialogueState) -> DialogueState:
        """Save with optimistic locking; raises ConcurrentUpdateError on a stale version."""
        now = datetime.now(UTC)
        new_version = state.version + 1
        values = {"flow": state.flow, "step": state.step, "data": dict(state.data)}
        if state.version == 0:
            try:
                async with self._session.begin_nested():
                    await self._session.execute(
                        insert(DialogueStateRow).values(
                            user_id=state.user_id, version=new_version, updated_at=now, **values
                        )
                    )
            except IntegrityError as error:
                raise ConcurrentUpdateError(f"dialogue of user {state.user_id}") from error
        else:
            result = await self._session.execute(
                update(DialogueStateRow)
                .where(
                    DialogueStateRow.user_id == state.user_id,
                    DialogueStateRow.version == state.version,
                )
                .values(version=new_version, updated_at=now, **values)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise ConcurrentUpdateError(f"dialogue of user {state.user_id}")
        return DialogueState(
            user_id=state.user_id,
            flow=state.flow,
            step=state.step,
            data=dict(state.data),
            version=new_version,
        )

    async def clear(self, user_id: int) -> None:
        """Forget the conversation state."""
        await self._session.execute(
            delete(DialogueStateRow).where(DialogueStateRow.user_id == user_id)
        )

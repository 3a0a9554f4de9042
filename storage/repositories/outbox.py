"""The outbox: durable pushes, claimed under a lease and acknowledged with a message id.

Claiming is one UPDATE ... RETURNING over a sub-select of due rows: PostgreSQL adds
`FOR UPDATE SKIP LOCKED`, so concurrent dispatchers take disjoint rows without waiting; SQLite
has a single writer, so the one statement is already exclusive. Each claim gets a fresh lease
token, and only the holder of the current token can settle a row, so a dispatcher whose lease ran
out cannot overwrite the work of the one that took over.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, func, or_, select, text, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import RowMapping

from coach.notifications.model import (
    Ack,
    Address,
    ChoiceSpec,
    Notification,
    NotificationKind,
    OutboxItem,
    OutboxStatus,
    Retry,
    Settle,
)
from storage.models import OutboxRow
from storage.repositories.outbox_bulk import ack_postgres, choices_json, upsert_postgres
from storage.repositories.outbox_reads import REVIVABLE, OutboxReads

T = cast(Table, OutboxRow.__table__)
# A literal (not bound) predicate, so PostgreSQL can use the partial claim index.
WAITING = text("outbox.status IN ('queued', 'leased')")


def _choices(value: Sequence[Any]) -> tuple[tuple[ChoiceSpec, ...], ...]:
    return tuple(tuple(ChoiceSpec(c["label"], c["payload"]) for c in row) for row in value)


def _values(item: Notification, now: datetime) -> dict[str, Any]:
    return {
        "dedupe_key": item.dedupe_key,
        "user_id": item.user_id,
        "channel": item.address.channel,
        "user_key": item.address.user_key,
        "chat_key": item.address.chat_key,
        "is_group": item.address.is_group,
        "kind": item.kind.value,
        "template": item.template,
        "locale": item.locale,
        "context": dict(item.context),
        "choices": choices_json(item.choices),
        "status": (OutboxStatus.DROPPED if item.drop_reason else OutboxStatus.QUEUED).value,
        "due_at": item.due_at,
        "next_attempt_at": item.due_at,
        "expires_at": item.expires_at,
        "local_date": item.local_date,
        "solicited": item.solicited,
        "attempts": 0,
        "last_error": item.drop_reason,
        "created_at": now,
        "updated_at": now,
    }


def _item(row: RowMapping) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        dedupe_key=row["dedupe_key"],
        user_id=row["user_id"],
        kind=NotificationKind(row["kind"]),
        template=row["template"],
        locale=row["locale"],
        context=row["context"],
        choices=_choices(row["choices"]),
        address=Address(row["channel"], row["user_key"], row["chat_key"], row["is_group"]),
        status=OutboxStatus(row["status"]),
        due_at=row["due_at"],
        local_date=row["local_date"],
        attempts=row["attempts"],
        expires_at=row["expires_at"],
        solicited=row["solicited"],
        lease_token=row["lease_token"],
        lease_expires_at=row["lease_expires_at"],
        last_error=row["last_error"],
        platform_message_id=row["platform_message_id"],
        sent_at=row["sent_at"],
    )


# Columns a refresh may change; a row is rewritten only when one of them differs.
_REFRESHED = (
    "channel", "user_key", "chat_key", "is_group", "template", "locale", "context", "choices",
    "status", "due_at", "next_attempt_at", "expires_at", "local_date", "last_error",
)  # fmt: skip


class SqlOutboxRepository(OutboxReads):
    """The outbox in SQL (see the module docstring for the claiming protocol)."""

    @property
    def _postgres(self) -> bool:
        bind = self._session.bind
        return bind is not None and bind.dialect.name == "postgresql"

    async def enqueue(self, notifications: Sequence[Notification], now: datetime) -> int:
        """Store pushes; a known key is only refreshed while still waiting. Returns rows given.

        A row that is queued and never tried, or was dropped as superseded or over the daily
        cap, takes the new due time and content; anything leased, sent or closed stays as it is.
        """
        if not notifications:
            return 0
        # One row per key: PostgreSQL refuses to update the same row twice in one statement.
        unique = list({item.dedupe_key: item for item in notifications}.values())
        if self._postgres:
            await upsert_postgres(self._session, unique, now)
            return len(unique)
        rows = [_values(item, now) for item in unique]
        statement = sqlite.insert(T)  # the table, not the class: the ORM's bulk path is slower
        new = statement.excluded
        changed = or_(*(T.c[name].is_distinct_from(new[name]) for name in _REFRESHED))
        waiting = or_(
            and_(T.c.status == OutboxStatus.QUEUED.value, T.c.attempts == 0),
            and_(
                T.c.status == OutboxStatus.DROPPED.value,
                # executemany cannot expand IN lists, hence the ORs
                or_(*(T.c.last_error == reason for reason in REVIVABLE)),
                new.status == OutboxStatus.QUEUED.value,  # revived only to be sent
            ),
        )
        statement = statement.on_conflict_do_update(
            index_elements=["dedupe_key"],
            set_={name: new[name] for name in (*_REFRESHED, "updated_at")},
            where=and_(waiting, changed),
        )
        for start in range(0, len(rows), 1000):
            await self._session.execute(statement, rows[start : start + 1000])
        return len(rows)

    async def claim(
        self, channel: str, limit: int, lease_seconds: float, now: datetime
    ) -> Sequence[OutboxItem]:
        """Lease up to `limit` due rows of a channel (queued, or leased with an expired lease)."""
        due = (
            select(T.c.id)
            .where(T.c.channel == channel, WAITING, T.c.next_attempt_at <= now)
            .order_by(T.c.next_attempt_at)
            .limit(limit)
        )
        if self._postgres:
            due = due.with_for_update(skip_locked=True)
        lease_end = now + timedelta(seconds=lease_seconds)
        statement = (
            update(T)
            .where(T.c.id.in_(due.scalar_subquery()))
            .values(
                status=OutboxStatus.LEASED.value,
                lease_token=uuid.uuid4().hex,
                lease_expires_at=lease_end,
                next_attempt_at=lease_end,
                updated_at=now,
            )
            .returning(*T.c)
        )
        result = await self._session.execute(statement)
        items = [_item(row) for row in result.mappings()]
        items.sort(key=lambda item: (item.due_at, item.id))
        return items

    async def ack(self, acks: Sequence[Ack]) -> int:
        """Mark delivered rows sent with their platform message ids; returns acks given."""
        if not acks:
            return 0
        if self._postgres:
            await ack_postgres(self._session, acks)
            return len(acks)
        statement = (
            update(T)
            .where(T.c.id == bindparam("b_id"), T.c.lease_token == bindparam("b_token"))
            .values(
                status=OutboxStatus.SENT.value,
                platform_message_id=bindparam("b_message"),
                sent_at=bindparam("b_at"),
                updated_at=bindparam("b_at"),
                lease_token=None,
                lease_expires_at=None,
                last_error=None,
            )
        )
        params = [
            {"b_id": a.id, "b_token": a.lease_token, "b_message": a.platform_message_id,
             "b_at": a.sent_at}
            for a in acks
        ]  # fmt: skip
        await self._session.execute(statement, params)
        return len(acks)

    async def retry_later(self, retries: Sequence[Retry]) -> int:
        """Release claimed rows back to the queue until their retry time."""
        if not retries:
            return 0
        statement = (
            update(T)
            .where(T.c.id == bindparam("b_id"), T.c.lease_token == bindparam("b_token"))
            .values(
                status=OutboxStatus.QUEUED.value,
                next_attempt_at=bindparam("b_at"),
                updated_at=bindparam("b_at"),
                lease_token=None,
                lease_expires_at=None,
                attempts=T.c.attempts + bindparam("b_inc"),
                last_error=func.coalesce(bindparam("b_error", type_=T.c.last_error.type),
                                         T.c.last_error),
            )
        )  # fmt: skip
        params = [
            {"b_id": r.id, "b_token": r.lease_token, "b_at": r.at,
             "b_inc": 1 if r.count_attempt else 0, "b_error": r.error}
            for r in retries
        ]  # fmt: skip
        await self._session.execute(statement, params)
        return len(retries)

    async def settle(self, outcomes: Sequence[Settle], now: datetime) -> int:
        """Close claimed rows as dead, failed or dropped, with the reason."""
        if not outcomes:
            return 0
        statement = (
            update(T)
            .where(T.c.id == bindparam("b_id"), T.c.lease_token == bindparam("b_token"))
            .values(
                status=bindparam("b_status"),
                last_error=bindparam("b_reason"),
                updated_at=now,
                lease_token=None,
                lease_expires_at=None,
            )
        )
        params = [
            {"b_id": o.id, "b_token": o.lease_token, "b_status": o.status.value,
             "b_reason": o.reason[:2000]}
            for o in outcomes
        ]  # fmt: skip
        await self._session.execute(statement, params)
        return len(outcomes)

    async def drop_pending(
        self,
        reason: str,
        *,
        user_id: int | None = None,
        channel: str | None = None,
        chat_key: str | None = None,
        kinds: Sequence[NotificationKind] | None = None,
        ids: Sequence[int] | None = None,
        dedupe_keys: Sequence[str] | None = None,
    ) -> int:
        """Drop queued rows matching every given filter (a paused student, a blocked chat)."""
        conditions = [T.c.status == OutboxStatus.QUEUED.value]
        if user_id is not None:
            conditions.append(T.c.user_id == user_id)
        if channel is not None:
            conditions.append(T.c.channel == channel)
        if chat_key is not None:
            conditions.append(T.c.chat_key == chat_key)
        if kinds is not None:
            conditions.append(T.c.kind.in_([kind.value for kind in kinds]))
        if ids is not None:
            conditions.append(T.c.id.in_(list(ids)))
        if dedupe_keys is not None:
            conditions.append(T.c.dedupe_key.in_(list(dedupe_keys)))
        result = await self._session.execute(
            update(T)
            .where(*conditions)
            .values(status=OutboxStatus.DROPPED.value, last_error=reason)
        )
        return int(getattr(result, "rowcount", 0) or 0)

"""The fast path of `enqueue` on PostgreSQL: one `INSERT ... SELECT FROM unnest(...)` per chunk.

A sweep over 100,000 students writes hundreds of thousands of rows. Sending each column as one
array skips SQLAlchemy's per-row parameter processing, which would otherwise cost more than
everything else the sweep does (measured about 30% faster than sending one JSON document through
`json_populate_recordset`). The conflict rule is the same as in `SqlOutboxRepository.enqueue`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from coach.notifications.model import Ack, ChoiceSpec, Notification

# (column, array type); context and choices travel as text and become jsonb in SQL.
_COLUMNS = (
    ("dedupe_key", "text"), ("user_id", "int"), ("channel", "text"), ("user_key", "text"),
    ("chat_key", "text"), ("is_group", "bool"), ("kind", "text"), ("template", "text"),
    ("locale", "text"), ("context", "text"), ("choices", "text"), ("status", "text"),
    ("due_at", "timestamptz"), ("expires_at", "timestamptz"), ("local_date", "date"),
    ("solicited", "bool"), ("last_error", "text"),
)  # fmt: skip
_JSON = {"context", "choices"}
_REFRESHED = (
    "channel", "user_key", "chat_key", "is_group", "template", "locale", "context", "choices",
    "status", "due_at", "next_attempt_at", "expires_at", "local_date", "last_error",
)  # fmt: skip


def _upsert_sql() -> str:
    names = [name for name, _ in _COLUMNS]
    arrays = ", ".join(f"${n}::{kind}[]" for n, (_, kind) in enumerate(_COLUMNS, start=1))
    picked = ", ".join(f"v.{name}::jsonb" if name in _JSON else f"v.{name}" for name in names)
    stamp = f"${len(_COLUMNS) + 1}::timestamptz"
    changed = " OR ".join(f"outbox.{c} IS DISTINCT FROM excluded.{c}" for c in _REFRESHED)
    updates = ", ".join(f"{c} = excluded.{c}" for c in (*_REFRESHED, "updated_at"))
    return (
        f"INSERT INTO outbox ({', '.join(names)}, next_attempt_at, attempts, created_at,"  # noqa: S608
        f" updated_at) SELECT {picked}, v.due_at, 0, {stamp}, {stamp}"
        f" FROM unnest({arrays}) AS v({', '.join(names)})"
        f" ON CONFLICT (dedupe_key) DO UPDATE SET {updates}"
        " WHERE ((outbox.status = 'queued' AND outbox.attempts = 0)"
        " OR (outbox.status = 'dropped' AND outbox.last_error IN ('superseded', 'daily cap')"
        " AND excluded.status = 'queued'))"
        f" AND ({changed})"
    )


UPSERT_SQL = _upsert_sql()
NO_CHOICES = "[]"


def _columns(items: Sequence[Notification]) -> list[list[Any]]:
    """One list per column of `_COLUMNS`, straight from the notifications."""
    return [
        [n.dedupe_key for n in items],
        [n.user_id for n in items],
        [n.address.channel for n in items],
        [n.address.user_key for n in items],
        [n.address.chat_key for n in items],
        [n.address.is_group for n in items],
        [n.kind.value for n in items],
        [n.template for n in items],
        [n.locale for n in items],
        [json.dumps(n.context) for n in items],
        [json.dumps(choices_json(n.choices)) if n.choices else NO_CHOICES for n in items],
        ["dropped" if n.drop_reason else "queued" for n in items],
        [n.due_at for n in items],
        [n.expires_at for n in items],
        [n.local_date for n in items],
        [n.solicited for n in items],
        [n.drop_reason for n in items],
    ]


async def _driver(session: AsyncSession) -> Any:
    """The asyncpg connection under the session, inside the session's transaction."""
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    if raw.driver_connection is None:
        raise RuntimeError("the PostgreSQL connection has no asyncpg driver connection")
    return raw.driver_connection


async def upsert_postgres(
    session: AsyncSession, items: Sequence[Notification], now: datetime, chunk: int = 5000
) -> None:
    """Write `items` (one per dedupe key) inside the session's transaction."""
    driver = await _driver(session)
    for start in range(0, len(items), chunk):
        await driver.execute(UPSERT_SQL, *_columns(items[start : start + chunk]), now)


def choices_json(choices: tuple[tuple[ChoiceSpec, ...], ...]) -> list[Any]:
    """Rows of buttons as stored: [[{"label": ..., "payload": ...}, ...], ...]."""
    return [[{"label": c.label, "payload": c.payload} for c in row] for row in choices]


ACK_SQL = (
    "UPDATE outbox SET status = 'sent', platform_message_id = v.message, sent_at = v.at,"
    " updated_at = v.at, lease_token = NULL, lease_expires_at = NULL, last_error = NULL"
    " FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[])"
    " AS v(id, token, message, at)"
    " WHERE outbox.id = v.id AND outbox.lease_token = v.token"
)


async def ack_postgres(session: AsyncSession, acks: Sequence[Ack]) -> None:
    """Mark delivered rows sent in one statement (only under the lease that sent them)."""
    driver = await _driver(session)
    await driver.execute(
        ACK_SQL,
        [a.id for a in acks],
        [a.lease_token for a in acks],
        [a.platform_message_id for a in acks],
        [a.sent_at for a in acks],
    )

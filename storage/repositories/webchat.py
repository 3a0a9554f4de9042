"""The web chat transcript (a short history per student) and the files its messages offer.

Reads go through the student's web identity (the cookie id) in one indexed query, so the page's
poll for new messages stays cheap. Only the newest messages are kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.core.channel_store import FileInfo, NewMessage, TranscriptMessage
from coach.messages import Choice
from storage.models import ChannelIdentityRow, WebChatFileRow, WebChatMessageRow

WEB_CHANNEL = "web"


def _choices_to_json(rows: tuple[tuple[Choice, ...], ...]) -> list[Any]:
    return [
        [{"label": c.label, "payload": c.payload, "style": c.style} for c in row] for row in rows
    ]


def _choices_from_json(raw: Any) -> tuple[tuple[Choice, ...], ...]:
    rows: list[tuple[Choice, ...]] = []
    for row in raw or []:
        rows.append(
            tuple(
                Choice(str(c["label"]), str(c["payload"]), str(c.get("style", "default")))
                for c in row
            )
        )
    return tuple(rows)


def _listing() -> Select[Any]:
    return select(
        WebChatMessageRow,
        WebChatFileRow.filename,
        WebChatFileRow.mime_type,
        WebChatFileRow.alt,
        func.length(WebChatFileRow.content).label("size"),
    ).outerjoin(WebChatFileRow, WebChatFileRow.message_id == WebChatMessageRow.id)


def _message(
    row: WebChatMessageRow,
    filename: str | None,
    mime: str | None,
    alt: str | None,
    size: Any,
    *,
    file: FileInfo | None = None,
) -> TranscriptMessage:
    if file is None and filename is not None:
        file = FileInfo(filename, mime or "", int(size or 0), alt or "")
    return TranscriptMessage(
        id=row.id,
        role=row.role,
        kind=row.kind,
        text=row.text,
        template=row.template,
        choices=_choices_from_json(row.choices),
        created_at=row.created_at,
        file=file,
    )


class SqlWebTranscript:
    """The web chat transcript in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def user_id(self, web_key: str) -> int | None:
        """The student behind a web identity, if the coach has met them."""
        return await self._session.scalar(
            select(ChannelIdentityRow.user_id).where(
                ChannelIdentityRow.channel == WEB_CHANNEL,
                ChannelIdentityRow.external_id == web_key,
            )
        )

    async def append(
        self, user_id: int, messages: Sequence[NewMessage], now: datetime
    ) -> list[TranscriptMessage]:
        """Store messages in order and return them with their ids."""
        stored: list[TranscriptMessage] = []
        for message in messages:
            row = WebChatMessageRow(
                user_id=user_id,
                role=message.role,
                kind=message.kind,
                text=message.text,
                template=message.template[:128],
                choices=_choices_to_json(message.choices),
                created_at=now,
            )
            self._session.add(row)
            await self._session.flush()
            file = None
            if message.document is not None:
                file = FileInfo(
                    message.document.filename[:200],
                    message.document.mime_type[:100],
                    len(message.document.content),
                    message.alt,
                )
                self._session.add(
                    WebChatFileRow(
                        message_id=row.id,
                        filename=file.filename,
                        mime_type=file.mime_type,
                        alt=file.alt,
                        content=message.document.content,
                    )
                )
            stored.append(_message(row, None, None, None, None, file=file))
        await self._session.flush()
        return stored

    async def recent(self, web_key: str, limit: int) -> list[TranscriptMessage]:
        """The newest `limit` messages of a web identity, oldest first."""
        query = (
            _listing()
            .join(ChannelIdentityRow, ChannelIdentityRow.user_id == WebChatMessageRow.user_id)
            .where(
                ChannelIdentityRow.channel == WEB_CHANNEL,
                ChannelIdentityRow.external_id == web_key,
            )
            .order_by(WebChatMessageRow.id.desc())
            .limit(limit)
        )
        rows = (await self._session.execute(query)).all()
        return [_message(*row) for row in reversed(rows)]

    async def after(self, web_key: str, after_id: int, limit: int) -> list[TranscriptMessage]:
        """Messages of a web identity newer than `after_id`, oldest first (at most `limit`)."""
        query = (
            _listing()
            .join(ChannelIdentityRow, ChannelIdentityRow.user_id == WebChatMessageRow.user_id)
            .where(
                ChannelIdentityRow.channel == WEB_CHANNEL,
                ChannelIdentityRow.external_id == web_key,
                WebChatMessageRow.id > after_id,
            )
            .order_by(WebChatMessageRow.id)
            .limit(limit)
        )
        return [_message(*row) for row in (await self._session.execute(query)).all()]

    async def file(self, web_key: str, message_id: int) -> tuple[str, str, bytes] | None:
        """Filename, type and content of a file, only if the message is this identity's."""
        query = (
            select(WebChatFileRow.filename, WebChatFileRow.mime_type, WebChatFileRow.content)
            .join(WebChatMessageRow, WebChatMessageRow.id == WebChatFileRow.message_id)
            .join(ChannelIdentityRow, ChannelIdentityRow.user_id == WebChatMessageRow.user_id)
            .where(
                WebChatFileRow.message_id == message_id,
                ChannelIdentityRow.channel == WEB_CHANNEL,
                ChannelIdentityRow.external_id == web_key,
            )
        )
        row = (await self._session.execute(query)).first()
        return (row.filename, row.mime_type, bytes(row.content)) if row else None

    async def prune(self, user_id: int, keep: int) -> None:
        """Delete all but the newest `keep` messages of a student (their files go with them)."""
        boundary = await self._session.scalar(
            select(WebChatMessageRow.id)
            .where(WebChatMessageRow.user_id == user_id)
            .order_by(WebChatMessageRow.id.desc())
            .offset(keep)
            .limit(1)
        )
        if boundary is not None:
            await self._session.execute(
                delete(WebChatMessageRow).where(
                    WebChatMessageRow.user_id == user_id, WebChatMessageRow.id <= boundary
                )
            )

    async def replace(
        self, user_id: int, message_id: int, message: NewMessage
    ) -> TranscriptMessage | None:
        """Store a text message in place of one of the student's (same id, same place in the
        transcript); None when that message is gone (pruned) or not theirs."""
        row = await self._session.get(WebChatMessageRow, message_id)
        if row is None or row.user_id != user_id or message.document is not None:
            return None
        row.role, row.kind, row.text = message.role, message.kind, message.text
        row.template = message.template[:128]
        row.choices = _choices_to_json(message.choices)
        await self._session.flush()
        return dataclasses.replace(_message(row, None, None, None, None), replaced=True)

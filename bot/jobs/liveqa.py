"""The job that makes live Q&A announcements in groups: a post in each configured Telegram
supergroup, a one-off scheduled event in each Discord server set up with the coach.

Announcements are rows written with the session (in its transaction); this job makes the
platform calls afterwards, records the message or event id, and retries a failure a few times
before giving up (`storage.repositories.liveqa.MAX_ATTEMPTS`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.liveqa_discord import DiscordQaEvents
from coach.core.channels import Channel
from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.liveqa.model import Announcement, AnnouncementStatus, QaSession, QaStatus
from coach.messages import ChannelKind, ChannelRef, Reply
from coach.notifications.controls import zone
from coach.packs.catalog import Catalog
from prompts import render

log = logging.getLogger(__name__)
BATCH = 20


@dataclass
class PublishReport:
    """What one run did."""

    done: int = 0
    failed: int = 0


class LiveQaPublisher:
    """Makes pending announcements on Telegram and Discord."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        channels: Mapping[str, Channel],
        discord_events: DiscordQaEvents | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._channels = channels  # looked up on every run: channels start late
        self._discord = discord_events

    async def publish(self) -> PublishReport:
        """One run over the pending announcements of every platform."""
        report = PublishReport()
        for channel in (ChannelKind.TELEGRAM.value, ChannelKind.DISCORD.value):
            async with self._uow() as uow:
                pending = await uow.liveqa.pending_announcements(channel, BATCH)
                sessions = {
                    a.session_id: await uow.liveqa.get_session(a.session_id) for a in pending
                }
            for item in pending:
                session = sessions.get(item.session_id)
                await self._one(item, session, report)
        return report

    async def _one(
        self, item: Announcement, session: QaSession | None, report: PublishReport
    ) -> None:
        status = AnnouncementStatus.FAILED
        platform_id: str | None = None
        error: str | None = "session gone"
        if session is not None and session.status is QaStatus.SCHEDULED:
            try:
                platform_id = await self._make(item, session)
                status, error = AnnouncementStatus.DONE, None
            except Exception as failure:  # the platform refused or is down: retry later
                log.warning("live Q&A announcement %s failed: %s", item.id, failure)
                status, error = AnnouncementStatus.PENDING, str(failure)[:500]
        async with self._uow() as uow:
            await uow.liveqa.settle_announcement(
                item.id, status, self._clock.now(), platform_id=platform_id, error=error
            )
            await uow.commit()
        if status is AnnouncementStatus.DONE:
            report.done += 1
        else:
            report.failed += 1

    def _context(self, session: QaSession, locale: str) -> dict[str, Any]:
        pack = self._catalog.packs.get(session.pack_id)
        names: dict[str, str] = {}
        if pack is not None:
            for s in pack.subjects:
                names[s.id] = s.name if locale == "tr" else (s.name_en or s.name)
            for t in pack.topics:
                names[t.id] = t.name if locale == "tr" else (t.name_en or t.name)
        local = session.starts_at.astimezone(zone(session.timezone))
        return {
            "title": session.title,
            "host": session.host_name,
            "subject": names.get(session.subject_id, session.subject_id),
            "topic": names.get(session.topic_id or "", ""),
            "date": local.date().isoformat(),
            "time": f"{local:%H:%M}",
            "timezone": session.timezone,
            "minutes": session.minutes,
        }

    async def _make(self, item: Announcement, session: QaSession) -> str | None:
        context = self._context(session, item.locale)
        if item.channel == ChannelKind.TELEGRAM.value:
            channel = self._channels.get(item.channel)
            if channel is None:
                raise RuntimeError("Telegram is not running")
            chat = item.chat_id or item.group_id
            ref = ChannelRef(ChannelKind.TELEGRAM, chat, chat, is_group=True)
            text = render("liveqa/announce", item.locale, **context)
            return await channel.send(ref, Reply(text=text, template="liveqa/announce"))
        if self._discord is None:
            raise RuntimeError("Discord is not running")
        return await self._discord.create(
            item.group_id,
            name=session.title,
            description=render("liveqa/discord_event", item.locale, **context),
            location=render("liveqa/discord_location", item.locale),
            start=session.starts_at,
            end=session.ends_at,
        )

    def register(self, scheduler: Any) -> None:
        """Run every 30 seconds on the leading process."""
        scheduler.add_job(
            self.publish, "interval", seconds=30, id="liveqa-publish", max_instances=1,
            coalesce=True,
        )  # fmt: skip

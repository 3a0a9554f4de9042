"""Subscribers of live Q&A sessions: invitations and group announcements when a session is
scheduled, a reminder when a student says they will come. All are outbox or announcement
rows written in the transaction of the change, so a rolled-back session invites nobody."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from coach.core.uow import UnitOfWork
from coach.liveqa.events import QaAttendanceGiven, QaSessionScheduled
from coach.liveqa.model import NewAnnouncement, QaSession
from coach.liveqa.policy import (
    DEFAULT_QA_POLICY,
    QaPolicy,
    invitation,
    is_invited,
    reminder,
    session_topics,
)
from coach.notifications.pushes import push
from coach.notifications.reactions import PUSH_CHANNELS
from coach.packs.catalog import Catalog

ANNOUNCED_ON = ("telegram", "discord")
PAGE = 500


class LiveQaReactions:
    """Who hears of a session, and where."""

    def __init__(self, catalog: Catalog, policy: QaPolicy = DEFAULT_QA_POLICY) -> None:
        self._catalog = catalog
        self._policy = policy

    def _names(self, pack_id: str, locale: str) -> dict[str, str]:
        pack = self._catalog.packs.get(pack_id)
        if pack is None:
            return {}
        names: dict[str, str] = {}
        for subject in pack.subjects:
            names[subject.id] = (
                subject.name if locale == "tr" else (subject.name_en or subject.name)
            )
        for topic in pack.topics:
            names[topic.id] = topic.name if locale == "tr" else (topic.name_en or topic.name)
        return names

    def _topics(self, session: QaSession) -> frozenset[str]:
        pack = self._catalog.packs.get(session.pack_id)
        if pack is None:
            return frozenset()
        subject = frozenset(t.id for t in pack.topics_of(session.subject_id))
        return session_topics(subject, session)

    async def on_scheduled(self, uow: UnitOfWork, event: QaSessionScheduled) -> None:
        """Invite the students whose focus topics match, and announce it in the groups."""
        session = event.session
        await self._invite(uow, session)
        announcements: list[NewAnnouncement] = []
        for channel in ANNOUNCED_ON:
            for group in await uow.liveqa.groups(channel):
                announcements.append(
                    NewAnnouncement(
                        session.id, channel, group.group_id, group.coach_chat_id, group.locale
                    )
                )
        await uow.liveqa.announce(announcements, event.at)

    async def _invite(self, uow: UnitOfWork, session: QaSession) -> None:
        topics = self._topics(session)
        if not topics:
            return
        around = timedelta(days=self._policy.focus_days)
        signals = await uow.liveqa.focus_signals(
            session.pack_id,
            sorted(topics),
            (session.starts_at - around).date(),
            (session.starts_at + around).date(),
            self._policy.weak_below,
        )
        invited = sorted(s.user_id for s in signals if is_invited(s, topics))
        if session.host_user_id is not None:
            invited = [user_id for user_id in invited if user_id != session.host_user_id]
        for start in range(0, len(invited), PAGE):
            await self._invite_page(uow, session, invited[start : start + PAGE])

    async def _invite_page(
        self, uow: UnitOfWork, session: QaSession, user_ids: Sequence[int]
    ) -> None:
        page = await uow.audience.recipients(user_ids, PUSH_CHANNELS)
        now = session.created_at
        for recipient in page.recipients:
            names = self._names(session.pack_id, recipient.user.locale)
            item = invitation(recipient, session, names, now)
            if item is not None:
                await push(uow, item, now, recipient.profile.max_pushes_per_day)

    async def on_attending(self, uow: UnitOfWork, event: QaAttendanceGiven) -> None:
        """Remind the student shortly before the session starts."""
        recipient = await uow.audience.recipient(event.user_id, PUSH_CHANNELS)
        if recipient is None:
            return
        names = self._names(event.session.pack_id, recipient.user.locale)
        item = reminder(recipient, event.session, names, event.at, self._policy)
        if item is not None:
            await push(uow, item, event.at, recipient.profile.max_pushes_per_day)

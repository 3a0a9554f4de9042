"""Subscribers of study groups: invitations when a group is proposed, the welcome and the
first session reminder when it forms or someone joins later. All are outbox rows written in
the transaction of the change, so a rolled-back answer pushes nothing."""

from __future__ import annotations

from datetime import datetime

from coach.community.events import (
    GroupFormed,
    GroupMemberJoined,
    GroupProposed,
    GroupSessionPlanned,
    GroupWeekSummarised,
)
from coach.community.matching import DEFAULT_MATCH_POLICY
from coach.community.model import GroupView, MatchPolicy
from coach.community.policy import invitation
from coach.community.posts import posted_channels, week_posts
from coach.community.sessions import next_session, session_reminder, week_summary, welcome
from coach.core.uow import UnitOfWork
from coach.notifications.pushes import push
from coach.notifications.reactions import PUSH_CHANNELS
from coach.packs.catalog import Catalog


class CommunityReactions:
    """Who hears what about a study group."""

    def __init__(self, catalog: Catalog, policy: MatchPolicy = DEFAULT_MATCH_POLICY) -> None:
        self._catalog = catalog
        self.policy = policy  # the group sizes of the settings (a group forms at min_size)

    def names(self, pack_id: str, locale: str) -> dict[str, str]:
        """Topic names of a pack in a language."""
        pack = self._catalog.packs.get(pack_id)
        if pack is None:
            return {}
        return {t.id: t.name if locale == "tr" else (t.name_en or t.name) for t in pack.topics}

    async def on_proposed(self, uow: UnitOfWork, event: GroupProposed) -> None:
        """Invite each member (once; quiet hours respected; expires with the invitation)."""
        view = event.view
        page = await uow.audience.recipients([m.user_id for m in view.members], PUSH_CHANNELS)
        for recipient in page.recipients:
            names = self.names(view.group.pack_id, recipient.user.locale)
            item = invitation(recipient, view, names, event.at)
            if item is not None:
                await push(uow, item, event.at, recipient.profile.max_pushes_per_day)

    async def on_formed(self, uow: UnitOfWork, event: GroupFormed) -> None:
        """Welcome every member and remind each of the first group session."""
        await self._welcome(uow, event.view, [m.user_id for m in event.view.joined()], event.at)

    async def on_joined(self, uow: UnitOfWork, event: GroupMemberJoined) -> None:
        """Welcome a late joiner to a group that has formed."""
        await self._welcome(uow, event.view, [event.user_id], event.at)

    async def _welcome(
        self, uow: UnitOfWork, view: GroupView, user_ids: list[int], at: datetime
    ) -> None:
        starts = next_session(view, at)
        page = await uow.audience.recipients(user_ids, PUSH_CHANNELS)
        for recipient in page.recipients:
            names = self.names(view.group.pack_id, recipient.user.locale)
            cap = recipient.profile.max_pushes_per_day
            await push(uow, welcome(recipient, view, starts, names, at), at, cap)
            if starts is not None:
                reminder = session_reminder(recipient, view, starts, names, at)
                if reminder is not None:
                    await push(uow, reminder, at, cap)

    async def on_session_planned(self, uow: UnitOfWork, event: GroupSessionPlanned) -> None:
        """Remind every member of the planned session (the dedupe key makes it once)."""
        view = event.view
        page = await uow.audience.recipients([m.user_id for m in view.joined()], PUSH_CHANNELS)
        for recipient in page.recipients:
            names = self.names(view.group.pack_id, recipient.user.locale)
            item = session_reminder(recipient, view, event.starts_at, names, event.at)
            if item is not None:
                await push(uow, item, event.at, recipient.profile.max_pushes_per_day)

    async def on_week(self, uow: UnitOfWork, event: GroupWeekSummarised) -> None:
        """The group's week is posted in the group's places (once per week); a member whose
        channel has no place of the group gets it privately instead."""
        view = event.view
        places = await uow.community.group_places(view.group.id)
        await uow.outbox.enqueue(week_posts(event, places), event.at)
        posted = posted_channels(places)
        page = await uow.audience.recipients([m.user_id for m in view.joined()], PUSH_CHANNELS)
        for recipient in page.recipients:
            if recipient.address.channel in posted:
                continue  # they read it in the group's topic or channel
            item = week_summary(recipient, event, event.at)
            await push(uow, item, event.at, recipient.profile.max_pushes_per_day)

"""Study groups on Discord: in the server set up with the coach (`/setup`), each formed group
gets a role and a text channel private to that role (made through `DiscordGuildAdmin`, with
the permissions `/setup` checks); members who joined get the role, members who left lose it.

`DiscordGroupPlaces.sync` is the job's run. Who has the role is kept as the member's "link"
row on the discord channel (the role id), so a run adds and removes only the difference.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from bot.channels.discord_guild import DiscordGuildAdmin
from coach.community.model import GroupStatus, MemberStatus
from coach.community.ports import GroupPlace
from coach.core.channels import DeliveryError
from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)
CHANNEL = "discord"


@dataclass
class DiscordSyncReport:
    """What one run did."""

    places: int = 0
    added: int = 0
    removed: int = 0
    failed: int = 0


def channel_name(name: str) -> str:
    """A Discord channel name from a group name: lower case, dashes, no spaces."""
    slug = re.sub(r"[^\w-]+", "-", name.casefold()).strip("-")
    return (slug or "study-group")[:90]


class DiscordGroupPlaces:
    """A role and a private channel per group; roles follow membership."""

    def __init__(self, admin: DiscordGuildAdmin, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._admin = admin
        self._uow = uow
        self._clock = clock

    async def sync(self) -> DiscordSyncReport:
        """Create missing places and bring every group's role in line with its members."""
        report = DiscordSyncReport()
        async with self._uow() as uow:
            servers = {g.locale: g.group_id for g in await uow.liveqa.groups(CHANNEL)}
            groups = await uow.community.active_groups()
        if not servers:
            return report
        for group_id in groups:
            try:
                await self._sync_group(group_id, servers, report)
            except DeliveryError as error:
                report.failed += 1
                log.warning("study group %s on Discord: %s", group_id, error)
        return report

    async def _sync_group(
        self, group_id: int, servers: dict[str, str], report: DiscordSyncReport
    ) -> None:
        async with self._uow() as uow:
            view = await uow.community.group(group_id)
            if view is None or view.group.status is not GroupStatus.ACTIVE:
                return
            accounts = await uow.community.accounts([m.user_id for m in view.members], CHANNEL)
            joined = {m.user_id for m in view.joined() if m.user_id in accounts}
            place = {p.channel: p for p in await uow.community.group_places(group_id)}.get(CHANNEL)
            if place is None:
                if not joined:
                    return  # nobody of this group uses Discord
                guild = servers.get(view.group.locale) or next(iter(servers.values()))
                role = await self._admin.create_role(guild, f"Group: {view.group.name}")
                text = await self._admin.create_group_channel(
                    guild, channel_name(view.group.name), members_role_id=role
                )
                place = GroupPlace(group_id, CHANNEL, guild, text, role)
                await uow.community.save_group_place(place)
                await uow.commit()  # the role exists now: never create it twice
                report.places += 1
            role_id = place.role_id or ""
            have = set(await uow.community.links(group_id, CHANNEL))
            now = self._clock.now()
            for user_id in sorted(joined - have):
                await self._admin.add_member_role(place.place_key, accounts[user_id], role_id)
                await uow.community.save_link(
                    group_id, user_id, CHANNEL, f"role:{role_id}:{user_id}", now
                )
                await uow.commit()
                report.added += 1
            gone = {m.user_id for m in view.members if m.status is MemberStatus.LEFT}
            for user_id in sorted(have & gone):
                await self._admin.remove_member_role(place.place_key, accounts[user_id], role_id)
                await uow.community.drop_link(group_id, user_id, CHANNEL)
                await uow.commit()
                report.removed += 1

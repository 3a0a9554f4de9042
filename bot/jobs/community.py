"""The community jobs on the leading process: every hour, invitations past their 48 hours
expire and a matching run invites the students still waiting; every minute, formed groups
get their places (a Telegram forum topic and links, a Discord role and private channel)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.community_discord import DiscordGroupPlaces
from bot.community_telegram import TelegramGroupPlaces
from coach.community.life import PlanSessions, SummariseWeeks, plan_group_sessions, summarise_weeks
from coach.community.matching import DEFAULT_MATCH_POLICY
from coach.community.model import MatchPolicy
from coach.community.partner_usecases import EveningRun, RunPairing, evening, run_pairing
from coach.community.usecases import RunMatching, expire_invitations, run_matching
from coach.core.clock import Clock
from coach.core.uow import UnitOfWorkFactory
from coach.packs.catalog import Catalog

log = logging.getLogger(__name__)


def group_policy(min_size: int, max_size: int) -> MatchPolicy:
    """The matching rules with the group sizes of the settings (3 to 6 by default)."""
    return MatchPolicy(min_size=min_size, max_size=max_size)


class CommunityJobs:
    """Matching and places; the platform parts are looked up per run (channels start late)."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Catalog,
        *,
        telegram: Callable[[], TelegramGroupPlaces | None] = lambda: None,
        discord: Callable[[], DiscordGroupPlaces | None] = lambda: None,
        policy: MatchPolicy = DEFAULT_MATCH_POLICY,
    ) -> None:
        self._policy = policy
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._telegram = telegram
        self._discord = discord

    def _names(self) -> dict[str, str]:
        return {t.id: t.name for pack in self._catalog.packs.values() for t in pack.topics}

    async def match(self) -> int:
        """Expire old invitations, propose groups, plan the next group sessions (with their
        reminders), pair partners and send their evening reports; returns how many groups were
        proposed."""
        now = self._clock.now()
        async with self._uow() as uow:
            await expire_invitations(uow, now, self._policy.min_size)
            outcome = await run_matching(uow, now, RunMatching(self._names(), self._policy))
            await plan_group_sessions(uow, now, PlanSessions())
            await summarise_weeks(uow, now, SummariseWeeks())  # once a week by dedupe key
            await run_pairing(uow, now, RunPairing())
            await evening(uow, now, EveningRun())  # partners' reports once their evening came
            await uow.commit()
        log.info("matching: %d groups for %d waiting", len(outcome.proposed), outcome.waiting)
        return len(outcome.proposed)

    async def places(self) -> None:
        """Topics, links, roles and channels for formed groups."""
        telegram, discord = self._telegram(), self._discord()
        if telegram is not None:
            await telegram.sync()
        if discord is not None:
            await discord.sync()

    def register(self, scheduler: Any) -> None:
        """Matching hourly, places every minute, on the leading process."""
        scheduler.add_job(
            self.match, "interval", hours=1, id="community-match", max_instances=1, coalesce=True
        )
        scheduler.add_job(
            self.places, "interval", seconds=60, id="community-places", max_instances=1,
            coalesce=True,
        )  # fmt: skip

"""`learnconnect groups ...`: run the study-group matching now (the hourly job does it too),
list the groups, and pair accountability partners."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar, cast

import typer

from bot.cli_common import database_units, settings_or_exit
from bot.clock import SystemClock
from bot.jobs.community import group_policy
from coach.community.partner_usecases import RunPairing, run_pairing
from coach.community.usecases import RunMatching, expire_invitations, run_matching
from coach.core.uow import UnitOfWork
from coach.packs.catalog import Catalog
from coach.services import build_services
from coach.subscriptions import subscriptions

groups_app = typer.Typer(help="Study groups and accountability partners.", no_args_is_help=True)
T = TypeVar("T")


async def _run(work: Callable[[UnitOfWork, Catalog], Awaitable[T]]) -> T:
    """One committed unit of work with the coach's subscribers (invitations are queued)."""
    settings = settings_or_exit()
    catalog = Catalog.load(settings.content_packs)
    policy = group_policy(settings.group_min_size, settings.group_max_size)
    bus = subscriptions(build_services(catalog, group_policy=policy))
    async with database_units(settings.database_url, bus) as units, units() as uow:
        result = await work(cast(UnitOfWork, uow), catalog)
        await uow.commit()
        return result


@groups_app.command("match")
def match() -> None:
    """Expire old invitations and invite the waiting opted-in students to new groups."""

    async def work(uow: UnitOfWork, catalog: Catalog) -> str:
        now = SystemClock().now()
        settings = settings_or_exit()
        policy = group_policy(settings.group_min_size, settings.group_max_size)
        expired = await expire_invitations(uow, now, policy.min_size)
        names = {t.id: t.name for pack in catalog.packs.values() for t in pack.topics}
        outcome = await run_matching(uow, now, RunMatching(names, policy))
        return (
            f"{len(outcome.proposed)} groups proposed, {outcome.waiting} waited, {expired} expired"
        )

    typer.echo(asyncio.run(_run(work)))


@groups_app.command("list")
def list_groups() -> None:
    """The groups that formed, with their members' display names."""

    async def work(uow: UnitOfWork, catalog: Catalog) -> list[str]:
        lines = []
        for group_id in await uow.community.active_groups():
            view = await uow.community.group(group_id)
            if view is not None:
                names = ", ".join(m.pseudonym or "?" for m in view.joined())
                lines.append(f"{group_id}\t{view.group.name}\t{names}")
        return lines

    for line in asyncio.run(_run(work)) or ["no groups yet"]:
        typer.echo(line)


@groups_app.command("pair")
def pair() -> None:
    """Pair the waiting students who asked for an accountability partner."""

    async def work(uow: UnitOfWork, catalog: Catalog) -> int:
        return await run_pairing(uow, SystemClock().now(), RunPairing())

    typer.echo(f"{asyncio.run(_run(work))} pairs")

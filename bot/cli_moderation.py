"""`learnconnect moderation ...`: the forum posts hidden by reports, and the operator's
decision on each (keep it shown for good, or remove it)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar, cast

import typer

from bot.cli_common import database_units, settings_or_exit
from bot.clock import SystemClock
from coach.core.uow import UnitOfWork
from coach.forum.usecases import Decide, Moderation, decide, moderation_queue
from coach.packs.catalog import Catalog
from coach.services import build_services
from coach.subscriptions import subscriptions

moderation_app = typer.Typer(help="Forum posts hidden by reports.", no_args_is_help=True)
T = TypeVar("T")
SHOWN = 200  # characters of a post shown in the list


async def _run(work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
    settings = settings_or_exit()
    bus = subscriptions(build_services(Catalog.load(settings.content_packs)))
    async with database_units(settings.database_url, bus) as units, units() as uow:
        result = await work(cast(UnitOfWork, uow))
        await uow.commit()
        return result


@moderation_app.command("list")
def list_hidden(limit: int = typer.Option(20, help="How many posts to show.")) -> None:
    """Posts hidden by reports, oldest first, with their report counts."""

    async def work(uow: UnitOfWork) -> list[str]:
        posts = await moderation_queue(uow, _now(), Moderation(limit))
        return [
            f"{p.id}\t{p.kind.value}\tthread {p.thread_id}\t{p.reports} reports\t{p.text[:SHOWN]!r}"
            for p in posts
        ]

    for line in asyncio.run(_run(work)) or ["nothing waits for a decision"]:
        typer.echo(line)


@moderation_app.command("decide")
def decide_post(
    post_id: int,
    keep: bool = typer.Option(
        False, "--keep/--remove", help="Show it again for good, or remove it."
    ),
) -> None:
    """Keep (shown again; reports no longer hide it) or remove a post."""

    async def work(uow: UnitOfWork) -> bool:
        return (await decide(uow, _now(), Decide(post_id, keep))).done

    if not asyncio.run(_run(work)):
        typer.echo(f"error: no post {post_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"post {post_id} {'kept' if keep else 'removed'}")


def _now() -> datetime:
    return SystemClock().now()

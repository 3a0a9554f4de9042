"""`learnconnect qa ...`: schedule, list and close live Q&A sessions, and set the Telegram
supergroup where sessions are announced."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from bot.cli_common import database_units, settings_or_exit
from bot.clock import SystemClock
from coach.core.uow import UnitOfWork
from coach.domain import GroupSettings
from coach.liveqa.model import NewSession
from coach.liveqa.usecases import (
    CloseSession,
    MarkAnswered,
    ScheduleSession,
    SessionQuestions,
    Upcoming,
    close_session,
    mark_answered,
    schedule_session,
    session_questions,
    upcoming,
)
from coach.messages import ChannelKind
from coach.packs.catalog import Catalog
from coach.services import build_services
from coach.subscriptions import subscriptions
from prompts import render

qa_app = typer.Typer(help="Live Q&A sessions with an expert.", no_args_is_help=True)
T = TypeVar("T")


async def _run(work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
    """One committed unit of work on the configured database, with the coach's subscribers
    (a scheduled session invites students and queues its announcements)."""
    settings = settings_or_exit()
    bus = subscriptions(build_services(Catalog.load(settings.content_packs)))
    async with database_units(settings.database_url, bus) as units, units() as uow:
        result = await work(cast(UnitOfWork, uow))
        await uow.commit()
        return result


@qa_app.command("new")
def new(  # noqa: PLR0917  (typer options are parameters)
    pack: str = typer.Option(..., help="Pack id, e.g. yks or sat."),
    subject: str = typer.Option(..., help="Subject id of the pack, e.g. tyt_matematik."),
    at: str = typer.Option(..., help='Local start, "YYYY-MM-DD HH:MM".'),
    title: str = typer.Option(..., help="What the session is about."),
    host: str = typer.Option(..., help="The expert's name as students see it."),
    minutes: int = typer.Option(45, help="Length in minutes (15-180)."),
    topic: str | None = typer.Option(None, help="One topic id, when the session is narrower."),
    tz: str = typer.Option("Europe/Istanbul", help="Time zone of --at."),
) -> None:
    """Schedule a session: matching students are invited and the groups hear of it."""
    try:
        starts = datetime.fromisoformat(at).replace(tzinfo=ZoneInfo(tz))
    except (ValueError, ZoneInfoNotFoundError):
        typer.echo('--at must be "YYYY-MM-DD HH:MM" and --tz an IANA time zone', err=True)
        raise typer.Exit(2) from None
    session = NewSession(None, host[:64], pack, subject, topic, title, starts, minutes, tz)

    async def work(uow: UnitOfWork) -> str:
        result = await schedule_session(uow, SystemClock().now(), ScheduleSession(session))
        if result.session is None:
            return f"error: {render(f'liveqa/problem/{result.problem}', 'en')}"
        return f"scheduled session {result.session.id}"

    message = asyncio.run(_run(work))
    typer.echo(message, err=message.startswith("error"))
    if message.startswith("error"):
        raise typer.Exit(1)


@qa_app.command("list")
def list_sessions() -> None:
    """Sessions to come, with their question counts."""

    async def work(uow: UnitOfWork) -> list[str]:
        now = SystemClock().now()
        lines = []
        for s in await upcoming(uow, now, Upcoming(None, limit=50)):
            _, questions = await session_questions(uow, now, SessionQuestions(s.id))
            attending = len(await uow.liveqa.attendees(s.id))
            lines.append(
                f"{s.id}\t{s.starts_at.isoformat()}\t{s.pack_id}/{s.subject_id}\t{s.title}\t"
                f"{len(questions)} questions\t{attending} coming"
            )
        return lines

    for line in asyncio.run(_run(work)) or ["no sessions to come"]:
        typer.echo(line)


@qa_app.command("questions")
def questions(session_id: int) -> None:
    """A session's questions, most upvoted first (authors are not shown)."""

    async def work(uow: UnitOfWork) -> list[str]:
        _, found = await session_questions(uow, SystemClock().now(), SessionQuestions(session_id))
        return [f"{q.id}\t{q.votes} votes\t{'answered' if q.answered_at else ''}\t{q.text}"
                for q in found]  # fmt: skip

    for line in asyncio.run(_run(work)) or ["no questions"]:
        typer.echo(line)


@qa_app.command("close")
def close(
    session_id: int,
    answered: str = typer.Option("", help="Comma-separated ids of the questions answered."),
) -> None:
    """Close a session; the questions marked answered are kept with it."""

    async def work(uow: UnitOfWork) -> int | None:
        now = SystemClock().now()
        for raw in filter(None, (part.strip() for part in answered.split(","))):
            if raw.isdigit():
                await mark_answered(uow, now, MarkAnswered(int(raw), None))
        return await close_session(uow, now, CloseSession(session_id, None))

    kept = asyncio.run(_run(work))
    if kept is None:
        typer.echo(f"error: no scheduled session {session_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"closed session {session_id}: {kept} answered questions kept")


@qa_app.command("telegram-group")
def telegram_group(
    chat_id: str = typer.Argument(..., help="The supergroup's chat id, e.g. -1001234567890."),
    locale: str = typer.Option("tr", help="The group's language (tr or en)."),
) -> None:
    """Announce live Q&A sessions in this Telegram supergroup (the bot must be a member)."""

    async def work(uow: UnitOfWork) -> None:
        await uow.groups.save(
            GroupSettings(ChannelKind.TELEGRAM.value, chat_id, locale, SystemClock().now(), chat_id)
        )

    asyncio.run(_run(work))
    typer.echo(f"sessions will be announced in Telegram chat {chat_id}")

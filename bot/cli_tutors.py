"""`learnconnect tutors ...`: invite a tutor (a one-time code they send as `/tutor CODE`),
list tutors with their load and ratings, set availability, pause, resume or remove one."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import Awaitable, Callable
from typing import TypeVar, cast

import typer

from bot.cli_common import database_units, settings_or_exit
from bot.clock import SystemClock
from coach.core.uow import UnitOfWork
from coach.tutors.accounts import (
    InviteTutor,
    SetTutorStatus,
    invite_tutor,
    list_tutors,
    set_tutor_status,
)
from coach.tutors.model import Invite, TutorStatus
from coach.tutors.policy import WEEKDAYS, parse_list

tutors_app = typer.Typer(help="Human tutors: invitations and tutor accounts.", no_args_is_help=True)
T = TypeVar("T")
_RANGES = typer.Argument(None, help='e.g. "mon=18:00-21:00" "sat=10:00-14:00"')
_RANGE = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)=(\d{2}:\d{2}-\d{2}:\d{2})$")


async def _run(work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
    """One committed unit of work on the configured database."""
    settings = settings_or_exit()
    async with database_units(settings.database_url) as units, units() as uow:
        result = await work(cast(UnitOfWork, uow))
        await uow.commit()
        return result


@tutors_app.command("invite")
def invite(
    name: str = typer.Option(..., help="The tutor's name as students see it."),
    subjects: str = typer.Option(..., help="Pack subject ids, comma-separated."),
    languages: str = typer.Option("tr", help="Languages they tutor in: tr, en (comma-separated)."),
    capacity: int = typer.Option(2, min=1, max=20, help="Open escalations at once."),
    minors: bool = typer.Option(False, "--minors", help="Vetted to tutor students under 18."),
) -> None:
    """Print a one-time code (valid 7 days); the tutor sends `/tutor CODE` to the bot."""
    langs = tuple(code for code in parse_list(languages) if code in ("tr", "en"))
    subject_ids = parse_list(subjects)
    if not langs or not subject_ids or not name.strip():
        typer.echo("--name, --subjects and --languages (tr, en) are required", err=True)
        raise typer.Exit(2)
    item = Invite(name.strip()[:64], subject_ids, langs, capacity, minors)

    async def work(uow: UnitOfWork) -> str:
        return await invite_tutor(uow, SystemClock().now(), InviteTutor(item))

    code = asyncio.run(_run(work))
    typer.echo(code)
    typer.echo(f"Send it to {item.name}: they write /tutor {code} to the bot.", err=True)


@tutors_app.command("list")
def list_() -> None:
    """Tutors with status, subjects, languages, load and rating."""

    async def work(uow: UnitOfWork) -> list[str]:
        lines = []
        for t in await list_tutors(uow, SystemClock().now()):
            rating = f"{t.rating:.1f} ({t.rating_count})" if t.rating is not None else "-"
            lines.append(
                f"{t.user_id}\t{t.name}\t{t.status.value}\t{','.join(t.subjects)}\t"
                f"{','.join(t.languages)}\t{t.open_escalations}/{t.capacity}\t"
                f"minors={'yes' if t.may_take_minors else 'no'}\trating={rating}"
            )
        return lines

    lines = asyncio.run(_run(work))
    typer.echo("\n".join(lines) if lines else "no tutors yet")


def _status(user_id: int, status: TutorStatus) -> None:
    async def work(uow: UnitOfWork) -> bool:
        return await set_tutor_status(uow, SystemClock().now(), SetTutorStatus(user_id, status))

    if not asyncio.run(_run(work)):
        typer.echo(f"no tutor {user_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"tutor {user_id}: {status.value}")


@tutors_app.command("pause")
def pause(user_id: int = typer.Argument(..., help="The tutor's user id (see list).")) -> None:
    """Ask this tutor for no new escalations (open ones continue)."""
    _status(user_id, TutorStatus.PAUSED)


@tutors_app.command("resume")
def resume(user_id: int = typer.Argument(..., help="The tutor's user id.")) -> None:
    """Ask this tutor again."""
    _status(user_id, TutorStatus.ACTIVE)


@tutors_app.command("remove")
def remove(user_id: int = typer.Argument(..., help="The tutor's user id.")) -> None:
    """No longer a tutor: the account is a plain user again."""
    _status(user_id, TutorStatus.REMOVED)


@tutors_app.command("availability")
def availability(
    user_id: int = typer.Argument(..., help="The tutor's user id."),
    ranges: list[str] | None = _RANGES,
) -> None:
    """Set weekly availability in the tutor's time zone (none: whenever online)."""
    parsed: dict[str, tuple[str, ...]] = {}
    for item in ranges or []:
        match = _RANGE.match(item.strip().lower())
        if match is None:
            typer.echo(f"bad range {item!r}; use e.g. mon=18:00-21:00", err=True)
            raise typer.Exit(2)
        parsed[match[1]] = (*parsed.get(match[1], ()), match[2])

    async def work(uow: UnitOfWork) -> bool:
        tutor = await uow.tutors.tutor(user_id)
        if tutor is None:
            return False
        ordered = {day: parsed[day] for day in WEEKDAYS if day in parsed}
        await uow.tutors.save_tutor(
            dataclasses.replace(tutor, availability=ordered), SystemClock().now()
        )
        return True

    if not asyncio.run(_run(work)):
        typer.echo(f"no tutor {user_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"tutor {user_id}: {len(parsed)} day(s) set")


@tutors_app.command("reports")
def reports() -> None:
    """Students' reports of tutors, newest first (the operator reads every one)."""

    async def work(uow: UnitOfWork) -> list[str]:
        return [
            f"{r.at:%Y-%m-%d %H:%M}\tstudent={r.student_id}\ttutor={r.tutor_id}\t"
            f"escalation={r.escalation_id}\t{r.text}"
            for r in await uow.tutors.reports()
        ]

    lines = asyncio.run(_run(work))
    typer.echo("\n".join(lines) if lines else "no reports")


@tutors_app.command("transcript")
def transcript(escalation_id: int = typer.Argument(..., help="The escalation's id.")) -> None:
    """Every message of a tutoring conversation, as stored (for the operator)."""

    async def work(uow: UnitOfWork) -> list[str] | None:
        escalation = await uow.tutors.escalation(escalation_id)
        if escalation is None:
            return None
        head = (
            f"escalation {escalation.id}: student={escalation.student_id} "
            f"tutor={escalation.tutor_id} {escalation.state.value} topic={escalation.topic_id}"
        )
        lines = [head]
        for m in await uow.tutors.messages(escalation_id):
            photo = " [photo]" if m.photo else ""
            lines.append(f"{m.at:%Y-%m-%d %H:%M:%S}\t{m.speaker.value}{photo}\t{m.text}")
        if escalation.note:
            lines.append(f"note\t{escalation.note}")
        return lines

    lines = asyncio.run(_run(work))
    if lines is None:
        typer.echo(f"no escalation {escalation_id}", err=True)
        raise typer.Exit(1)
    typer.echo("\n".join(lines))

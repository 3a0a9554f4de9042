"""`learnconnect plan`: a study plan from a shipped pack and a profile file, with no database.

    learnconnect plan --pack yks --profile profile.yaml [--format json|table|ics] [--locale tr|en]

JSON goes to stdout as `{"plan": {...}}` (shape in the README); `table` is for people; `ics` is
an iCalendar file for any calendar app. A bad profile prints one line naming the field and the
problem and exits with status 2.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo

import typer
from icalendar import Calendar, Event

from coach.plans.curriculum import reason_context, reason_text, request_from_profile
from coach.plans.profile_file import ProfileError, load_profile
from content import PackLoadError, UnknownPackError, load_pack
from planner import build_plan
from prompts import normalize_locale, render

if TYPE_CHECKING:
    from content import Pack
    from planner import Plan, Session


class OutputFormat(StrEnum):
    """What `learnconnect plan` prints."""

    JSON = "json"
    TABLE = "table"
    ICS = "ics"


def plan_as_dict(plan: Plan, pack: Pack, locale: str) -> dict[str, Any]:
    """The plan as the JSON document the issue specifies, reasons rendered in `locale`."""

    def session_row(session: Session) -> dict[str, Any]:
        return {
            "id": session.id,
            "date": session.date.isoformat(),
            "start": session.start.strftime("%H:%M") if session.start else None,
            "minutes": session.minutes,
            "kind": session.kind.value,
            "subject_id": session.subject_id,
            "topic_id": session.topic_id,
            "lesson_id": session.lesson_id,
            "reason": reason_text(pack, session.reason_code, session.reason_params, locale),
        }

    summary = plan.summary
    return {
        "plan": {
            "pack": plan.pack_id,
            "track": plan.track,
            "start_date": plan.start_date.isoformat(),
            "exam_date": plan.exam_date.isoformat(),
            "sessions": [session_row(session) for session in plan.sessions],
            "unscheduled": [
                {
                    "lesson_id": item.lesson_id,
                    "reason": reason_text(pack, item.reason_code, item.reason_params, locale),
                }
                for item in plan.unscheduled
            ],
            "summary": {
                "available_minutes": summary.available_minutes,
                "planned_minutes": summary.planned_minutes,
                "lesson_minutes": summary.lesson_minutes,
                "review_minutes": summary.review_minutes,
                "mock_exams": summary.mock_exams,
                "expected_gain": summary.expected_gain,
            },
        }
    }


def _title(session: Session, pack: Pack, locale: str) -> str:

    params = {"topic_id": session.topic_id, "part_id": session.reason_params.get("part_id")}
    context = reason_context(pack, params, locale)
    return render("plan_cli/title", locale, kind=session.kind.value, **context)


def plan_as_table(plan: Plan, pack: Pack, locale: str) -> str:
    """A day-by-day text table of the plan, then the lessons left out and the totals."""

    lines: list[str] = []
    current = None
    for session in plan.sessions:
        if session.date != current:
            current = session.date
            lines.append(
                render(
                    "plan_cli/day",
                    locale,
                    date=session.date.isoformat(),
                    weekday=session.date.weekday(),
                )
            )
        reason = reason_text(pack, session.reason_code, session.reason_params, locale)
        start = session.start.strftime("%H:%M") if session.start else "--:--"
        lines.append(
            f"  {start}  {session.minutes:>3}'  {_title(session, pack, locale)}  · {reason}"
        )
    if plan.unscheduled:
        lines.append(render("plan_cli/unscheduled", locale, count=len(plan.unscheduled)))
        for item in plan.unscheduled:
            reason = reason_text(pack, item.reason_code, item.reason_params, locale)
            lines.append(f"  {item.lesson_id}: {reason}")
    summary = plan.summary
    lines.append(
        render(
            "plan_cli/summary",
            locale,
            available=summary.available_minutes,
            planned=summary.planned_minutes,
            lessons=summary.lesson_minutes,
            reviews=summary.review_minutes,
            mocks=summary.mock_exams,
            gain=summary.expected_gain,
        )
    )
    return "\n".join(lines)


def plan_as_ics(plan: Plan, pack: Pack, locale: str, timezone: str) -> bytes:
    """The plan as an iCalendar file; break days are all-day events."""

    zone = ZoneInfo(timezone)
    calendar = Calendar()
    calendar.add("prodid", "-//LearnConnect Coach//plan//EN")
    calendar.add("version", "2.0")
    stamp = datetime(plan.start_date.year, plan.start_date.month, plan.start_date.day, tzinfo=UTC)
    for session in plan.sessions:
        event = Event()
        event.add("uid", f"{session.id}@{plan.pack_id}.{plan.track}.learnconnect")
        event.add("dtstamp", stamp)
        event.add("summary", _title(session, pack, locale))
        event.add(
            "description", reason_text(pack, session.reason_code, session.reason_params, locale)
        )
        if session.start is None:
            event.add("dtstart", session.date)
            event.add("dtend", session.date + timedelta(days=1))
        else:
            begin = datetime.combine(session.date, session.start, tzinfo=zone)
            event.add("dtstart", begin)
            event.add("dtend", begin + timedelta(minutes=session.minutes))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def plan_command(
    profile: Annotated[
        Path, typer.Option("--profile", help="The study profile (YAML), see README.")
    ],
    pack_id: Annotated[
        str, typer.Option("--pack", help="A shipped pack id or a pack folder.")
    ] = "yks",
    output: Annotated[
        OutputFormat, typer.Option("--format", help="json, table or ics.")
    ] = OutputFormat.JSON,
    locale: Annotated[
        str | None, typer.Option("--locale", help="tr or en (default: the pack's language).")
    ] = None,
    now: Annotated[
        datetime | None, typer.Option("--now", help="Plan as if it were this time (ISO 8601).")
    ] = None,
) -> None:
    """Make a study plan from a pack and a profile and print it (no database needed)."""

    try:
        pack = load_pack(pack_id)
    except (UnknownPackError, PackLoadError) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    language = normalize_locale(locale or pack.language)
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        profile_file = load_profile(profile)
        request = request_from_profile(pack, profile_file, moment.astimezone(UTC))
    except ProfileError as error:
        message = render(
            "plan_cli/profile_error",
            language,
            field=error.field,
            problem=error.problem,
            path=str(profile),
        )
        typer.echo(message, err=True)
        raise typer.Exit(2) from None
    plan = build_plan(request)
    if output is OutputFormat.JSON:
        typer.echo(json.dumps(plan_as_dict(plan, pack, language), ensure_ascii=False, indent=1))
    elif output is OutputFormat.TABLE:
        typer.echo(plan_as_table(plan, pack, language))
    else:
        typer.echo(
            plan_as_ics(plan, pack, language, profile_file.timezone).decode("utf-8"), nl=False
        )


def register(app: typer.Typer) -> None:
    """Add the `plan` command to the `learnconnect` app."""
    app.command("plan")(plan_command)


__all__ = [
    "OutputFormat",
    "plan_as_dict",
    "plan_as_ics",
    "plan_as_table",
    "plan_command",
    "register",
]

"""`learnconnect outbox ...`: look into the queue of pushes."""

from __future__ import annotations

import asyncio
import json

import typer

from bot.cli_common import database_units, settings_or_exit
from bot.clock import SystemClock
from coach.notifications.model import OutboxStats, OutboxStatus

outbox_app = typer.Typer(help="The outbox of scheduled pushes.", no_args_is_help=True)


async def _stats(database_url: str) -> OutboxStats:
    async with database_units(database_url) as units, units() as uow:
        return await uow.outbox.stats(SystemClock().now())


def format_stats(stats: OutboxStats) -> str:
    """The stats as a few aligned lines."""
    lines = [f"{status.value:<8} {stats.count(status):>9}" for status in OutboxStatus]
    lines.append(f"{'due now':<8} {stats.due_now:>9}")
    lines.append(f"{'lag':<8} {stats.lag_seconds:>8.1f}s")
    lines.append(f"{'sent/1h':<8} {stats.sent_last_hour:>9}")
    return "\n".join(lines)


@outbox_app.command("stats")
def stats(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Rows per status, pushes due now, the lag of the oldest one, and sends in the last hour."""
    settings = settings_or_exit()
    result = asyncio.run(_stats(settings.database_url))
    if as_json:
        payload = {
            "by_status": {s.value: result.count(s) for s in OutboxStatus},
            "due_now": result.due_now,
            "lag_seconds": round(result.lag_seconds, 3),
            "sent_last_hour": result.sent_last_hour,
        }
        typer.echo(json.dumps(payload))
    else:
        typer.echo(format_stats(result))

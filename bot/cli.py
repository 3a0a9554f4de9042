"""The `learnconnect` command: serve, chat, plan, content, db and helpers."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import typer

from bot.cli_chat import default_user, quiet_logging, run_console_chat, system_language
from bot.cli_common import settings_or_exit
from bot.cli_content import content_app
from bot.cli_groups import groups_app
from bot.cli_mastery import mastery_app
from bot.cli_moderation import moderation_app
from bot.cli_outbox import outbox_app
from bot.cli_plan import register as register_plan_command
from bot.cli_qa import qa_app
from bot.cli_tutors import tutors_app
from bot.server import event_loop_factory, run_server
from storage.migrate import current_revision, downgrade, head_revision, upgrade

app = typer.Typer(
    name="learnconnect",
    help="LearnConnect Coach: a study coach that lives in chat.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(content_app, name="content")
app.add_typer(mastery_app, name="mastery")
register_plan_command(app)
app.add_typer(outbox_app, name="outbox")
app.add_typer(qa_app, name="qa")
app.add_typer(moderation_app, name="moderation")
app.add_typer(groups_app, name="groups")
app.add_typer(tutors_app, name="tutors")


@app.command("version")
def show_version() -> None:
    """Print the installed version."""
    try:
        typer.echo(version("learnconnect-coach"))
    except PackageNotFoundError:
        typer.echo("0+unknown")


@app.command()
def serve() -> None:
    """Start the coach: web chat and dashboard, scheduler, and Telegram/Discord when configured."""
    settings = settings_or_exit()

    with asyncio.Runner(loop_factory=event_loop_factory()) as runner:
        runner.run(run_server(settings))


@app.command()
def chat(
    user: str | None = typer.Option(
        None, "--user", help="Who you are in the terminal chat (default: your OS user name)."
    ),
    folder: str = typer.Option(
        ".", "--dir", help="Folder where files the coach sends (e.g. /export) are saved."
    ),
) -> None:
    """Talk to the coach in this terminal (same database as `serve`; Ctrl-D quits)."""
    settings = settings_or_exit()
    quiet_logging()
    chat_run = run_console_chat(
        settings,
        user or default_user(),
        stdin=sys.stdin,
        stdout=sys.stdout,
        folder=Path(folder),
        locale_hint=system_language(),
    )
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: the chat already said goodbye
        asyncio.run(chat_run)


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Migrate the database up (default: to the newest revision)."""
    settings = settings_or_exit()
    upgrade(settings.database_url, revision)
    typer.echo(f"upgraded to {revision}")


@db_app.command("downgrade")
def db_downgrade(revision: str = typer.Argument("base", help="Target revision.")) -> None:
    """Migrate the database down (default: to an empty schema)."""
    settings = settings_or_exit()
    downgrade(settings.database_url, revision)
    typer.echo(f"downgraded to {revision}")


@db_app.command("current")
def db_current() -> None:
    """Print the revision the database is at, and the newest one shipped."""
    settings = settings_or_exit()
    current = asyncio.run(current_revision(settings.database_url))
    typer.echo(f"current: {current or 'empty'}\nhead: {head_revision()}")


def main() -> None:
    """Console entry point."""
    app()

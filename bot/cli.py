"""The `learnconnect` command: serve, chat, plan, content, db and helpers."""

from __future__ import annotations

import asyncio
import logging
from importlib.metadata import PackageNotFoundError, version

import typer

from bot.cli_content import content_app
from bot.cli_mastery import mastery_app
from bot.cli_plan import register as register_plan_command
from bot.logging_setup import configure_logging
from bot.settings import Settings, SettingsError, load_settings

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

log = logging.getLogger("learnconnect")


def settings_or_exit() -> Settings:
    """Load settings and configure logging; a bad setting stops with one clear line (exit 2)."""
    try:
        settings = load_settings()
    except SettingsError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    configure_logging(settings)
    return settings


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
    from bot.server import run_server  # noqa: PLC0415  (heavy imports only when serving)

    asyncio.run(run_server(settings))


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Migrate the database up (default: to the newest revision)."""
    from storage.migrate import upgrade  # noqa: PLC0415

    settings = settings_or_exit()
    upgrade(settings.database_url, revision)
    typer.echo(f"upgraded to {revision}")


@db_app.command("downgrade")
def db_downgrade(revision: str = typer.Argument("base", help="Target revision.")) -> None:
    """Migrate the database down (default: to an empty schema)."""
    from storage.migrate import downgrade  # noqa: PLC0415

    settings = settings_or_exit()
    downgrade(settings.database_url, revision)
    typer.echo(f"downgraded to {revision}")


@db_app.command("current")
def db_current() -> None:
    """Print the revision the database is at, and the newest one shipped."""
    from storage.migrate import current_revision, head_revision  # noqa: PLC0415

    settings = settings_or_exit()
    current = asyncio.run(current_revision(settings.database_url))
    typer.echo(f"current: {current or 'empty'}\nhead: {head_revision()}")


def main() -> None:
    """Console entry point."""
    app()

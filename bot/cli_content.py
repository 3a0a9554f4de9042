"""`learnconnect content`: list, validate, import, export and sample content packs.

`list`, `validate`, `export` and `sample` work from the shipped files without a database; `list`
adds the imported versions when the database answers.
"""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Annotated

import typer

from content import Pack, PackLoadError, UnknownPackError, load_pack, pack_path, shipped_pack_ids
from content.export import export_pack
from content.generators import GeneratorError, generate
from content.validate import validate_pack

content_app = typer.Typer(
    help="Content packs: list, validate, import, export, sample.", no_args_is_help=True
)
LETTERS = "ABCDE"
DB_TIMEOUT_SECONDS = 5.0


def _load(pack: str) -> Pack:
    try:
        return load_pack(pack)
    except UnknownPackError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    except PackLoadError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@content_app.command("list")
def list_packs() -> None:
    """Shipped packs with versions and sizes, and the imported ones when a database answers."""
    typer.echo("shipped:")
    for pack_id in shipped_pack_ids():
        try:
            pack = load_pack(pack_id)
        except PackLoadError as error:
            typer.echo(f"  {pack_id:<6} (cannot be loaded: {len(error.issues)} problems)")
            continue
        typer.echo(
            f"  {pack.id:<6} {pack.version:<8} {pack.name} — {len(pack.subjects)} subjects, "
            f"{len(pack.topics)} topics, {len(pack.lessons_by_id)} lessons, "
            f"{len(pack.questions)} questions, {len(pack.generators)} generators"
        )
    typer.echo("imported:")
    typer.echo(asyncio.run(_imported_lines()))


async def _imported_lines() -> str:
    from bot.cli import settings_or_exit  # noqa: PLC0415  (avoids a cycle with bot.cli)
    from storage.db import create_engine, create_session_factory  # noqa: PLC0415
    from storage.uow import SqlUnitOfWorkFactory  # noqa: PLC0415

    settings = settings_or_exit()
    if not _database_exists(settings.database_url):
        return "  (no database yet; `learnconnect content import PACK` creates it)"
    engine = create_engine(settings.database_url)
    try:
        async with SqlUnitOfWorkFactory(create_session_factory(engine))() as uow:
            packs = await asyncio.wait_for(uow.content.imported_packs(), DB_TIMEOUT_SECONDS)
    except Exception as error:  # the command must still work without a database
        return f"  (database not reachable or not migrated: {type(error).__name__})"
    finally:
        await engine.dispose()
    if not packs:
        return "  (none)"
    return "\n".join(
        f"  {p.id:<6} {p.version:<8} imported {p.imported_at:%Y-%m-%d %H:%M} UTC "
        f"checksum {p.checksum[:12]}"
        for p in packs
    )


def _database_exists(url: str) -> bool:
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return True
    return parsed.database == ":memory:" or Path(parsed.database).expanduser().exists()


@content_app.command("validate")
def validate(
    path: Annotated[
        str | None, typer.Argument(help="Pack id or folder (default: every shipped pack).")
    ] = None,
) -> None:
    """Check packs; exit 1 listing every error with its file and line."""
    targets = [path] if path else list(shipped_pack_ids())
    failed = False
    for target in targets:
        try:
            root = pack_path(target)
        except UnknownPackError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(2) from None
        issues = validate_pack(root)
        if issues:
            failed = True
            typer.echo(f"{target}: {len(issues)} problem(s)")
            for issue in issues:
                typer.echo(f"  {_shown(root)}/{issue}")
        else:
            pack = load_pack(root)
            typer.echo(
                f"{target}: ok ({len(pack.topics)} topics, {len(pack.lessons_by_id)} lessons, "
                f"{len(pack.questions)} questions, {len(pack.generators)} generators)"
            )
    if failed:
        raise typer.Exit(1)


@content_app.command("import")
def import_command(pack: Annotated[str, typer.Argument(help="Pack id or folder.")]) -> None:
    """Import a pack into the database (migrating it first); importing again changes nothing."""
    from bot.cli import settings_or_exit  # noqa: PLC0415
    from bot.clock import SystemClock  # noqa: PLC0415
    from bot.content_startup import PackInvalidError, describe, import_pack  # noqa: PLC0415
    from storage.db import create_engine, create_session_factory  # noqa: PLC0415
    from storage.migrate import upgrade_async  # noqa: PLC0415
    from storage.uow import SqlUnitOfWorkFactory  # noqa: PLC0415

    settings = settings_or_exit()
    try:
        pack_path(pack)
    except UnknownPackError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None

    async def run() -> str:
        await upgrade_async(settings.database_url)
        engine = create_engine(settings.database_url)
        try:
            factory = SqlUnitOfWorkFactory(create_session_factory(engine))
            return describe(await import_pack(factory, pack, SystemClock().now()))
        finally:
            await engine.dispose()

    try:
        typer.echo(asyncio.run(run()))
    except PackInvalidError as error:
        typer.echo(f"{pack} is not imported; fix these first:\n{error}", err=True)
        raise typer.Exit(1) from None


@content_app.command("export")
def export(
    pack: Annotated[str, typer.Argument(help="Pack id or folder.")],
    output_format: Annotated[str, typer.Option("--format", help="Only json.")] = "json",
) -> None:
    """Print the whole normalized pack as one JSON object."""
    if output_format != "json":
        typer.echo("only --format json is supported", err=True)
        raise typer.Exit(2)
    typer.echo(json.dumps(export_pack(_load(pack)), ensure_ascii=False, indent=2))


@content_app.command("sample")
def sample(
    topic_id: Annotated[str, typer.Argument(help="A topic with a generator, e.g. uslu.")],
    seed: Annotated[int, typer.Option(help="Same seed, same question.")] = 0,
    pack: Annotated[
        str | None, typer.Option(help="Pack id (default: the pack that has the topic).")
    ] = None,
    generator: Annotated[
        str | None, typer.Option(help="Generator id when a topic has several.")
    ] = None,
) -> None:
    """Print one generated question of a topic."""
    candidates = [pack] if pack else list(shipped_pack_ids())
    found = next((p for p in (_load(c) for c in candidates) if topic_id in p.topics_by_id), None)
    if found is None:
        typer.echo(f"no topic {topic_id!r} in {', '.join(candidates)}", err=True)
        raise typer.Exit(2)
    specs = [g for g in found.generators_of(topic_id) if generator in (None, g.id)]
    if not specs:
        with_generators = sorted({g.topic for g in found.generators})
        typer.echo(
            f"topic {topic_id!r} has no generator{f' {generator!r}' if generator else ''}; "
            f"topics with generators: {', '.join(with_generators)}",
            err=True,
        )
        raise typer.Exit(1)
    spec = random.Random(seed).choice(specs) if len(specs) > 1 else specs[0]
    try:
        question = generate(spec, seed, found.language)
    except GeneratorError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"[{found.id} · {spec.id} · seed {seed}]")
    typer.echo(question.stem)
    for letter, option in zip(LETTERS, question.options, strict=False):
        typer.echo(f"  {letter}) {option}")
    typer.echo(f"answer: {LETTERS[question.answer]}) {question.options[question.answer]}")
    typer.echo(f"why: {question.explanation}")

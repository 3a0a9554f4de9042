"""`learnconnect content`: list, validate, stats, check-links, import, export and sample packs.

`list`, `validate`, `stats`, `export` and `sample` work from the shipped files without a
database; `list` adds the imported versions when the database answers. `check-links` is the one
command that goes on the internet: it fetches every resource link of a pack.
"""

from __future__ import annotations

import asyncio
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import httpx
import typer
from sqlalchemy.engine import make_url

from bot.cli_common import database_units, settings_or_exit
from bot.clock import SystemClock
from bot.content_startup import PackInvalidError, describe, import_pack
from content import Pack, PackLoadError, UnknownPackError, load_pack, pack_path, shipped_pack_ids
from content.coverage import LEVELS, RESOURCE_TYPES, SubjectStats, pack_stats
from content.export import export_pack
from content.figures import describe_figure
from content.generators import GeneratorError, generate
from content.validate import validate_pack
from storage.migrate import upgrade_async

content_app = typer.Typer(
    help="Content packs: list, validate, stats, check-links, import, export, sample.",
    no_args_is_help=True,
)
LETTERS = "ABCDE"
DB_TIMEOUT_SECONDS = 5.0
# Some sites refuse clients that do not look like a browser; the suffix says who is asking.
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36 LearnConnectLinkCheck/1.0"
)


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
    settings = settings_or_exit()
    if not _database_exists(settings.database_url):
        return "  (no database yet; `learnconnect content import PACK` creates it)"
    try:
        async with database_units(settings.database_url) as units, units() as uow:
            packs = await asyncio.wait_for(uow.content.imported_packs(), DB_TIMEOUT_SECONDS)
    except Exception as error:  # the command must still work without a database
        return f"  (database not reachable or not migrated: {type(error).__name__})"
    if not packs:
        return "  (none)"
    return "\n".join(
        f"  {p.id:<6} {p.version:<8} imported {p.imported_at:%Y-%m-%d %H:%M} UTC "
        f"checksum {p.checksum[:12]}"
        for p in packs
    )


def _database_exists(url: str) -> bool:
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


def _packs(pack: str | None) -> list[Pack]:
    return [_load(target) for target in ([pack] if pack else shipped_pack_ids())]


@content_app.command("stats")
def stats(
    pack: Annotated[
        str | None, typer.Argument(help="Pack id or folder (default: every shipped pack).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """Per subject: topics, bank questions by difficulty and level, generators, summaries,
    resources, figures and topics below the teaching bar; and the pack's totals."""
    found = [pack_stats(p) for p in _packs(pack)]
    if as_json:
        data = {s.pack_id: s.as_dict() for s in found}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for number, result in enumerate(found):
        if number:
            typer.echo("")
        languages = "/".join(result.total.summaries_by_language)
        typer.echo(f"{result.pack_id}:")
        typer.echo(
            f"  {'subject':<16} {'topics':>6} {'bank':>5}  {'d1/d2/d3/d4/d5':<15} "
            f"{'easy/med/hard':<13} {'gen':>4}  {'summaries (' + languages + ')':<18} "
            f"{'video/article/practice/summary':<31} {'figures':<8} {'below bar':>9}"
        )
        for row in (*result.subjects, result.total):
            typer.echo(_stats_row(row))
        for row in result.subjects:
            for topic_id, gaps in row.below_bar.items():
                typer.echo(f"  below the bar: {row.subject_id}/{topic_id}: {'; '.join(gaps)}")


def _stats_row(row: SubjectStats) -> str:
    difficulties = "/".join(str(row.by_difficulty[d]) for d in range(1, 6))
    levels = "/".join(str(row.by_level[level]) for level in LEVELS)
    written = "/".join(str(n) for n in row.summaries_by_language.values())
    resources = "/".join(str(row.resources.get(kind, 0)) for kind in RESOURCE_TYPES)
    figures = f"{row.bank_figures}+{row.figure_generators}g"
    return (
        f"  {row.subject_id:<16} {row.topics:>6} {row.bank:>5}  {difficulties:<15} "
        f"{levels:<13} {row.generators:>4}  {f'{row.summaries} ({written})':<18} "
        f"{resources:<31} {figures:<8} {len(row.below_bar):>9}"
    )


@dataclass(frozen=True, slots=True)
class _Link:
    pack_id: str
    topic_id: str
    resource_id: str
    url: str


@content_app.command("check-links")
def check_links(
    pack: Annotated[
        str | None, typer.Argument(help="Pack id or folder (default: every shipped pack).")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds per link.", min=0.1)] = 10.0,
    concurrency: Annotated[int, typer.Option(help="Links fetched at a time.", min=1)] = 4,
) -> None:
    """GET every resource link (following redirects); list the dead ones; exit 1 if any."""
    links = [
        _Link(p.id, topic.id, resource.id, resource.url)
        for p in _packs(pack)
        for topic in p.topics
        for resource in topic.resources
        if resource.url
    ]
    # Many topics share an address (a search page, an official site): fetch each once.
    reasons = asyncio.run(_fetch_all(sorted({link.url for link in links}), timeout, concurrency))
    dead = [link for link in links if reasons[link.url] is not None]
    for link in dead:
        typer.echo(
            f"dead: {link.pack_id}/{link.topic_id} {link.resource_id}: {reasons[link.url]} "
            f"({link.url})"
        )
    typer.echo(f"checked {len(links)} links: {len(links) - len(dead)} ok, {len(dead)} dead")
    if dead:
        raise typer.Exit(1)


async def _fetch_all(urls: list[str], seconds: float, concurrency: int) -> dict[str, str | None]:
    """url -> why it is dead (None when it answers below 400)."""
    gate = asyncio.Semaphore(concurrency)
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.8"}
    async with httpx.AsyncClient(follow_redirects=True, timeout=seconds, headers=headers) as client:

        async def fetch(url: str) -> str | None:
            async with gate:
                return await _dead_reason(client, url, seconds)

        found = await asyncio.gather(*(fetch(url) for url in urls))
    return dict(zip(urls, found, strict=True))


async def _dead_reason(client: httpx.AsyncClient, url: str, seconds: float) -> str | None:
    try:
        # The whole exchange, redirects included, within the timeout; the body is not read.
        async with asyncio.timeout(seconds), client.stream("GET", url) as response:
            if response.status_code >= 400:
                return f"HTTP {response.status_code}"
            return None
    except (TimeoutError, httpx.TimeoutException):
        return f"no answer within {seconds:g} s"
    except httpx.HTTPError as error:
        return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


@content_app.command("import")
def import_command(pack: Annotated[str, typer.Argument(help="Pack id or folder.")]) -> None:
    """Import a pack into the database (migrating it first); importing again changes nothing."""
    settings = settings_or_exit()
    try:
        pack_path(pack)
    except UnknownPackError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None

    async def run() -> str:
        await upgrade_async(settings.database_url)
        async with database_units(settings.database_url) as units:
            return describe(await import_pack(units, pack, SystemClock().now()))

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
    if question.figure_spec is not None:
        typer.echo(describe_figure(question.figure_spec, found.language))
    typer.echo(question.stem)
    for letter, option in zip(LETTERS, question.options, strict=False):
        typer.echo(f"  {letter}) {option}")
    typer.echo(f"answer: {LETTERS[question.answer]}) {question.options[question.answer]}")
    typer.echo(f"why: {question.explanation}")

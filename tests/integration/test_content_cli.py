"""`learnconnect content import` and the start-up hook, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.bootstrap import build
from bot.cli import app
from bot.settings import load_settings
from tests.fakes import FixedClock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"
runner = CliRunner()


def test_import_command_is_idempotent_and_list_shows_it(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNCONNECT_DATABASE_URL", database_url)
    mini = str(FIXTURES / "mini")
    first = runner.invoke(app, ["content", "import", mini])
    assert first.exit_code == 0, first.output
    assert "mini 1: added 17, updated 0, retired 0, unchanged 0" in first.output
    again = runner.invoke(app, ["content", "import", mini])
    assert "mini 1: unchanged (checksum matches), nothing written" in again.output
    changed = runner.invoke(app, ["content", "import", str(FIXTURES / "mini_v2")])
    assert "mini 2: added 1, updated 2, retired 1, unchanged 14" in changed.output
    listed = runner.invoke(app, ["content", "list"])
    assert "  mini   2        imported" in listed.output


def test_import_refuses_a_broken_pack(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEARNCONNECT_DATABASE_URL", database_url)
    result = runner.invoke(app, ["content", "import", str(FIXTURES / "broken")])
    assert result.exit_code == 1
    assert "[prerequisite-cycle]" in result.output


async def test_startup_hook_imports_configured_packs(database_url: str, clock: FixedClock) -> None:
    settings = load_settings(
        database_url=database_url,
        content_packs=[str(FIXTURES / "mini"), "no_such_pack"],
        scheduler_enabled=False,
    )
    container = build(settings, clock=clock)
    try:
        await container.prepare_database()  # the unknown pack is logged, not fatal
        await container.prepare_database()
        async with container.uow() as uow:
            [stored] = await uow.content.imported_packs()
            assert (stored.id, stored.imported_at) == ("mini", clock.now())
            assert await uow.content.item_ids("mini", "topics") == {"sayilar", "uslu", "kuvvet"}
    finally:
        await container.stop()

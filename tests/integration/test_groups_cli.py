"""`learnconnect groups match | list | pair` on an empty database answer plainly."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()


def test_the_group_commands_run_on_the_configured_database(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNCONNECT_DATABASE_URL", database_url)
    matched = runner.invoke(app, ["groups", "match"])
    assert matched.exit_code == 0, matched.output
    assert "0 groups proposed, 0 waited, 0 expired" in matched.output
    listed = runner.invoke(app, ["groups", "list"])
    assert listed.exit_code == 0 and "no groups yet" in listed.output
    paired = runner.invoke(app, ["groups", "pair"])
    assert paired.exit_code == 0 and "0 pairs" in paired.output

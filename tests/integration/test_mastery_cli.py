"""`learnconnect mastery fit`: an install hint without pyBKT, a fit on a tiny dataset with it."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import random
import sys
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.cli_mastery import summarise
from coach.learning.records import QuizAttempt
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWorkFactory

runner = CliRunner()
HAVE_PYBKT = importlib.util.find_spec("pyBKT") is not None


def test_summary_clips_and_weights_by_answers() -> None:
    rows = [
        {"skill": "a", "param": "guesses", "value": 0.7},
        {"skill": "a", "param": "slips", "value": 0.1},
        {"skill": "b", "param": "guesses", "value": 0.1},
        {"skill": "b", "param": "slips", "value": 0.3},
        {"skill": "b", "param": "prior", "value": 0.5},
    ]
    result = summarise(rows, {"a": 30, "b": 10})
    assert result["topics"]["a"]["guess"] == 0.5  # clipped to what pack.yaml accepts
    assert result["mastery"]["guess"] == pytest.approx((0.5 * 30 + 0.1 * 10) / 40)
    assert result["mastery"]["slip"] == pytest.approx((0.1 * 30 + 0.3 * 10) / 40)


def test_missing_pybkt_explains_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyBKT", None)
    monkeypatch.setitem(sys.modules, "pyBKT.models", None)
    result = runner.invoke(app, ["mastery", "fit", "mini"])
    assert result.exit_code == 2
    assert "pip install -e '.[mastery]'" in result.output


async def _store(url: str) -> None:
    engine = create_engine(url)
    rng = random.Random(3)
    start = datetime(2027, 1, 1, tzinfo=UTC)
    try:
        async with SqlUnitOfWorkFactory(create_session_factory(engine))() as uow:
            attempts = []
            for student in range(12):
                user = await uow.users.add(locale="tr", timezone="UTC", now=start)
                for topic in ("sayilar", "paragraf"):
                    known = rng.random() < 0.3
                    for step in range(6):
                        known = known or rng.random() < 0.25
                        right = rng.random() < (0.9 if known else 0.2)
                        at = start + timedelta(minutes=student * 100 + step)
                        attempts.append(
                            QuizAttempt(
                                user.id,
                                "mini",
                                topic,
                                f"q{student}",
                                "on_demand",
                                f"x{step}",
                                3,
                                right,
                                False,
                                30_000,
                                0.3,
                                0.3,
                                at,
                            )
                        )
            await uow.learning.add_attempts(attempts)
            await uow.commit()
    finally:
        await engine.dispose()


@pytest.mark.skipif(not HAVE_PYBKT, reason="pyBKT (the `mastery` extra) is not installed")
def test_fit_on_a_tiny_dataset(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEARNCONNECT_DATABASE_URL", database_url)
    asyncio.run(_store(database_url))
    too_few = runner.invoke(app, ["mastery", "fit", "mini", "--min-answers", "1000"])
    assert too_few.exit_code == 1
    result = runner.invoke(app, ["mastery", "fit", "mini"])
    assert result.exit_code == 0, result.output
    fitted = json.loads(result.output)
    assert fitted["answers"] == 144 and fitted["students"] == 12
    assert set(fitted["topics"]) == {"sayilar", "paragraf"}
    for name in ("guess", "slip", "learn", "forget"):
        assert 0.0 <= fitted["mastery"][name] <= 1.0


def test_fit_stores_question_difficulties(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNCONNECT_DATABASE_URL", database_url)
    asyncio.run(_store(database_url))
    result = runner.invoke(app, ["mastery", "fit", "mini", "--items-only"])
    assert result.exit_code == 0, result.output
    fitted = json.loads(result.output)["difficulties"]
    assert set(fitted) == {f"x{step}" for step in range(6)}
    assert all(item["answers"] == 24 and item["authored"] == 0.0 for item in fitted.values())

    async def stored() -> dict[str, float]:
        engine = create_engine(database_url)
        try:
            async with SqlUnitOfWorkFactory(create_session_factory(engine))() as uow:
                return dict(await uow.learning.item_difficulties("mini"))
        finally:
            await engine.dispose()

    assert asyncio.run(stored()) == {k: v["difficulty"] for k, v in fitted.items()}

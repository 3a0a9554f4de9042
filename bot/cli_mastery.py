"""`learnconnect mastery fit PACK`: re-estimate every question's difficulty and fit the pack's
BKT parameters from stored quiz answers.

The difficulties (Rasch, `coach.learning.calibrate`) need nothing extra and are stored, so the
question picker uses them from the next quiz on; `--items-only` stops there.

pyBKT is an optional dependency (the `mastery` extra); it is imported only inside the command,
and a missing install gets a one-line explanation of how to add it. The output is JSON: the
per-topic fits and a `mastery:` block (answer-weighted means) to paste into the pack's
pack.yaml, where `coach.mastery.params_for` picks it up.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

import typer

from bot.cli_common import database_units, settings_or_exit
from bot.clock import SystemClock
from coach.learning.calibrate import fit_difficulties
from coach.learning.records import QuizAttempt, QuizKind

mastery_app = typer.Typer(help="Mastery model (Bayesian Knowledge Tracing).", no_args_is_help=True)

INSTALL_HINT = (
    "pyBKT is not installed. Install the optional mastery extra: "
    ".venv/bin/pip install -e '.[mastery]'  (or: pip install 'learnconnect-coach[mastery]')"
)
# pyBKT's names for the parameters, and ours.
NAMES = {"guesses": "guess", "slips": "slip", "learns": "learn", "forgets": "forget"}
LIMITS = {"guess": 0.5, "slip": 0.5, "learn": 1.0, "forget": 1.0}


def summarise(
    records: Sequence[Mapping[str, Any]], answers_per_topic: Mapping[str, int]
) -> dict[str, Any]:
    """Per-topic parameters and their answer-weighted means from pyBKT's `params()` rows."""
    topics: dict[str, dict[str, float]] = {}
    for row in records:
        ours = NAMES.get(str(row["param"]))
        if ours is not None:
            value = min(LIMITS[ours], max(0.0, float(row["value"])))
            topics.setdefault(str(row["skill"]), {})[ours] = round(value, 4)
    total = sum(answers_per_topic.get(topic, 0) for topic in topics) or 1
    block = {
        name: round(
            sum(p.get(name, 0.0) * answers_per_topic.get(t, 0) for t, p in topics.items()) / total,
            4,
        )
        for name in LIMITS
    }
    return {"topics": topics, "mastery": block}


async def _attempts(pack_id: str) -> Sequence[QuizAttempt]:
    async with database_units(settings_or_exit().database_url) as units, units() as uow:
        return await uow.learning.pack_attempts(pack_id)


async def _fit_items(pack_id: str, attempts: Sequence[QuizAttempt]) -> dict[str, Any]:
    """Fit and store every item's difficulty; the JSON summary of what moved."""
    fitted = fit_difficulties(attempts)
    async with database_units(settings_or_exit().database_url) as units, units() as uow:
        await uow.learning.save_item_difficulties(
            pack_id, {k: (i.difficulty, i.answers) for k, i in fitted.items()}, SystemClock().now()
        )
        await uow.commit()
    return {
        key: {
            "difficulty": item.difficulty,
            "authored": round(item.prior, 4),
            "answers": item.answers,
        }
        for key, item in sorted(fitted.items())
    }


@mastery_app.command("fit")
def fit(
    pack: Annotated[str, typer.Argument(help="Pack id whose stored answers are fitted.")],
    min_answers: Annotated[int, typer.Option(help="Fewest answers worth fitting.")] = 50,
    seed: Annotated[int, typer.Option(help="Seed of pyBKT's random restarts.")] = 42,
    items_only: Annotated[
        bool, typer.Option("--items-only", help="Only re-estimate question difficulties.")
    ] = False,
) -> None:
    """Re-estimate and store question difficulties; fit guess, slip, learn and forget per
    topic with pyBKT; print both as JSON."""
    if items_only:
        stored = asyncio.run(_attempts(pack))
        items = asyncio.run(_fit_items(pack, stored))
        typer.echo(json.dumps({"pack": pack, "answers": len(stored), "difficulties": items}))
        return
    try:
        import pandas as pd  # noqa: PLC0415
        from pyBKT.models import Model  # noqa: PLC0415
    except ImportError:
        typer.echo(INSTALL_HINT, err=True)
        raise typer.Exit(2) from None
    stored = asyncio.run(_attempts(pack))
    items = asyncio.run(_fit_items(pack, stored))
    attempts = [a for a in stored if not a.skipped and a.kind != QuizKind.ASSESSMENT]
    if len(attempts) < min_answers:
        typer.echo(
            f"only {len(attempts)} answers stored for pack {pack!r}; need {min_answers}", err=True
        )
        raise typer.Exit(1)
    frame = pd.DataFrame(
        {
            "order_id": range(1, len(attempts) + 1),
            "user_id": [str(a.user_id) for a in attempts],
            "skill_name": [a.topic_id for a in attempts],
            "correct": [int(a.correct) for a in attempts],
        }
    )
    model = Model(seed=seed, num_fits=1)
    model.fit(data=frame, forgets=True)
    counts: dict[str, int] = {}
    for attempt in attempts:
        counts[attempt.topic_id] = counts.get(attempt.topic_id, 0) + 1
    result = summarise(model.params().reset_index().to_dict("records"), counts)
    typer.echo(
        json.dumps(
            {
                "pack": pack,
                "answers": len(attempts),
                "students": len(set(frame.user_id)),
                **result,
                "difficulties": items,
            },
            ensure_ascii=False,
        )
    )

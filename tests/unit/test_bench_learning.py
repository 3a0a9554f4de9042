"""The learner-simulation benchmark runs end to end on the mini pack (a smoke test)."""

from __future__ import annotations

import math
import random
from pathlib import Path

from bench._learners import Memory, recall
from bench.learning import run

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"


def test_hidden_memory_forgets_and_spaced_retrieval_helps() -> None:
    assert recall(0, 2.0) == 1.0 and recall(18, 2.0) == 0.5
    crammed, spaced = Memory(base=-1.0, rate=1.0), Memory(base=-1.0, rate=1.0)
    for memory in (crammed, spaced):
        memory.study(0, 1.0)
    crammed.retrieve(1, 1.0)
    spaced.retrieve(10, 1.0)
    assert spaced.stability > crammed.stability
    assert spaced.skill(60) > crammed.skill(60)


def test_run_reports_every_strategy() -> None:
    result = run(3, 40, 7, pack_id=str(MINI), track="ALL", seed=random.Random(1).randrange(99))
    assert set(result["strategies"]) == {"round_robin", "planner_static", "adaptive"}
    for figures in result["strategies"].values():
        low, high = figures["ci95"]
        assert math.isfinite(figures["mean_net"]) and low <= figures["mean_net"] <= high
    assert result["exam_questions"] == 20

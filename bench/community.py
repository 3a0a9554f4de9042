"""Community benchmark.

    python -m bench.community [--students N]

prints one JSON object:
- match_10k_s: matching 10,000 opted-in students (both exams, tracks, languages, minors and
  adults, random evening windows, weak and strong topics) into study groups, CPU seconds on one
  core; goal <= 10. Also the number of groups and the share of students placed.

Each measurement lives in its own function so that more keys (the forum's search) join the
same JSON without touching this one.
"""

from __future__ import annotations

import argparse
import random
from typing import Any

from bench._common import Stopwatch, emit, pin_to_one_core
from coach.community.matching import match
from coach.community.model import Candidate, FocusMode

TOPICS = tuple(f"topic{i}" for i in range(40))


def _student(rng: random.Random, user_id: int) -> Candidate:
    free = 0
    for day in rng.sample(range(7), rng.randint(2, 6)):
        start = rng.randint(34, 42)  # 17:00-21:00 UTC starts
        for slot in range(start, min(48, start + rng.randint(2, 6))):
            free |= 1 << (day * 48 + slot)
    pack = rng.choice(("yks", "sat"))
    return Candidate(
        user_id=user_id,
        pack_id=pack,
        track=rng.choice(("SAY", "EA", "SOZ")) if pack == "yks" else "MATH",
        locale="tr" if pack == "yks" and rng.random() < 0.9 else "en",
        minor=rng.random() < 0.7,
        free=free,
        weak=frozenset(rng.sample(TOPICS, 3)),
        strong=frozenset(rng.sample(TOPICS, 2)),
        focus=FocusMode.SIMILAR if rng.random() < 0.7 else FocusMode.COMPLEMENTARY,
    )


def bench_match(students: int = 10_000) -> dict[str, Any]:
    """Time one matching run over `students` opted-in students."""
    rng = random.Random(15)
    pool = [_student(rng, i) for i in range(1, students + 1)]
    with Stopwatch() as watch:
        groups = match(pool)
    placed = sum(len(g.members) for g in groups)
    return {
        "match_10k_s": round(watch.cpu, 2),
        "match_students": students,
        "match_groups": len(groups),
        "match_placed_share": round(placed / students, 3),
        "wall_clock": {"match_10k_s": round(watch.wall, 2)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=10_000)
    args = parser.parse_args()
    pin_to_one_core()
    emit(bench_match(args.students))


if __name__ == "__main__":
    main()

"""Planner benchmark: speed of building and re-planning, and quality of the chosen lessons.

    python -m bench.planner

prints one JSON object:
- build_ms_median: a full YKS SAY plan over 200 days (the issue's example profile).
- replan_ms_median: a re-plan after 30 days of mixed progress (70% done, 20% missed, 10%
  skipped), median over 15 students.
- nightly_1000_s: re-planning 1,000 different students (random tracks, calendars, mastery and
  30 days of progress), total seconds; previous plans are built beforehand, untimed.
- quality_ratio_mean / quality_ratio_min: on 50 random time-scarce instances, the priority value
  of the lessons the plan schedules, against the exact optimum (CP-SAT) of the same selection
  problem under the minutes the plan had for lessons (study days before the taper minus the
  minutes it gave to reviews, quizzes and mock exams).
- value_vs_round_robin: total value of our plans over the same instances against the seed's
  naive round-robin method (which gets the whole calendar for lessons).
Everything runs pinned to one CPU core.
"""

from __future__ import annotations

import random
import statistics
import time

from bench._common import emit, median_ms, pin_to_one_core
from bench._planner_cases import (
    curriculum,
    issue_profile,
    lesson_budget,
    optimum,
    plan_value,
    progress_after,
    random_mastery,
    random_profile,
    request_for,
    round_robin,
    tracks,
)
from planner import PlanRequest, Reason, build_plan, replan

QUALITY_INSTANCES = 50
NIGHTLY_STUDENTS = 1000


def bench_build() -> float:
    yks_say = curriculum("yks", "SAY")
    request = request_for(yks_say, issue_profile(200), random_mastery(random.Random(7), yks_say))
    build_plan(request)
    return median_ms(lambda: build_plan(request), repeat=21)


def bench_replan() -> float:
    yks_say = curriculum("yks", "SAY")
    samples = []
    for seed in range(15):
        rng = random.Random(seed)
        request = request_for(yks_say, issue_profile(200), random_mastery(rng, yks_say))
        previous = build_plan(request)
        later, outcomes = progress_after(rng, request, previous, 30)
        start = time.perf_counter()
        replan(later, previous, outcomes)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def bench_nightly() -> float:
    pairs = tracks()
    students = []
    for seed in range(NIGHTLY_STUDENTS):
        rng = random.Random(10_000 + seed)
        pack_id, track = rng.choice(pairs)
        plan_curriculum = curriculum(pack_id, track)
        profile = random_profile(rng, rng.randint(120, 220), (0, 45, 60, 90, 120, 180, 240))
        request = request_for(plan_curriculum, profile, random_mastery(rng, plan_curriculum))
        previous = build_plan(request)
        later, outcomes = progress_after(rng, request, previous, 30)
        students.append((later, previous, outcomes))
    start = time.perf_counter()
    for later, previous, outcomes in students:
        replan(later, previous, outcomes)
    return time.perf_counter() - start


def scarce_instance(rng: random.Random) -> PlanRequest | None:
    pack_id, track = rng.choice(tracks())
    plan_curriculum = curriculum(pack_id, track)
    profile = random_profile(rng, rng.randint(21, 70), (0, 30, 45, 60, 90, 120))
    request = request_for(plan_curriculum, profile, random_mastery(rng, plan_curriculum))
    plan = build_plan(request)
    if not any(item.reason_code == Reason.NOT_ENOUGH_TIME for item in plan.unscheduled):
        return None
    return request


def bench_quality() -> tuple[list[float], float]:
    rng = random.Random(2026)
    ratios, ours, naive = [], 0.0, 0.0
    while len(ratios) < QUALITY_INSTANCES:
        request = scarce_instance(rng)
        if request is None:
            continue
        plan = build_plan(request)
        value = plan_value(request, plan)
        best = optimum(request, lesson_budget(request, plan))
        ratios.append(value / best if best > 0 else 1.0)
        ours += value
        naive += round_robin(request)
    return ratios, ours / naive if naive > 0 else float("inf")


def main() -> None:
    pin_to_one_core()
    build = bench_build()
    replan_ms = bench_replan()
    ratios, versus_round_robin = bench_quality()
    nightly = bench_nightly()
    emit(
        {
            "build_ms_median": round(build, 1),
            "replan_ms_median": round(replan_ms, 1),
            "nightly_1000_s": round(nightly, 1),
            "quality_ratio_mean": round(statistics.fmean(ratios), 4),
            "quality_ratio_min": round(min(ratios), 4),
            "value_vs_round_robin": round(versus_round_robin, 2),
        }
    )


if __name__ == "__main__":
    main()

"""Planner benchmark: speed of building and re-planning, and quality of the chosen lessons.

    python -m bench.planner

prints one JSON object:
- build_ms_median: a full YKS SAY plan over 200 days (the issue's example profile).
- replan_ms_median: a re-plan after 30 days of mixed progress (70% done, 20% missed, 10%
  skipped), median over 15 students.
- nightly_1000_s: re-planning 1,000 different students (random tracks, calendars, mastery and
  30 days of progress), total seconds; previous plans are built beforehand, untimed.
- quality_ratio_mean / quality_ratio_min: on 50 random time-scarce instances (2 to 10 weeks,
  30 to 120 minutes a day, random tracks of YKS and SAT, random mastery), the priority value of
  the lessons the plan schedules completely, against the exact optimum (CP-SAT) of the same
  selection problem (a topic's lessons in order, unmet prerequisites complete first) with the
  minutes of the lessons the plan scheduled completely: could another choice of lessons have
  won more in the same lesson time?
- capacity_ratio_mean / capacity_ratio_min: the same, but the optimum may use every minute the
  plan left free of reviews, quizzes and mocks on study days before the taper (so it also
  counts time lost to session lengths, windows and the interleaving rule).
- value_vs_round_robin: our total value over the same instances against the seed's naive
  round-robin method given, day by day, the same lesson minutes (lessons in curriculum order,
  one subject after another, no priorities).
- replan_changes_day_off / replan_changes_mock: sessions changed (diff entries) when a student
  on track says a day is off (the next study day with sessions), or enters one mock exam (the
  mastery of every topic of one test moves), over REPLAN_STUDENTS students (the issue's one and
  random students of every track, each at a random day of their first month); the largest,
  with means, `replan_day_off_ratio_max` (changes / the day's sessions; goal <= 3) and the
  share of students within 3x. replan_value_kept_min / _mean: the re-plan's priority value
  against a full rebuild's for the same day off (goal >= 0.98); _mock_min the same for the
  mock; replan_rebuilds: how often the repair gave up and the plan was rebuilt;
  replan_rebuild_changes_day_off_mean: what a rebuild would have changed, for comparison.
Everything runs pinned to one CPU core; times are CPU time of this process (the machine is
shared), with the wall-clock figures alongside under "wall_clock".
"""

from __future__ import annotations

import random
import statistics

from bench._common import Stopwatch, emit, median_ms, pin_to_one_core
from bench._planner_cases import (
    curriculum,
    issue_profile,
    lesson_capacity,
    lesson_minutes,
    optimum,
    plan_value,
    progress_after,
    random_mastery,
    random_profile,
    request_for,
    round_robin,
    tracks,
)
from bench._replan_cases import summary as replan_changes
from planner import PlanRequest, Reason, build_plan, replan

QUALITY_INSTANCES = 50
REPLAN_STUDENTS = 30
NIGHTLY_STUDENTS = 1000


def bench_build() -> tuple[float, float]:
    yks_say = curriculum("yks", "SAY")
    request = request_for(yks_say, issue_profile(200), random_mastery(random.Random(7), yks_say))
    build_plan(request)
    return median_ms(lambda: build_plan(request), repeat=21)


def bench_replan() -> tuple[float, float]:
    yks_say = curriculum("yks", "SAY")
    cpu, wall = [], []
    for seed in range(15):
        rng = random.Random(seed)
        request = request_for(yks_say, issue_profile(200), random_mastery(rng, yks_say))
        previous = build_plan(request)
        later, outcomes = progress_after(rng, request, previous, 30)
        with Stopwatch() as watch:
            replan(later, previous, outcomes)
        cpu.append(watch.cpu * 1000)
        wall.append(watch.wall * 1000)
    return statistics.median(cpu), statistics.median(wall)


def bench_nightly() -> tuple[float, float]:
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
    with Stopwatch() as watch:
        for later, previous, outcomes in students:
            replan(later, previous, outcomes)
    return watch.cpu, watch.wall


def scarce_instance(rng: random.Random) -> PlanRequest | None:
    pack_id, track = rng.choice(tracks())
    plan_curriculum = curriculum(pack_id, track)
    profile = random_profile(rng, rng.randint(21, 70), (0, 30, 45, 60, 90, 120))
    request = request_for(plan_curriculum, profile, random_mastery(rng, plan_curriculum))
    plan = build_plan(request)
    if not any(item.reason_code == Reason.NOT_ENOUGH_TIME for item in plan.unscheduled):
        return None
    return request


def bench_quality() -> dict[str, float]:
    rng = random.Random(2026)
    selection, capacity, ours, naive = [], [], 0.0, 0.0
    while len(selection) < QUALITY_INSTANCES:
        request = scarce_instance(rng)
        if request is None:
            continue
        plan = build_plan(request)
        value = plan_value(request, plan)
        room = lesson_capacity(request, plan)
        selection.append(value / max(1e-9, optimum(request, lesson_minutes(request, plan))))
        capacity.append(value / max(1e-9, optimum(request, sum(room.values()))))
        ours += value
        naive += round_robin(request, room)
    return {
        "quality_ratio_mean": round(statistics.fmean(selection), 4),
        "quality_ratio_min": round(min(selection), 4),
        "capacity_ratio_mean": round(statistics.fmean(capacity), 4),
        "capacity_ratio_min": round(min(capacity), 4),
        "value_vs_round_robin": round(ours / naive, 2) if naive > 0 else float("inf"),
    }


def main() -> None:
    pin_to_one_core()
    build, build_wall = bench_build()
    replan_ms, replan_wall = bench_replan()
    quality = bench_quality()
    nightly, nightly_wall = bench_nightly()
    changes = replan_changes(REPLAN_STUDENTS)
    emit(
        {
            "build_ms_median": round(build, 1),
            "replan_ms_median": round(replan_ms, 1),
            "nightly_1000_s": round(nightly, 1),
            **quality,
            **changes,
            "wall_clock": {
                "build_ms_median": round(build_wall, 1),
                "replan_ms_median": round(replan_wall, 1),
                "nightly_1000_s": round(nightly_wall, 1),
            },
        }
    )


if __name__ == "__main__":
    main()

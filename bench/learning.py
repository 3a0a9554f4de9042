"""Learner simulation: does the adaptive loop raise the exam net of simulated students?

`python -m bench.learning [--students 500] [--days 120] [--replan-days 7] [--pack yks]`

500 simulated students (bench/_learners.py: item response theory with power-law forgetting,
per-topic learning rates, about 20% missed sessions, noisy answers) study for 120 days to a
YKS exam under three strategies, with the same students and the same random draws:
- `round_robin`: the seed's naive plan: one lesson per subject in turn, in curriculum order,
  filling each study day's minutes; no priorities, no reviews; missed sessions are lost.
- `planner_static`: our planner's plan from the initial assessment, never adapted.
- `adaptive`: the full loop: module quizzes, reviews and mock exams are answered; BKT
  updates mastery, FSRS rates each topic's card from correctness and time, struggle and
  acceleration change the topic's lesson time, and every `--replan-days` the real planner
  rebuilds the rest of the plan from what the coach now believes (missed lessons come back).
The coach sees only answers; the net is computed from the hidden skill on exam day.
Prints one JSON object: mean expected net with a 95% interval per strategy, and the ratios.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import time as clock
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from bench._learners import Learner, expected_net, make_learner, question_counts
from bench._loop import AdaptiveCoach, Runner, assessment_mastery
from coach.plans.curriculum import curriculum_for
from content import load_pack
from planner import PlannerSettings, PlanRequest, StudyProfile, build_plan
from planner.calendar import build_calendar, plan_start

EXAM = date(2027, 6, 19)


def _pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def _profile(learner: Learner, start: date) -> StudyProfile:
    return StudyProfile(
        start_date=start,
        exam_date=EXAM,
        timezone="Europe/Istanbul",
        availability=dict(learner.availability),
        break_days_per_week=1,
        session_min=25,
        session_max=60,
    )


def _morning(day: date) -> datetime:
    return datetime.combine(day, time(5, 0), tzinfo=UTC)  # 08:00 in Istanbul


def round_robin_sessions(request: PlanRequest) -> dict[date, list[tuple[str, str, int]]]:
    """The naive plan: (kind, topic id, minutes) per day, lessons round-robin over subjects."""
    curriculum = request.curriculum
    weights = curriculum.test_weights
    queues: dict[str, list[tuple[str, int]]] = {}
    topics = {t.id: t for t in curriculum.topics if weights.get(t.test_id, 0) > 0}
    for topic in topics.values():
        lessons = sorted(
            (lesson for lesson in curriculum.lessons if lesson.topic_id == topic.id),
            key=lambda lesson: lesson.order,
        )
        queues.setdefault(topic.subject_id, []).extend((topic.id, ls.minutes) for ls in lessons)
    order: list[tuple[str, int]] = []
    pending = [list(queues[s.id]) for s in curriculum.subjects if s.id in queues]
    while any(pending):
        for queue in pending:
            if queue:
                order.append(queue.pop(0))
    profile, settings = request.profile, request.settings
    days = build_calendar(profile, request.now, settings, plan_start(profile, request.now))
    plan: dict[date, list[tuple[str, str, int]]] = {}
    index, left = 0, order[0][1] if order else 0
    for day in days:
        if not day.is_study:
            continue
        free = day.capacity
        while index < len(order) and free >= 10:
            piece = min(left, profile.session_max, free)
            plan.setdefault(day.date, []).append(("lesson", order[index][0], piece))
            free -= piece + settings.gap_minutes
            left -= piece
            if left <= 0:
                index += 1
                left = order[index][1] if index < len(order) else 0
    return plan


def simulate_student(learner: Learner, runner: Runner, replan_days: int) -> dict[str, float]:
    """The expected exam net of one student under each strategy (same draws for each)."""
    start = EXAM - timedelta(days=runner.days)
    profile = _profile(learner, start)
    now = _morning(start)
    initial = assessment_mastery(learner, runner, random.Random(learner.seed))
    request = PlanRequest(
        curriculum=runner.curriculum,
        profile=profile,
        now=now,
        mastery=initial,
        default_mastery=0.2,
        settings=PlannerSettings(),
    )
    exam_day = float(runner.days)
    nets: dict[str, float] = {}

    naive = round_robin_sessions(request)
    hidden = runner.fresh(learner)
    rng = random.Random(learner.seed + 1)
    for offset in range(runner.days):
        day = start + timedelta(days=offset)
        for kind, topic_id, minutes in naive.get(day, ()):
            if rng.random() >= learner.miss_rate:
                runner.study(hidden, kind, topic_id, minutes, offset)
    nets["round_robin"] = expected_net(hidden, runner.counts, exam_day, runner.penalty)
    nets["round_robin:weighted"] = expected_net(
        hidden, runner.counts, exam_day, runner.penalty, runner.topic_weights
    )

    plan = build_plan(request)
    hidden = runner.fresh(learner)
    rng = random.Random(learner.seed + 1)
    runner.follow(hidden, plan.sessions, start, range(runner.days), rng=rng, coach=None)
    nets["planner_static"] = expected_net(hidden, runner.counts, exam_day, runner.penalty)
    nets["planner_static:weighted"] = expected_net(
        hidden, runner.counts, exam_day, runner.penalty, runner.topic_weights
    )

    hidden = runner.fresh(learner)
    rng = random.Random(learner.seed + 1)
    coach = AdaptiveCoach(runner, request, initial)
    sessions = plan.sessions
    for first in range(0, runner.days, replan_days):
        if first:
            sessions = coach.replan(_morning(start + timedelta(days=first)), sessions)
        days = range(first, min(runner.days, first + replan_days))
        runner.follow(hidden, sessions, start, days, rng=rng, coach=coach)
    nets["adaptive"] = expected_net(hidden, runner.counts, exam_day, runner.penalty)
    nets["adaptive:weighted"] = expected_net(
        hidden, runner.counts, exam_day, runner.penalty, runner.topic_weights
    )
    return nets


def _interval(values: Sequence[float]) -> dict[str, Any]:
    mean = statistics.fmean(values)
    half = 1.96 * statistics.stdev(values) / math.sqrt(len(values)) if len(values) > 1 else 0.0
    return {"mean_net": round(mean, 2), "ci95": [round(mean - half, 2), round(mean + half, 2)]}


def run(
    students: int, days: int, replan_days: int, *, pack_id: str, track: str, seed: int
) -> dict[str, Any]:
    """Simulate every student under every strategy and summarise."""
    pack = load_pack(pack_id)
    curriculum = curriculum_for(pack, track)
    topic_ids = [t.id for t in curriculum.topics if curriculum.test_weights.get(t.test_id, 0) > 0]
    counts = question_counts(pack, track, topic_ids)
    runner = Runner(pack, curriculum, counts, days)
    names = ("round_robin", "planner_static", "adaptive")
    results: dict[str, list[float]] = {n: [] for n in names}
    weighted: dict[str, list[float]] = {n: [] for n in names}
    started = clock.perf_counter()
    for index in range(students):
        learner = make_learner(index, pack, topic_ids, random.Random(seed * 100_003 + index))
        for name, value in simulate_student(learner, runner, replan_days).items():
            base, _, kind = name.partition(":")
            (weighted if kind else results)[base].append(value)
    seconds = clock.perf_counter() - started
    summary = {name: _interval(values) for name, values in results.items()}
    for name, values in weighted.items():
        # The score type's view: each test's net times its weight (what the planner ranks by).
        summary[name]["mean_weighted_net"] = round(statistics.fmean(values), 2)
    rr, static, adaptive = (summary[n]["mean_net"] for n in names)
    return {
        "bench": "learning",
        "pack": pack.id,
        "track": curriculum.track,
        "students": students,
        "days": days,
        "replan_every_days": replan_days,
        "exam_questions": round(sum(counts.values())),
        "strategies": summary,
        "adaptive_vs_round_robin": round(adaptive / rr, 3) if rr else None,
        "adaptive_vs_planner_static": round(adaptive / static, 3) if static else None,
        "goals": {"adaptive_vs_round_robin": 1.15, "adaptive_vs_planner_static": 1.05},
        "seconds": round(seconds, 1),
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the options, run, print JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.learning", description=__doc__)
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--replan-days", type=int, default=7)
    parser.add_argument("--pack", default="yks", help="a shipped pack id or a pack folder")
    parser.add_argument("--track", default="SAY")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    _pin_to_one_core()
    result = run(
        args.students,
        args.days,
        args.replan_days,
        pack_id=args.pack,
        track=args.track,
        seed=args.seed,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()

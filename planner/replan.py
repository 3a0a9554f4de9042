"""Re-planning: change the future as little as possible after what happened, and say what.

First the plan is repaired (`planner.repair`): every session stays, with its id, unless it can
no longer happen where it is; only those move (and what they displace). A repair that changes
more than `CHANGES_PER_DISPLACED` sessions per displaced one competes with a frugal and a
hybrid repair (`planner.repair_frugal`); one below `VALUE_KEPT` of a rebuild's value swaps in
what the new values favour (`planner.repair_improve`: a mock). The future is rebuilt when
lessons changed length (pace, a topic's time factor) or no repair keeps `VALUE_KEPT` of the
value a full rebuild wins. A move always changes the date: a new time on the same day is no
change.

Rules of the rebuild:
- Sessions before `now` (or with an outcome) are history. A lesson is done when all its parts
  are done; minutes spent on a missed or skipped lesson count as progress on it. History
  sessions without an outcome count as missed.
- Sessions today and tomorrow stay where they are, unless they became impossible (lesson
  already done or now mastered, the day is no longer a study day, the session no longer fits
  the day's windows or availability); nothing new is added to those two days.
- Sessions the student moved by hand are pinned where they were put, and stay pinned.
- Missed lessons go to the next free slots; everything else is rebuilt by the normal rules.
- Quizzes of modules already finished are carried over.
- The previous plan's lesson minutes after the two kept days tell how much lesson time the
  calendar holds, so the rebuild chooses its lessons for that budget in a single pass.
- `review_cards` in the request must already include the reviews the student did; the
  planner does not replay done review sessions.
The result carries a diff (added, moved, removed, each with a reason) so the coach can ask for
consent before the new plan replaces the old one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from planner.builder import build_plan
from planner.calendar import build_calendar, local_now
from planner.diff import diff_plans, origin_diff
from planner.model import PlanRequest
from planner.outcomes import (
    History,
    Outcome,
    PinnedMove,
    SessionOutcome,
    lesson_problem,
    read_history,
)
from planner.plan import Plan, Reason, Replan, Session, SessionKind, chronological
from planner.priority import Priorities, prioritise
from planner.repair import repair
from planner.repair_improve import improve
from planner.repaired import as_plan, plan_gain

__all__ = ["Outcome", "PinnedMove", "SessionOutcome", "replan"]  # the outcome types, as before

KEEP_DAYS = 2
VALUE_KEPT = 0.98  # the share of a rebuild's value a repair must keep to be chosen
CHANGES_PER_DISPLACED = 3  # a repair that changes more per displaced session tries frugally
RESIZE_SLACK = 5  # minutes a lesson may differ from its planned length before it counts


def replan(
    request: PlanRequest,
    previous: Plan,
    outcomes: Sequence[SessionOutcome] = (),
    pinned: Sequence[PinnedMove] = (),
    *,
    minimal: bool = True,
) -> Replan:
    """Re-plan from `request.now` on: repair the plan with as few changes as possible
    (`planner.repair`), or, when that cannot be done or `minimal` is False, rebuild the
    future, keeping the next two days and pinned sessions."""
    now = local_now(request.profile, request.now)
    today, minute = now.date(), now.hour * 60 + now.minute
    frozen_until = today + timedelta(days=KEEP_DAYS)
    by_outcome = {outcome.session_id: outcome for outcome in outcomes}
    past = [
        s
        for s in previous.sessions
        if s.id in by_outcome
        or s.date < today
        or (s.date == today and s.start is not None and s.end_minute <= minute)
    ]
    past_ids = {s.id for s in past}
    future = [s for s in previous.sessions if s.id not in past_ids]
    history = read_history(previous, by_outcome, past)

    done = set(request.done_lessons)
    progress = dict(request.lesson_progress)
    for lesson_id, spent in history.progress.items():
        # The coach's stored progress already holds the minutes of the sessions it settled
        # (and so does a request built the same way): the larger of the two, never their sum,
        # or a half-done lesson would look done and lose its value.
        progress[lesson_id] = max(progress.get(lesson_id, 0), spent)
    for lesson_id, count in history.done_parts.items():
        if count >= history.parts.get(lesson_id, 1):
            done.add(lesson_id)
            progress.pop(lesson_id, None)
    new_request = replace(request, done_lessons=tuple(sorted(done)), lesson_progress=progress)
    ranked = prioritise(new_request)  # once, shared by the repair, the rebuild and their values

    fixed, impossible = _keep(future, new_request, pinned, today)

    fixed_ids = {s.id for s in fixed}
    lessons_of: dict[str, list[Session]] = {}
    for session in previous.sessions:
        if session.kind is SessionKind.LESSON and session.topic_id:
            lessons_of.setdefault(session.topic_id, []).append(session)
    carried = [
        s
        for s in future
        if s.kind is SessionKind.QUIZ
        and s.id not in fixed_ids
        and s.date >= frozen_until
        and _module_finished(s, lessons_of.get(s.topic_id or "", []), history.done_sessions)
    ]
    plan = build_plan(
        new_request,
        fixed=fixed,
        frozen_until=frozen_until,
        urgent_lessons=[lesson for lesson in history.missed if lesson not in done],
        parts_done=history.done_parts,
        carried_quizzes=carried,
        lesson_budget=sum(
            s.minutes
            for s in future
            if s.kind is SessionKind.LESSON and s.date >= frozen_until and not s.pinned
        ),
        priorities=ranked,
    )
    missed = [s for s in past if s.kind is SessionKind.LESSON and s.id not in history.done_sessions]
    diff = diff_plans(future + missed, plan, new_request, impossible, frozenset(history.missed))
    rebuilt = Replan(plan=plan, diff=diff)
    if not minimal:
        return rebuilt
    floor = VALUE_KEPT * plan_gain(new_request, plan.sessions, ranked)
    parts = (new_request, ranked, previous, future, past, by_outcome, history, pinned)
    return _choose(_repairs(*parts, floor=floor), rebuilt)


def _choose(repairs: Sequence[tuple[Replan, int, float]], rebuilt: Replan) -> Replan:
    """A repair wins unless it would give up more than 2% of what a rebuild wins (a mock that
    shows a topic is weak again, say): few changes, but not at any price. Of the repairs that
    keep enough, one within its budget of changes (the most valuable), else the fewest."""
    kept = list(repairs)  # `_repairs` keeps only those with enough value
    within = [choice for choice in kept if len(choice[0].diff) <= choice[1]]
    if within:
        return max(within, key=lambda c: (c[2], -len(c[0].diff)))[0]
    if kept:
        return min(kept, key=lambda c: (len(c[0].diff), -c[2]))[0]
    return rebuilt


def _repairs(  # noqa: PLR0917  (the parts of one re-plan, named where they are made)
    request: PlanRequest,
    ranked: Priorities,
    previous: Plan,
    future: Sequence[Session],
    past: Sequence[Session],
    outcomes: dict[str, SessionOutcome],
    history: History,
    pinned: Sequence[PinnedMove],
    *,
    floor: float,
) -> list[tuple[Replan, int, float]]:
    """The repairs that keep at least `floor` of value, each with its budget of changes and
    its value: the normal one, then, while none is within its budget, the frugal one
    (`planner.repair_frugal`), the hybrid one (frugal rules first, then the normal) and last
    a bounded search for one within the budget (`planner.repair_search`)."""
    args = (request, ranked, previous, future, past, outcomes, history, pinned)
    found: list[tuple[Replan, int, float]] = []
    for mode in ("normal", "frugal", "hybrid", "search"):
        if mode == "search" and not found:
            break  # no greedy repair at all: a rebuild is needed, not a search
        made = _repaired(*args, mode=mode, floor=floor)
        if made is None:
            continue
        gain = plan_gain(request, made[0].plan.sessions, ranked)
        if gain < floor:
            continue
        result, budget, displaced = made
        found.append((result, budget, gain))
        if len(result.diff) <= budget or not displaced:
            break  # within budget, or nothing was displaced (the modes differ in nothing else)
    return found


def _repaired(  # noqa: PLR0917  (the parts of one re-plan, named where they are made)
    request: PlanRequest,
    ranked: Priorities,
    previous: Plan,
    future: Sequence[Session],
    past: Sequence[Session],
    outcomes: dict[str, SessionOutcome],
    history: History,
    pinned: Sequence[PinnedMove],
    *,
    mode: str = "normal",
    floor: float = 0.0,
) -> tuple[Replan, int, int] | None:
    """The plan repaired in place (see `planner.repair`), its budget of changes (what must
    go, and `CHANGES_PER_DISPLACED` per session that could not stay) and how many sessions
    could not stay; None when a rebuild is needed. Below `floor` of value (the values
    changed: a mock), a few swaps win it back (`planner.repair_improve`)."""
    if _lessons_resized(request, previous):
        return None
    today = local_now(request.profile, request.now).date()
    done = set(request.done_lessons)
    moves = {move.session_id: move for move in pinned}
    sessions: list[Session] = []
    removed: dict[str, str] = {}
    for session in future:
        move = moves.get(session.id)
        target = (
            replace(session, date=move.date, start=move.start, pinned=True) if move else session
        )
        problem = lesson_problem(target, request, done)
        if (
            problem is None
            and target.pinned
            and not today <= target.date < request.profile.exam_date
        ):
            problem = Reason.REMOVED_IMPOSSIBLE
        sessions.append(target)
        if problem is not None:
            removed[target.id] = problem
    missed = []
    for session in past:
        if session.kind is not SessionKind.LESSON or session.id in history.done_sessions:
            continue
        if lesson_problem(session, request, done) is not None:
            continue
        outcome = outcomes.get(session.id)
        spent = max(0, min(session.minutes, (outcome.minutes_spent or 0) if outcome else 0))
        if session.minutes - spent > 0:
            missed.append(replace(session, minutes=session.minutes - spent))
    result = repair(
        request,
        sessions,
        missed,
        removed,
        today + timedelta(days=KEEP_DAYS),
        priorities=ranked,
        mode=mode,
        per_displaced=CHANGES_PER_DISPLACED,
        floor=floor,
    )
    if result is None:
        return None
    before = {s.id: s for s in future}
    before.update({s.id: s for s in past if s.id in {m.id for m in missed}})
    budget = len(removed) + CHANGES_PER_DISPLACED * result.displaced
    frozen = today + timedelta(days=KEEP_DAYS)
    added: list[Session] = []
    if plan_gain(request, result.sessions, ranked) < floor:
        # The values changed (a mock): a few swaps win back what a rebuild would.
        better = improve(request, result.sessions, ranked, floor, frozen)
        if better is None:
            return None
        now = {s.id: s for s in better.sessions}
        for origin, kept in list(result.placed.items()):
            if kept is not None and kept.id in better.removed:
                result.placed[origin] = None
                result.removed[origin] = better.removed[kept.id]
            elif kept is not None:
                result.placed[origin] = now.get(kept.id, kept)
        result.sessions, added = better.sessions, better.added
    diff = origin_diff(
        before, result.placed, result.removed, frozenset(s.id for s in missed), added
    )
    plan = as_plan(request, result.sessions, previous, ranked)
    return Replan(plan=plan, diff=diff), budget, result.displaced


def _lessons_resized(request: PlanRequest, previous: Plan) -> bool:
    """Whether lessons got longer or shorter since the plan was made (the student's pace or a
    topic's time factor changed): a real change, so the plan is rebuilt, not repaired.

    A topic's last planned lesson is only looked at for getting shorter: when time ran out it
    is only partly planned, so fewer minutes planned than it takes say nothing.
    """
    planned: dict[str, int] = {}
    last_of_topic: dict[str, str] = {}
    for session in sorted(previous.sessions, key=chronological):
        if session.kind is SessionKind.LESSON and session.lesson_id:
            planned[session.lesson_id] = planned.get(session.lesson_id, 0) + session.minutes
            last_of_topic[session.topic_id or ""] = session.lesson_id
    done, last = set(request.done_lessons), set(last_of_topic.values())
    for lesson in request.curriculum.lessons:
        if lesson.id not in planned or lesson.id in done:
            continue
        have = planned[lesson.id] + request.lesson_progress.get(lesson.id, 0)
        if lesson.minutes + RESIZE_SLACK < planned[lesson.id]:
            return True  # shorter than planned: true of a partly planned last lesson too
        if lesson.id not in last and lesson.minutes > have + RESIZE_SLACK:
            return True
    return False


def _keep(
    future: Sequence[Session], request: PlanRequest, pinned: Sequence[PinnedMove], today: date
) -> tuple[list[Session], dict[str, str]]:
    """Sessions that stay (pinned ones, and the next two days' unless impossible) and why the
    others of the next two days cannot. A kept lesson whose lesson got shorter (an aced quiz
    shortened its topic) keeps its place with the shorter length: what the coach promised
    happens now, not only after the two kept days."""
    frozen_until = today + timedelta(days=KEEP_DAYS)
    done = set(request.done_lessons)
    moves = {move.session_id: move for move in pinned}
    fixed: list[Session] = []
    impossible: dict[str, str] = {}
    calendar = {
        day.date: day
        for day in build_calendar(request.profile, request.now, request.settings, today)
    }
    used: dict[date, int] = {}
    runs: dict[date, tuple[str | None, int]] = {}
    weights = request.curriculum.test_weights
    counted = {t.subject_id for t in request.curriculum.topics if weights.get(t.test_id, 0) > 0}
    by_topic = len(counted) < 2
    left = _shorter_lessons(future, request)
    for session in sorted(future, key=chronological):
        move = moves.get(session.id)
        if move is not None or session.pinned:
            target = (
                replace(session, date=move.date, start=move.start, pinned=True) if move else session
            )
            problem = lesson_problem(target, request, done)
            if problem is None and today <= target.date < request.profile.exam_date:
                fixed.append(target)
            else:
                impossible[session.id] = problem or Reason.REMOVED_IMPOSSIBLE
            continue
        if session.date >= frozen_until:
            continue
        problem = lesson_problem(session, request, done) or _slot_problem(session, calendar, used)
        key = (session.topic_id if by_topic else session.subject_id) if session.subject_id else None
        last, length = runs.get(session.date, (None, 0))
        if problem is None and key is not None and key == last and length >= 2:
            # A removed session in between must not leave three of a subject in a row.
            problem = Reason.REMOVED_IMPOSSIBLE
        kept = session
        if problem is None and session.lesson_id in left:
            minutes = min(session.minutes, left[session.lesson_id])
            left[session.lesson_id] -= minutes
            if minutes <= 0:
                problem = Reason.REMOVED_NOT_NEEDED
            else:
                kept = replace(session, minutes=minutes)
        if problem is None:
            fixed.append(kept)
            used[session.date] = used.get(session.date, 0) + kept.minutes
            runs[session.date] = (key, length + 1 if key is not None and key == last else 1)
        else:
            impossible[session.id] = problem
    return fixed, impossible


def _shorter_lessons(future: Sequence[Session], request: PlanRequest) -> dict[str, int]:
    """The minutes still needed of each lesson now shorter than what the plan holds of it."""
    planned: dict[str, int] = {}
    for session in future:
        if session.kind is SessionKind.LESSON and session.lesson_id:
            planned[session.lesson_id] = planned.get(session.lesson_id, 0) + session.minutes
    needed = {
        lesson.id: max(0, lesson.minutes - request.lesson_progress.get(lesson.id, 0))
        for lesson in request.curriculum.lessons
        if lesson.id in planned
    }
    return {
        lesson_id: need
        for lesson_id, need in needed.items()
        if need + RESIZE_SLACK < planned[lesson_id]
    }


def _slot_problem(session: Session, calendar: dict, used: dict[date, int]) -> str | None:
    """Why a kept session no longer fits its day (status, windows, availability), or None."""
    day = calendar.get(session.date)
    if session.kind is SessionKind.BREAK:
        return (
            None if day is not None and day.status.value == "break" else Reason.REMOVED_IMPOSSIBLE
        )
    if day is None or not day.is_study:
        return Reason.REMOVED_IMPOSSIBLE
    inside = any(
        w.start <= session.start_minute and session.end_minute <= w.end for w in day.windows
    )
    if not inside or used.get(session.date, 0) + session.minutes > day.capacity:
        return Reason.REMOVED_IMPOSSIBLE
    return None


def _module_finished(quiz: Session, lessons: list[Session], done_sessions: set[str]) -> bool:
    """Whether every lesson of the quiz's topic planned before it is already done."""
    when = chronological(quiz)[:2]
    return all(s.id in done_sessions for s in lessons if chronological(s)[:2] < when)

"""When the values changed (a mock showed a test's topics weaker or stronger), the repaired
plan wins back what a rebuild would with a few local swaps, not a new plan.

The repair keeps the old lessons; a rebuild would choose the lessons the new values favour and
move everything ("one mock entry moved 79 sessions"). Instead, while the plan keeps less than
the floor (98% of a rebuild's value), the most valuable lesson per minute that is not planned
is added where its topic's order allows it (after its topic's earlier lessons and its unmet
prerequisites, before nothing of its topic): in free room, else in the place of one less
valuable last lesson of another topic (left out, as a rebuild leaves out the least valuable
work) or of one review. Each swap is one or two changes the student reads: "added: X (weak topic)".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from planner.calendar import build_calendar
from planner.model import PlanRequest
from planner.plan import Reason, Session, SessionKind, chronological
from planner.priority import LessonItem, Priorities
from planner.repair_days import DayBook, Order

SEARCH_DAYS = 60  # how far after its topic's earlier lessons an added lesson looks
MAX_ADDED = 40  # a safety bound: beyond it, a rebuild is the honest answer


@dataclass(slots=True)
class Improved:
    """The sessions after the swaps, what was added and what gave way (id -> reason)."""

    sessions: list[Session]
    added: list[Session]
    removed: dict[str, str]


def improve(
    request: PlanRequest,
    sessions: Sequence[Session],
    ranked: Priorities,
    floor: float,
    frozen: date,
) -> Improved | None:
    """Swap lessons in until the plan's value reaches `floor` (see the module docstring);
    None when it cannot within `MAX_ADDED` lessons."""
    calendar = {d.date: d for d in build_calendar(request.profile, request.now, request.settings)}
    state = DayBook(request, calendar, frozen)
    for session in sessions:
        state.add(session, session.id, chronological(session))
    items = {item.lesson.id: item for item in ranked.queue}
    placed: dict[str, int] = {}
    for session in sessions:
        if session.kind is SessionKind.LESSON and session.lesson_id:
            placed[session.lesson_id] = placed.get(session.lesson_id, 0) + session.minutes
    complete = {lid for lid, item in items.items() if placed.get(lid, 0) >= item.minutes}
    gain = sum(items[lid].value for lid in complete)
    added: list[Session] = []
    removed: dict[str, str] = {}
    # The ranking's own order: a topic's lessons in order, prerequisites first, the most
    # valuable bundles first (what a rebuild would take); a second pass picks up what had
    # to wait for a lesson added after it.
    wanted = [i for i in ranked.queue if i.lesson.id not in placed and i.value > 0]
    progress = True
    while wanted and progress and gain < floor:
        progress, waiting = False, []
        for item in wanted:
            if gain >= floor:
                break
            if len(added) >= MAX_ADDED:
                return None
            earliest = _earliest(item, state, ranked, items=items, complete=complete, frozen=frozen)
            laid = None if earliest is None else _lay(item, earliest, state, items, complete)
            if laid is None:
                waiting.append(item)
                continue
            session, victim = laid
            added.append(session)
            complete.add(item.lesson.id)
            gain += item.value
            progress = True
            if victim is not None:
                removed[victim.id] = Reason.REMOVED_NO_TIME
                if victim.lesson_id in complete:
                    complete.discard(victim.lesson_id)
                    gain -= items[victim.lesson_id].value
        wanted = waiting
    if gain < floor:
        return None
    ordered = sorted(
        (s for day in state.days.values() for s in day),
        key=lambda s: (s.date, s.start_minute, s.kind is not SessionKind.BREAK, s.id),
    )
    return Improved(ordered, added, removed)


def _earliest(
    item: LessonItem,
    state: DayBook,
    ranked: Priorities,
    *,
    items: dict[str, LessonItem],
    complete: set[str],
    frozen: date,
) -> date | None:
    """The first day the lesson may go: after its topic's earlier lessons and its unmet
    prerequisites (all complete in the plan); None when one is not, or when a later lesson of
    its topic is planned (it would come out of order)."""
    topic = item.topic.id
    order = ranked.topic_lessons.get(topic, ())
    at = order.index(item.lesson.id) if item.lesson.id in order else 0
    before = [lid for lid in order[:at] if lid in items]
    after = set(order[at + 1 :])
    needed = [*before]
    for prerequisite in ranked.unmet.get(topic, ()):
        needed.extend(lid for lid in ranked.topic_lessons.get(prerequisite, ()) if lid in items)
    if any(lid not in complete for lid in needed):
        return None
    latest = frozen - timedelta(days=1)
    wanted = set(needed)
    for day, sessions in state.days.items():
        for session in sessions:
            if session.lesson_id in after:
                return None
            if session.lesson_id in wanted and day > latest:
                latest = day
    return max(frozen, latest + timedelta(days=1))


def _lay(
    item: LessonItem,
    earliest: date,
    state: DayBook,
    items: dict[str, LessonItem],
    complete: set[str],
) -> tuple[Session, Session | None] | None:
    """Put the lesson on the first day from `earliest` with free room, else in the place of
    one less valuable last lesson of another topic or one review; with what gave way."""
    exam = state.request.profile.exam_date
    last = min(exam, earliest + timedelta(days=SEARCH_DAYS))
    days = [earliest + timedelta(days=n) for n in range(max(0, (last - earliest).days))]
    template = Session(
        id="",
        date=earliest,
        start=None,
        minutes=item.minutes,
        kind=SessionKind.LESSON,
        subject_id=item.topic.subject_id,
        topic_id=item.topic.id,
        lesson_id=item.lesson.id,
        reason_code=item.reason_code,
        reason_params=dict(item.reason_params),
    )

    def on(day: date) -> Session:
        return _on(template, day)

    for day in days:
        if state.may_hold(template, day):
            laid = state.insert(on(day))
            if laid is not None:
                state.set_day(day, laid)
                return _new(laid, on(day).id, state), None
    tails = state.last_orders()
    for day in days:
        if not state.may_hold(template, day, slack=True):
            continue
        for victim in _victims(item, day, state, items=items, complete=complete, tails=tails):
            laid = state.insert(on(day), {victim.id})
            if laid is not None:
                state.set_day(day, laid)
                return _new(laid, on(day).id, state), victim
    return None


def _victims(
    item: LessonItem,
    day: date,
    state: DayBook,
    *,
    items: dict[str, LessonItem],
    complete: set[str],
    tails: dict[str | None, Order],
) -> list[Session]:
    """What may give way on `day`: other topics' last lessons worth less (a topic keeps at
    least one lesson before its quiz), then reviews."""
    found: list[tuple[int, float, str, Session]] = []
    lessons_of: dict[str | None, int] = {}
    for sessions in state.days.values():
        for s in sessions:
            if s.kind is SessionKind.LESSON:
                lessons_of[s.topic_id] = lessons_of.get(s.topic_id, 0) + 1
    for s in state.days.get(day, []):
        if s.pinned or s.topic_id == item.topic.id or s.id not in state.order:
            continue
        if s.kind is SessionKind.REVIEW:
            found.append((2, 0.0, s.id, s))  # a review is worth something a value misses
        elif (
            s.kind is SessionKind.LESSON
            and s.parts == 1
            and lessons_of.get(s.topic_id, 0) > 1
            and state.order[s.id] >= tails.get(s.topic_id, state.order[s.id])
        ):
            worth = items[s.lesson_id].value if s.lesson_id in items else 0.0
            if s.lesson_id not in complete or worth < item.value:
                found.append((1, worth, s.id, s))
    return [s for *_, s in sorted(found, key=lambda f: f[:3])]


def _on(template: Session, day: date) -> Session:
    return replace(template, id=f"lesson:{template.lesson_id}:1:{day.isoformat()}", date=day)


def _new(laid: list[Session], new_id: str, state: DayBook) -> Session:
    """Record the added session in the book and return it as laid out."""
    session = next(s for s in laid if s.id == new_id)
    state.origin[session.id] = session.id
    state.order[session.id] = chronological(session)
    return session

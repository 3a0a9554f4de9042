"""The frugal repair: each displaced session costs its own change and few more.

On a packed plan (every day full) the normal repair lets a displaced lesson push its topic on
by a slot, and that chain can cost six times the day's sessions. The frugal repair never starts
a chain; a displaced session, in order:

- goes to free room before its topic's next *other* lesson (a later part of the same lesson may
  come first: it is the same content), so the order of the topic's lessons holds;
- else takes the place of one cheap session of another topic there (two if one is not enough):
  a review, a quiz, or a last lesson worth less; what gave way finds free room within
  `SEARCH_DAYS` or is left out;
- else it is left out (a review or quiz is simply dropped; a lesson is left out for lack of
  time, what a rebuild does to the least valuable work).

A module quiz of the moved lesson's topic that would now come before it moves after it (free
room or left out); a quiz that still follows its lessons keeps its date. `planner.replan`
chooses this repair only when the normal one changes too much and it keeps enough value.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from itertools import combinations

from planner.plan import Reason, Session, SessionKind, chronological
from planner.repair_days import DayBook, Item, moved_id

SEARCH_DAYS = 14  # how far ahead a session with no deadline looks for free room
PAIR_FROM = 6  # two sessions may give way together: from the cheapest few of a day


def place_frugal(
    item: Item, state: DayBook, values: Mapping[str, float], queue: deque[Item]
) -> bool:
    """Place one displaced item frugally (see the module docstring); False when left out."""
    session = item.session
    if session.kind is SessionKind.QUIZ:
        item = replace(item, earliest=max(item.earliest, _after_lessons(item, state)))
    deadline = _deadline(item, state) if session.kind is SessionKind.LESSON else None
    last = (
        deadline.date + timedelta(days=1)
        if deadline is not None
        else item.earliest + timedelta(days=SEARCH_DAYS)
    )
    last = min(last, state.request.profile.exam_date)
    days = [item.earliest + timedelta(days=n) for n in range(max(0, (last - item.earliest).days))]

    def until(day: date) -> Session | None:
        return deadline if deadline is not None and day == deadline.date else None

    may_bump = not item.bumped and session.kind is SessionKind.LESSON
    # A missed lesson is urgent: the first open day, making room there if it must.
    if any(
        _free(item, day, state, until(day), queue)
        or (
            item.urgent
            and may_bump
            and _bump(item, day, state, until(day), values=values, queue=queue)
        )
        for day in days
    ):
        return True
    if not may_bump:
        return False  # what gave way, a review or a quiz: free room or left out
    if any(_bump(item, day, state, until(day), values=values, queue=queue) for day in days):
        return True
    return any(
        _bump(item, day, state, until(day), values=values, queue=queue, pairs=True) for day in days
    )


def _moved(item: Item, day: date) -> Session:
    session = item.session
    reason = Reason.MISSED_LESSON if item.urgent else session.reason_code
    return replace(session, id=moved_id(session, day), date=day, reason_code=reason)


def _free(item: Item, day: date, state: DayBook, until: Session | None, queue: deque[Item]) -> bool:
    """Put the item in free room on `day` (before `until`)."""
    if not state.may_hold(item.session, day):
        return False
    moved = _moved(item, day)
    laid = state.insert(moved, (), until)
    if laid is not None:
        return _settle(item, moved, laid, state, queue)
    # Its topic's quizzes on that day move after it anyway: their room counts.
    own = [
        s
        for s in state.days.get(day, [])
        if s.kind is SessionKind.QUIZ
        and s.topic_id == item.session.topic_id
        and not s.pinned
        and state.order[s.id] > item.order
    ]
    if not own:
        return False
    laid = state.insert(moved, {s.id for s in own}, until)
    return laid is not None and _settle(item, moved, laid, state, queue, dropped=own)


def _bump(
    item: Item,
    day: date,
    state: DayBook,
    until: Session | None,
    *,
    values: Mapping[str, float],
    queue: deque[Item],
    pairs: bool = False,
) -> bool:
    """Put the item on `day` in the place of one cheap session (see `_victims`), or of two
    when `pairs` (worth less together than the item)."""
    if not state.may_hold(item.session, day, slack=True):
        return False
    moved = _moved(item, day)
    value = values.get(item.session.lesson_id or "", 0.0)
    found = _victims(item, day, state, values, value)
    groups: list[tuple[Session, ...]] = [(victim,) for victim in found]
    if pairs:
        groups = [
            group
            for group in combinations(found[:PAIR_FROM], 2)
            if item.urgent or sum(values.get(s.lesson_id or "", 0.0) for s in group) < value
        ]
    for group in groups:
        laid = state.insert(moved, {victim.id for victim in group}, until)
        if laid is None or not _settle(item, moved, laid, state, queue):
            continue
        for victim in group:
            origin, order = state.origin[victim.id], state.order[victim.id]
            nxt = day + timedelta(days=1)
            queue.append(Item(victim, origin, order, nxt, False, bumped=True))
        return True
    return False


def _deadline(item: Item, state: DayBook) -> Session | None:
    """The first later lesson of the item's topic that is another lesson (it must come after
    the item); a later part of the same lesson or a quiz is no deadline (see `_settle`)."""
    lesson = item.session.lesson_id
    later = state.later_of_topic(item)
    return next((s for s in later if s.kind is SessionKind.LESSON and s.lesson_id != lesson), None)


def _after_lessons(item: Item, state: DayBook) -> date:
    """The day after the last lesson of the quiz's topic that comes before it in order."""
    topic, latest = item.session.topic_id, item.earliest - timedelta(days=1)
    for day, sessions in state.days.items():
        if day > latest and any(
            s.topic_id == topic and s.kind is SessionKind.LESSON and state.order[s.id] < item.order
            for s in sessions
        ):
            latest = day
    return latest + timedelta(days=1)


def _victims(
    item: Item, day: date, state: DayBook, values: Mapping[str, float], value: float
) -> list[Session]:
    """What may give way on `day`, cheapest first: other topics' reviews and quizzes, then
    their last lessons worth less than the item (a missed lesson: any last lesson)."""
    topic = item.session.topic_id
    free = [
        s
        for s in state.days.get(day, [])
        if s.topic_id != topic and not s.pinned and s.id not in state.moved
    ]
    small = sorted(
        (s for s in free if s.kind in (SessionKind.REVIEW, SessionKind.QUIZ)),
        key=lambda s: (-s.minutes, s.id),
    )
    lessons = [s for s in free if s.kind is SessionKind.LESSON]
    if not lessons:
        return small
    last = state.last_orders()
    tails = sorted(
        (
            s
            for s in lessons
            if state.is_tail(s, last)
            and (item.urgent or values.get(s.lesson_id or "", 0.0) < value)
        ),
        key=lambda s: (values.get(s.lesson_id or "", 0.0), s.id),
    )
    return [*small, *tails]


def _settle(
    item: Item,
    moved: Session,
    laid: list[Session],
    state: DayBook,
    queue: deque[Item],
    *,
    dropped: Sequence[Session] = (),
) -> bool:
    """Record the item's new place; a quiz of its topic that now comes before it moves after.
    False (nothing recorded) when taking such a quiz off its day leaves three of a subject in
    a row there."""
    quizzes: list[Session] = []
    if moved.kind is SessionKind.LESSON:
        placed = next(s for s in laid if s.id == moved.id)
        when = chronological(placed)[:2]
        quizzes = [
            s
            for s in state.later_of_topic(item)
            if s.kind is SessionKind.QUIZ and chronological(s)[:2] < when
        ]
    quizzes = list({q.id: q for q in [*dropped, *quizzes]}.values())  # `dropped`: not in `laid`
    days = {moved.date: laid}
    for quiz in quizzes:
        rest = days.get(quiz.date, state.days.get(quiz.date, []))
        days[quiz.date] = [s for s in rest if s.id != quiz.id]
    if not all(state.runs_ok(sessions) for sessions in days.values()):
        return False
    for day, sessions in days.items():
        state.set_day(day, sessions)
    state.origin[moved.id], state.order[moved.id] = item.origin, item.order
    state.moved.add(moved.id)
    for quiz in quizzes:
        origin, order = state.origin[quiz.id], state.order[quiz.id]
        after = moved.date + timedelta(days=1)
        queue.append(Item(quiz, origin, order, after, False, bumped=True))
    return True

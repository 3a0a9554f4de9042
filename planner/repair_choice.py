"""Making room on a day during a repair: what may give way (the cheap sessions first, then
the least valuable lessons of other topics, a topic's last lesson before the others) and the
last resort of displacing them."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta

from planner.plan import Reason, Session, SessionKind, chronological
from planner.repair_days import DayBook, Item, moved_id


def small_first(
    item: Item, day: date, state: DayBook, values: Mapping[str, float]
) -> list[Session]:
    """What may give way on `day` at little cost: other topics' reviews and quizzes (they
    find room easily), then other topics' last lessons, least valuable first."""
    small = sorted(
        (
            s
            for s in state.days.get(day, [])
            if s.kind in (SessionKind.REVIEW, SessionKind.QUIZ)
            and s.topic_id != item.session.topic_id
            and not s.pinned
            and s.id not in state.moved
        ),
        key=lambda s: (s.minutes, s.id),
    )
    last = state.last_orders()
    tails = [s for s in candidates(item, day, state, values, None) if state.is_tail(s, last)]
    return [*small, *tails]


def candidates(
    item: Item, day: date, state: DayBook, values: Mapping[str, float], value: float | None
) -> list[Session]:
    """Lessons of other topics on `day` that may give way, least valuable first (only those
    worth less than `value` unless it is None)."""
    found = [
        s
        for s in state.days.get(day, [])
        if s.kind is SessionKind.LESSON
        and not s.pinned
        and s.id not in state.moved
        and s.topic_id != item.session.topic_id
        and (value is None or values.get(s.lesson_id or "", 0.0) < value)
    ]
    if len(found) < 2:
        return found
    last = state.last_orders()
    # A topic's last lesson gives way first: it can be left out without a gap in a topic.
    return sorted(
        found, key=lambda s: (not state.is_tail(s, last), values.get(s.lesson_id or "", 0.0), s.id)
    )


def make_room(
    item: Item, day: date, state: DayBook, values: Mapping[str, float], queue: deque[Item]
) -> bool:
    """Last resort on the day of its topic's next session: other topics' lessons give way
    (least valuable first), then the topic's own later sessions of that day (last first), until
    the item fits; whatever gave way is displaced in turn (its topic shifts on by one slot)."""
    session = item.session
    reason = Reason.MISSED_LESSON if item.urgent else session.reason_code
    moved = replace(session, id=moved_id(session, day), date=day, reason_code=reason)
    own = [s for s in state.later_of_topic(item) if s.date == day]
    if any(s.pinned for s in own):
        return False
    last = state.last_orders()
    lessons = [s for s in candidates(item, day, state, values, None) if not state.is_tail(s, last)]
    order = [*small_first(item, day, state, values), *reversed(own), *lessons]
    out: list[Session] = []
    for victim in order:
        out.append(victim)
        left = [s for s in own if s not in out]
        laid = state.insert(moved, {s.id for s in out}, left[0] if left else None)
        if laid is None:
            continue
        for gone in sorted(out, key=chronological):
            origin, nxt = state.origin[gone.id], day + timedelta(days=1)
            queue.appendleft(Item(gone, origin, state.order[gone.id], nxt, False))
        state.set_day(day, laid)
        state.origin[moved.id], state.order[moved.id] = item.origin, item.order
        state.moved.add(moved.id)
        return True
    return False

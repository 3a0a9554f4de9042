"""Re-planning by repair: keep the plan and move only what can no longer stay where it is.

A day off should move that day's sessions, not rebuild the plan ("54 new, 679 moved, 59
removed"); the re-planner tries this repair first and rebuilds only when it cannot:

- Every future session stays where it is, with its id, unless it became impossible: its lesson
  is done or its topic mastered (removed), or its day no longer holds it (a day off, fewer
  minutes, other windows, the taper): then it is *displaced*. Missed lessons are displaced too.
- A displaced session goes to the first day (from the day after its own, never into the two
  kept days) with free room for it that keeps the rules (`planner.repair_days`) and its
  topic's order (before the topic's next session).
- Else its topic moves on by one slot: it takes the topic's next lesson slot, that content the
  one after, and the topic's last lesson looks for free room up to the exam or the place of a
  less valuable last lesson of another topic, else it is left out (the least valuable go, as
  in a rebuild, and no topic gets a gap). Else a less valuable lesson of another topic gives
  way. A missed lesson is urgent: it goes to the first open day, bumping if it must.
- A review or quiz that finds no room is left out. Anything else makes the repair give up.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from planner.calendar import Day, DayStatus, build_calendar, plan_start
from planner.model import PlanRequest
from planner.plan import Reason, Session, SessionKind, chronological
from planner.priority import Priorities, prioritise
from planner.repair_choice import make_room, small_first
from planner.repair_days import DayBook, Item, moved_id
from planner.repair_frugal import place_frugal
from planner.repair_place import place_last, try_day
from planner.repair_search import search
from planner.repaired import plan_gain

SEARCH_DAYS = 14  # how far ahead a displaced session looks for free room
MAX_STEPS = 400  # a safety bound on the work list; beyond it, rebuild
_MOVABLE = (SessionKind.LESSON, SessionKind.REVIEW, SessionKind.QUIZ)


@dataclass(slots=True)
class Repaired:
    """The repaired future; per original id, where its content went (None: removed)."""

    sessions: list[Session]
    placed: dict[str, Session | None]
    removed: dict[str, str]
    displaced: int = 0  # sessions that could not stay where they were (missed ones included)


def repair(
    request: PlanRequest,
    future: Sequence[Session],
    missed: Sequence[Session],
    removed_reason: Mapping[str, str],
    frozen_until: date,
    *,
    priorities: Priorities | None = None,
    mode: str = "normal",
    per_displaced: int = 0,
    floor: float = 0.0,
) -> Repaired | None:
    """Repair the future plan (see the module docstring), or None when it cannot.

    `future` are the previous plan's future sessions (pinned moves already applied),
    `missed` the past lessons to place again (minutes already cut to what is left), and
    `removed_reason` the future sessions that go for good, with their reason. `mode`
    "frugal" places each displaced session by the rules of `planner.repair_frugal` (no
    chains); "hybrid" tries those first and falls back to the normal rules below; "search"
    looks for the repair with the fewest changes, at most `per_displaced` per displaced session,
    keeping at least `floor` of value (`planner.repair_search`).
    """
    today = plan_start(request.profile, request.now)
    calendar = {d.date: d for d in build_calendar(request.profile, request.now, request.settings)}
    rows = {s.date for s in future if s.kind is SessionKind.BREAK}
    if any(d.status is DayStatus.BREAK and day not in rows for day, d in calendar.items()):
        return None  # the break days changed: a real change, rebuild
    state = DayBook(request, calendar, frozen_until)
    priorities = priorities or prioritise(request)
    values = {item.lesson.id: item.value for item in priorities.queue}
    placed: dict[str, Session | None] = {}
    removed = dict(removed_reason)
    queue: deque[Item] = deque()
    used: dict[date, int] = {}
    for session in sorted(future, key=lambda s: (not s.pinned, chronological(s))):
        if session.id in removed:
            placed[session.id] = None
            continue
        if _stays(session, calendar.get(session.date), used, state, today):
            state.add(session, session.id, chronological(session))
            used[session.date] = used.get(session.date, 0) + session.minutes
            placed[session.id] = session
        elif session.kind in _MOVABLE and not session.pinned:
            nxt = max(frozen_until, session.date + timedelta(days=1))
            queue.append(Item(session, session.id, chronological(session), nxt, False))
        else:
            removed[session.id], placed[session.id] = Reason.REMOVED_IMPOSSIBLE, None
    for session in missed:
        queue.appendleft(Item(session, session.id, chronological(session), frozen_until, True))
    displaced = len(queue)
    if mode == "search":
        everything = [*(s for day in state.days.values() for s in day), *(i.session for i in queue)]
        slack = plan_gain(request, everything, priorities) - floor
        # The budget of the re-planner, less what it counts beyond it (removed as impossible).
        limit = per_displaced * displaced - (len(removed) - len(removed_reason))
        found = search(state, queue, values, limit=limit, slack=slack)
        if found is None:
            return None
        for origin in found.dropped:
            removed[origin], placed[origin] = Reason.REMOVED_NO_TIME, None
        queue.clear()
    steps = 0
    while queue:
        steps += 1
        if steps > MAX_STEPS:
            return None
        item = queue.popleft()
        done: bool | None = True
        if mode == "normal" or not place_frugal(item, state, values, queue):
            done = False if mode == "frugal" else _place(item, state, values, queue)
        if done is None:
            return None
        if done is False:
            removed[item.origin], placed[item.origin] = Reason.REMOVED_NO_TIME, None
    if not all(state.runs_ok(sessions) for sessions in state.days.values()):
        return None  # what gave way left three of a subject in a row somewhere: rebuild
    for sessions in state.days.values():
        for session in sessions:
            placed[state.origin[session.id]] = session
    ordered = sorted(
        (s for sessions in state.days.values() for s in sessions),
        key=lambda s: (s.date, s.start or time.min, s.kind is not SessionKind.BREAK, s.id),
    )
    return Repaired(ordered, placed, removed, displaced)


def _stays(
    session: Session, day: Day | None, used: dict[date, int], state: DayBook, today: date
) -> bool:
    """Whether a future session can stay where it is (its day still holds it)."""
    if session.date < today:
        return False
    others = state.days.get(session.date, [])
    if any(
        s.start_minute < session.end_minute and session.start_minute < s.end_minute
        for s in others
        if s.start is not None and session.start is not None
    ):
        return False
    if session.pinned:
        return True  # the student put it there; the old rule keeps it
    if session.kind is SessionKind.BREAK:
        return day is not None and day.status is DayStatus.BREAK
    if day is None or not day.is_study:
        return False
    if day.status is DayStatus.TAPER and session.kind is not SessionKind.REVIEW:
        return False
    inside = any(
        w.start <= session.start_minute and session.end_minute <= w.end for w in day.windows
    )
    if not inside or used.get(session.date, 0) + session.minutes > day.capacity:
        return False
    return state.runs_ok([*others, session])


def _place(
    item: Item, state: DayBook, values: Mapping[str, float], queue: deque[Item]
) -> bool | None:
    """Place one displaced item; False when it is dropped for lack of time, None to give up."""
    session = item.session
    later = state.later_of_topic(item) if session.kind is not SessionKind.REVIEW else []
    deadline = later[0] if later else None
    last = min(
        deadline.date + timedelta(days=1) if deadline else state.request.profile.exam_date,
        item.earliest + timedelta(days=SEARCH_DAYS),
    )
    days = [item.earliest + timedelta(days=n) for n in range((last - item.earliest).days)]
    value = values.get(session.lesson_id or "", 0.0)

    def until(day: date) -> Session | None:
        # On its topic's next session's day, it must come before that session.
        return deadline if deadline and day == deadline.date else None

    if item.bumped and (deadline is None or deadline.kind is SessionKind.QUIZ):
        # A topic's last lesson that gave way: free room nearby, or it is left out (what a
        # rebuild would leave out too: the least valuable lessons), never a longer chain.
        return place_last(item, state, values, queue)

    for day in days:
        if try_day(item, day, state, until(day), bump=None, queue=queue, values=values):
            return True
        if item.urgent and try_day(
            item, day, state, until(day), bump=-1.0, queue=queue, values=values
        ):
            return True
    if session.kind is SessionKind.LESSON and not item.urgent:
        # Cheapest first: a less valuable last lesson of another topic gives way (it finds
        # free room or is left out); else this topic moves on by one slot.
        for day in days:
            if try_day(
                item, day, state, until(day), bump=value, queue=queue, values=values, tails=True
            ):
                return True
        if _shift_topic(item, state, values, queue):
            return True
    if session.kind is SessionKind.LESSON:
        for day in days:
            if try_day(item, day, state, until(day), bump=value, queue=queue, values=values):
                return True
        if deadline and make_room(item, deadline.date, state, values, queue):
            return True
    if session.kind is not SessionKind.LESSON:
        return False  # a review or a quiz: dropped for lack of time
    if deadline is None:
        # A topic's last lesson: free room further on, or less valuable last lessons give
        # way, else it is left out (never a valuable lesson for lack of a near place).
        return place_last(item, state, values, queue)
    return _topic_to_free_room(item, state, values, queue)


def _topic_to_free_room(
    item: Item, state: DayBook, values: Mapping[str, float], queue: deque[Item]
) -> bool | None:
    """Last resort: the item and the rest of its topic go, in order, to the first free room up
    to the exam; what finds none is left out from there on (the topic's end, so no gap)."""
    own = state.later_of_topic(item)
    if any(s.pinned for s in own):
        return None
    exam = state.request.profile.exam_date
    for session in own:
        state.drop(session)
    contents = [item, *(Item(s, state.origin[s.id], state.order[s.id], s.date, False) for s in own)]
    earliest = item.earliest
    for index, content in enumerate(contents):
        days = [earliest + timedelta(days=n) for n in range((exam - earliest).days)]
        placed = next(
            (
                day
                for day in days
                if try_day(
                    replace(content, earliest=earliest),
                    day,
                    state,
                    None,
                    bump=None,
                    queue=queue,
                    values=values,
                )
            ),
            None,
        )
        if placed is None:
            # Queued with no day left, so each is left out (and recorded as such).
            for rest in contents[max(1, index) :]:
                queue.appendleft(replace(rest, earliest=exam, bumped=True, last=True))
            return index > 0
        earliest = placed
    return True


def _shift_topic(
    item: Item, state: DayBook, values: Mapping[str, float], queue: deque[Item]
) -> bool:
    """The topic moves on by one slot: the item's content takes its topic's next lesson slot,
    that one's content the slot after, and so on; the topic's last lesson then looks for free
    room or is left out (a topic's last lesson, so no gap opens). Undone when a slot cannot
    hold the longer content.

    Other displaced lessons of the topic still waiting (a day off may hold two of one topic)
    join the line in their order, so the topic moves on by as many slots: placed alone, the
    first would push the next lesson past the second, which then has no place before it."""
    chain = [s for s in state.later_of_topic(item) if s.kind is SessionKind.LESSON]
    if not chain or any(s.pinned or s.id in state.moved or s.date < state.frozen for s in chain):
        return False
    topic = item.session.topic_id
    pending = sorted(
        (
            q
            for q in queue
            if q.session.topic_id == topic
            and q.session.kind is SessionKind.LESSON
            and not q.urgent
            and item.order < q.order < state.order[chain[0].id]
        ),
        key=lambda q: q.order,
    )
    saved = ({d: list(v) for d, v in state.days.items()}, set(state.moved))
    waiting: deque[Item] = deque([item, *pending])
    gave_way: list[Item] = []
    previous: date | None = None
    for slot in chain:
        while (
            previous is not None
            and waiting
            and _free_before(waiting[0], previous, slot, state, values=values, queue=queue)
        ):
            waiting.popleft()  # the content that gave way found free room before this slot
        if not waiting:
            break
        content = waiting.popleft()
        moved = replace(content.session, id=moved_id(content.session, slot.date), date=slot.date)
        laid, gone = state.place_at(moved, slot), None
        for other in [] if laid is not None else small_first(content, slot.date, state, values):
            laid, gone = state.place_at(moved, slot, {other.id}), other
            if laid is not None:
                break
        if laid is None:
            state.days, state.moved = saved
            state.version += 1
            return False
        if gone is not None:  # a review, quiz or last lesson gave way for the longer content
            nxt_day = slot.date + timedelta(days=1)
            origin, order = state.origin[gone.id], state.order[gone.id]
            gave_way.append(Item(gone, origin, order, nxt_day, False, bumped=True))
        state.set_day(slot.date, laid)
        state.origin[moved.id], state.order[moved.id] = content.origin, content.order
        state.moved.add(moved.id)
        waiting.append(Item(slot, state.origin[slot.id], state.order[slot.id], slot.date, False))
        previous = slot.date
    for joined in pending:
        queue.remove(joined)
    queue.extend(gave_way)
    following = chain[-1].date + timedelta(days=1)
    for rest in reversed(waiting):
        queue.appendleft(replace(rest, earliest=max(following, rest.earliest), bumped=True))
    return True


def _free_before(
    item: Item,
    after: date,
    slot: Session,
    state: DayBook,
    *,
    values: Mapping[str, float],
    queue: deque[Item],
) -> bool:
    """Put the item in free room from the day after `after` up to `slot` (before it)."""
    days = [after + timedelta(days=n) for n in range(1, (slot.date - after).days + 1)]
    return any(
        try_day(
            item,
            day,
            state,
            slot if day == slot.date else None,
            bump=None,
            queue=queue,
            values=values,
        )
        for day in days
        if day >= state.frozen
    )

"""Putting one displaced session on a day during a repair, and where a topic's last lesson
goes when it gave way: free room up to the exam, else the place of less valuable last lessons
of other topics (the least valuable work goes, as in a rebuild, and no topic gets a gap)."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta

from planner.plan import Reason, Session, SessionKind
from planner.repair_choice import candidates
from planner.repair_days import DayBook, Item, moved_id


def try_day(
    item: Item,
    day: date,
    state: DayBook,
    until: Session | None,
    *,
    bump: float | None,
    queue: deque[Item],
    values: Mapping[str, float],
    tails: bool = False,
) -> bool:
    """Put the item on `day` (before `until`): in free room when `bump` is None, else making
    room with another topic's least valuable lesson worth less than `bump` (-1: any)."""
    session = item.session
    if not state.may_hold(session, day, slack=bump is not None):
        return False  # a quick look first: most days of a full plan have no room at all
    reason = Reason.MISSED_LESSON if item.urgent else session.reason_code
    moved = replace(session, id=moved_id(session, day), date=day, reason_code=reason)
    victims: list[Session | None] = [None]
    if bump is not None:
        found = candidates(item, day, state, values, None if bump < 0 else bump)
        last = state.last_orders() if found and tails else {}
        victims = [v for v in found if not tails or state.is_tail(v, last)]
    for victim in victims:
        laid = state.insert(moved, {victim.id} if victim else (), until)
        if laid is None:
            continue
        if victim is not None:
            following = day + timedelta(days=1)
            origin, order = state.origin[victim.id], state.order[victim.id]
            queue.append(Item(victim, origin, order, following, False, bumped=True))
        _settle(item, moved, laid, state)
        return True
    return False


def place_last(item: Item, state: DayBook, values: Mapping[str, float], queue: deque[Item]) -> bool:
    """A topic's last lesson that has no place near: the first free room up to the exam, else
    the place of other topics' less valuable last lessons (which may still find free room),
    else it is left out. So the lessons left out are the least valuable, as in a rebuild.

    Several last lessons of one day may give way together (a long lesson needs their room),
    as long as they are worth less together; the day with the fewest that do, then the least
    value lost, is chosen: each one that gives way is a change the student reads."""
    exam = state.request.profile.exam_date
    days = [item.earliest + timedelta(days=n) for n in range((exam - item.earliest).days)]
    free = (try_day(item, d, state, None, bump=None, queue=queue, values=values) for d in days)
    if any(free):
        return True
    if item.last:
        return False
    value = values.get(item.session.lesson_id or "", 0.0)
    ends = _topic_ends(state)
    best: tuple[int, float, date, list[Session], list[Session]] | None = None
    for day in days:
        tails = sorted(
            (
                s
                for s in state.days.get(day, [])
                if s.kind is SessionKind.LESSON
                and not s.pinned
                and s.id not in state.moved
                and s.topic_id != item.session.topic_id
                and values.get(s.lesson_id or "", 0.0) < value
                and s.id in ends
            ),
            key=lambda s: (values.get(s.lesson_id or "", 0.0), len(ends[s.id]), s.id),
        )
        out: list[Session] = []
        lost = 0.0
        for victim in tails:
            out.extend([victim, *ends[victim.id]])
            lost += values.get(victim.lesson_id or "", 0.0)
            if lost >= value or (best is not None and (len(out), lost) >= best[:2]):
                break
            moved = replace(item.session, id=moved_id(item.session, day), date=day)
            laid = state.insert(moved, {s.id for s in out})
            if laid is not None:
                best = (len(out), lost, day, list(out), laid)
                break
    if best is None:
        return False
    _, _, day, out, laid = best
    exam_day = state.request.profile.exam_date
    for gone in out:
        origin, order = state.origin[gone.id], state.order[gone.id]
        # A lesson that gave way may still find free room; the quiz of its module goes with it
        # (the module is no longer complete), queued with no day left so it is left out.
        earliest = day if gone.kind is SessionKind.LESSON else exam_day
        if gone.date != day:
            state.drop(gone)
        queue.appendleft(Item(gone, origin, order, earliest, False, bumped=True, last=True))
    _settle(item, replace(item.session, id=moved_id(item.session, day), date=day), laid, state)
    return True


def _topic_ends(state: DayBook) -> dict[str, list[Session]]:
    """Each topic's last lesson (by id), with the quizzes of its topic that come after it."""
    last: dict[str | None, Session] = {}
    quizzes: dict[str | None, list[Session]] = {}
    for sessions in state.days.values():
        for s in sessions:
            if s.kind is SessionKind.LESSON:
                if s.topic_id not in last or state.order[s.id] > state.order[last[s.topic_id].id]:
                    last[s.topic_id] = s
            elif s.kind is SessionKind.QUIZ:
                quizzes.setdefault(s.topic_id, []).append(s)
    return {
        lesson.id: [q for q in quizzes.get(topic, []) if state.order[q.id] > state.order[lesson.id]]
        for topic, lesson in last.items()
    }


def _settle(item: Item, moved: Session, laid: list[Session], state: DayBook) -> None:
    """Record the item's new place: its day laid out anew, where its content came from."""
    state.set_day(moved.date, laid)
    state.origin[moved.id], state.order[moved.id] = item.origin, item.order
    state.moved.add(moved.id)

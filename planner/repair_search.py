"""A searching repair: a small bounded search for a repair within the budget of changes.

The greedy repairs (`planner.repair`, `planner.repair_frugal`) place displaced sessions one at
a time by fixed rules; on a packed calendar their chains can change more than the re-planner
allows (`CHANGES_PER_DISPLACED` per displaced session). This search tries, depth first and
cheapest first, for each displaced session in turn:

- free room on a day from its earliest day up to its topic's next session (before it);
- leaving it out: a review or a quiz always, a lesson only when nothing of its topic comes
  after it (no topic gets a gap), losing its value;
- a place on such a day where one or two sessions give way (never pinned ones, never one this
  repair already moved, never one of its own topic that comes before it); those are displaced
  in turn, from the day after.

Every place is checked by the day's rules (`planner.repair_days.DayBook`: windows,
availability, the gap, never three of a subject in a row, the two kept days, the taper), so
nothing lands on a day off and every move changes the date. A branch is cut when its changes
reach the best found or the budget, or its lost value passes what the floor allows; the whole
search stops after `NODE_LIMIT` places tried, so a re-plan stays fast, and a repair with more
than `MAX_DISPLACED` displaced sessions (the nightly run's weeks of missed lessons, where so
small a search cannot reach the end) is not searched. The best result has the fewest changes,
then the most value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import combinations

from planner.plan import Reason, Session, SessionKind
from planner.repair_days import DayBook, Item, moved_id

NODE_LIMIT = 1500  # places tried before the search gives up (a re-plan stays fast)
WINDOW_DAYS = 14  # how far past its earliest day a displaced session looks
MAX_DISPLACED = 6  # more displaced sessions (a week of missed lessons) are not searched
PAIR_DAY_LIMIT = 8  # days with more sessions than this try only one session giving way
_MOVABLE = (SessionKind.LESSON, SessionKind.REVIEW, SessionKind.QUIZ)


@dataclass(slots=True)
class Found:
    """The best repair found: the days, what was left out, its changes and value lost."""

    days: dict[date, list[Session]]
    dropped: list[str]  # origins left out
    changes: int
    lost: float


class _Search:
    """One search over the displaced sessions of a repair (see the module docstring)."""

    def __init__(
        self, state: DayBook, values: Mapping[str, float], limit: int, slack: float
    ) -> None:
        self.state, self.values, self.limit, self.slack = state, values, limit, slack
        self.nodes = 0
        self.best: Found | None = None

    def run(self, pending: list[Item], changes: int, lost: float, dropped: list[str]) -> None:
        """Place `pending[0]`, then the rest, recording the best complete repair."""
        if self.nodes > NODE_LIMIT:
            return
        bound = self.best.changes if self.best is not None else self.limit + 1
        if changes + len(pending) >= bound and not (
            changes + len(pending) == bound and self.best is not None and lost < self.best.lost
        ):
            return
        if not pending:
            if all(self.state.runs_ok(day) for day in self.state.days.values()):
                self.best = Found(dict(self.state.days), list(dropped), changes, lost)
            return
        item, rest = pending[0], pending[1:]
        for kind, day, victims in self._options(item, rest):
            self.nodes += 1
            if self.nodes > NODE_LIMIT:
                return
            if kind == "drop":
                value = self._value(item.session)
                if lost + value <= self.slack:
                    self.run(rest, changes + 1, lost + value, [*dropped, item.origin])
                continue
            undo = self._place(item, day, victims)
            if undo is None:
                continue
            bumped = [
                Item(v, self.state.origin[v.id], self.state.order[v.id], v.date + timedelta(1),
                     False, bumped=True)
                for v in victims
            ]  # fmt: skip
            self.run([*rest, *bumped], changes + 1, lost, dropped)
            self.state.days, self.state.moved = undo
            self.state.version += 1

    def _value(self, session: Session) -> float:
        return self.values.get(session.lesson_id or "", 0.0) if session.lesson_id else 0.0

    def _options(
        self, item: Item, rest: Sequence[Item]
    ) -> list[tuple[str, date, tuple[Session, ...]]]:
        """What may be done with the item, cheapest first (`rest`: the items still waiting)."""
        state, session = self.state, item.session
        later = state.later_of_topic(item) if session.kind is not SessionKind.REVIEW else []
        deadline = later[0] if later else None
        exam = state.request.profile.exam_date
        end = min(
            deadline.date + timedelta(days=1) if deadline else exam,
            item.earliest + timedelta(days=WINDOW_DAYS),
        )
        days = [item.earliest + timedelta(days=n) for n in range((end - item.earliest).days)]
        days = [d for d in days if state.may_hold(session, d, slack=True)]
        free = [("place", d, ()) for d in days if state.may_hold(session, d)]
        options: list[tuple[str, date, tuple[Session, ...]]] = list(free)
        if deadline is None:
            # Nothing of its topic after it: the first free room up to the exam will do.
            far = (end + timedelta(days=n) for n in range(max(0, (exam - end).days)))
            first = next((d for d in far if state.may_hold(session, d)), None)
            if first is not None:
                options.append(("place", first, ()))
        topic = session.topic_id
        tail = deadline is None and not any(
            i.session.topic_id == topic and i.session.kind is not SessionKind.REVIEW
            and i.order > item.order
            for i in rest
        )  # fmt: skip
        if session.kind is not SessionKind.LESSON or tail:
            options.append(("drop", item.earliest, ()))
        for day in days:
            victims = self._victims(item, day)
            options.extend(("place", day, (v,)) for v in victims)
            if len(state.days.get(day, [])) <= PAIR_DAY_LIMIT:
                options.extend(("place", day, pair) for pair in combinations(victims, 2))
        return options

    def _victims(self, item: Item, day: date) -> list[Session]:
        """Sessions of `day` that may give way to the item, the cheap ones first."""
        state = self.state
        found = [
            s
            for s in state.days.get(day, [])
            if s.kind in _MOVABLE
            and not s.pinned
            and s.id not in state.moved
            and (s.topic_id != item.session.topic_id or state.order[s.id] > item.order)
        ]
        return sorted(found, key=lambda s: (s.kind is SessionKind.LESSON, self._value(s), s.id))

    def _place(
        self, item: Item, day: date, victims: Sequence[Session]
    ) -> tuple[dict[date, list[Session]], set[str]] | None:
        """Put the item on `day` with `victims` giving way; the state to go back to, or None."""
        state, session = self.state, item.session
        gone = {v.id for v in victims}
        until = next(
            (
                s
                for s in state.later_of_topic(item)
                if s.id not in gone and session.kind is not SessionKind.REVIEW
            ),
            None,
        )
        if until is not None and until.date < day:
            return None
        before = [
            s
            for d in state.days.values()
            for s in d
            if s.topic_id == session.topic_id
            and s.kind in (SessionKind.LESSON, SessionKind.QUIZ)
            and state.order[s.id] < item.order
            and s.date >= day
        ]
        if session.kind is not SessionKind.REVIEW and any(s.date > day for s in before):
            return None  # a session of its topic that comes before it stays before it
        reason = Reason.MISSED_LESSON if item.urgent else session.reason_code
        moved = replace(session, id=moved_id(session, day), date=day, reason_code=reason)
        laid = state.insert(moved, gone, until if until is not None and until.date == day else None)
        if laid is None:
            return None
        if session.kind is not SessionKind.REVIEW and before:
            starts = {s.id: s.start_minute for s in laid}
            mine = starts[moved.id]
            if any(starts.get(s.id, -1) > mine for s in before):
                return None
        undo = (dict(state.days), set(state.moved))
        state.set_day(day, laid)
        state.origin[moved.id], state.order[moved.id] = item.origin, item.order
        state.moved.add(moved.id)
        return undo


def search(
    state: DayBook,
    queue: Sequence[Item],
    values: Mapping[str, float],
    *,
    limit: int,
    slack: float,
) -> Found | None:
    """The repair of the displaced sessions `queue` with the fewest changes (at most `limit`),
    losing at most `slack` of value; None when the bounded search finds none. `state` ends
    holding the best repair's days."""
    if len(queue) > MAX_DISPLACED:
        return None
    start = (dict(state.days), set(state.moved))
    finder = _Search(state, values, limit, slack)
    finder.run(sorted(queue, key=lambda i: (not i.urgent, i.order)), 0, 0.0, [])
    if finder.best is None:
        state.days, state.moved = start
        state.version += 1
        return None
    state.days = finder.best.days
    state.version += 1
    return finder.best

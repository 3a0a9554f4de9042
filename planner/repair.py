"""Re-planning by repair: keep the plan and move only what can no longer stay where it is.

A day off should move that day's sessions, not rebuild the plan ("54 new, 679 moved, 59
removed"); the re-planner tries this repair first and rebuilds only when it cannot:

- Every future session stays where it is, with its id, unless it became impossible: its lesson
  is done or its topic mastered (removed), or its day no longer holds it (a day off, fewer
  minutes, other windows, the taper): then it is *displaced*. Missed lessons are displaced too.
- A displaced session goes to the first day (from the day after its own, never into the two
  kept days) with free room for it that keeps the rules: windows, availability, no overlap,
  the gap between sessions, never three of a subject in a row, a topic's sessions in order.
- Else it takes the place of a less valuable lesson of another topic, which moves on in turn;
  else, on its topic's next day, others give way (that topic shifts by one slot). A missed
  lesson is urgent: it goes to the first open day, bumping if it must.
- A review or quiz that finds no room, and the last lesson of a topic that finds none, are
  removed for lack of time. Anything else that finds no room makes the repair give up.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from planner.calendar import Day, DayStatus, build_calendar, plan_start
from planner.model import PlanRequest
from planner.plan import Reason, Session, SessionKind, chronological
from planner.priority import prioritise
from planner.slots import carve

SEARCH_DAYS = 14  # how far ahead a displaced session looks for free room
MAX_STEPS = 400  # a safety bound on the work list; beyond it, rebuild
_MOVABLE = (SessionKind.LESSON, SessionKind.REVIEW, SessionKind.QUIZ)
_Order = tuple[date, time, str]


@dataclass(slots=True)
class Repaired:
    """The repaired future; per original id, where its content went (None: removed)."""

    sessions: list[Session]
    placed: dict[str, Session | None]
    removed: dict[str, str]


@dataclass(frozen=True, slots=True)
class _Item:
    session: Session  # the content to place (date/start still the old ones)
    origin: str  # id of the original session this content came from
    order: _Order  # its place in the topic's sequence (the original chronological key)
    earliest: date
    urgent: bool


class _State:
    """The sessions of every day while the repair works, and the rules a day must keep."""

    def __init__(self, request: PlanRequest, calendar: Mapping[date, Day], frozen: date) -> None:
        self.request, self.calendar, self.frozen = request, calendar, frozen
        self.days: dict[date, list[Session]] = {}
        self.origin: dict[str, str] = {}  # current session id -> original id
        self.order: dict[str, _Order] = {}  # current session id -> topic order key
        self.moved: set[str] = set()  # ids placed by this repair (never bumped again)
        weights = request.curriculum.test_weights
        counted = {t.subject_id for t in request.curriculum.topics if weights.get(t.test_id, 0) > 0}
        self.by_topic = len(counted) < 2
        self.gap = request.settings.gap_minutes

    def add(self, session: Session, origin: str, order: _Order) -> None:
        """Put a session on its day."""
        self.days.setdefault(session.date, []).append(session)
        self.days[session.date].sort(key=lambda s: s.start_minute)
        self.origin[session.id], self.order[session.id] = origin, order

    def later_of_topic(self, item: _Item) -> list[Session]:
        """Sessions (lessons, quizzes) of the item's topic that must stay after it."""
        topic = item.session.topic_id
        found = [
            s
            for sessions in self.days.values()
            for s in sessions
            if s.topic_id == topic
            and s.kind in (SessionKind.LESSON, SessionKind.QUIZ)
            and self.order[s.id] > item.order
        ]
        return sorted(found, key=chronological)

    def fits(
        self,
        session: Session,
        day: date,
        without: Collection[str] = (),
        before: int | None = None,
    ) -> time | None:
        """The earliest start at which `session` fits on `day` by every rule (ending before
        minute `before` when given), leaving out the sessions `without`; else None."""
        info = self.calendar.get(day)
        if info is None or not info.is_study or day < self.frozen:
            return None
        if info.status is DayStatus.TAPER and session.kind is not SessionKind.REVIEW:
            return None
        others = [s for s in self.days.get(day, []) if s.id not in without]
        if any(s.kind is SessionKind.BREAK for s in others):
            return None
        if any(s.id == session.id for s in others):
            return None  # a second review of one topic on one day is no use
        if sum(s.minutes for s in others) + session.minutes > info.capacity:
            return None
        reserved = [(s.start_minute - self.gap, s.end_minute + self.gap) for s in others]
        for segment in carve(info.windows, reserved):
            if segment.end - segment.start < session.minutes:
                continue
            if before is not None and segment.start + session.minutes + self.gap > before:
                continue
            start = time(segment.start // 60, segment.start % 60)
            if self.runs_ok([*others, replace(session, date=day, start=start)]):
                return start
        return None

    def insert(
        self, session: Session, without: Collection[str] = (), until: Session | None = None
    ) -> list[Session] | None:
        """The day of `session` with it added (before `until` when given), leaving out
        `without`; None when no order keeps the rules. Free room is used first; else the day
        is laid out again front to back, since a new start on the same day is no change for
        the student (a day with a pinned session keeps its times)."""
        day = session.date
        others = [s for s in self.days.get(day, []) if s.id not in without]
        limit = until.start_minute if until is not None else None
        start = self.fits(session, day, without, before=limit)
        if start is not None:
            return sorted([*others, replace(session, start=start)], key=_by_start)
        info = self.calendar.get(day)
        if info is None or not info.is_study or day < self.frozen or any(s.pinned for s in others):
            return None
        if info.status is DayStatus.TAPER and session.kind is not SessionKind.REVIEW:
            return None
        if any(s.kind is SessionKind.BREAK or s.id == session.id for s in others):
            return None
        if sum(s.minutes for s in others) + session.minutes > info.capacity:
            return None
        ids = [s.id for s in others]
        stop = ids.index(until.id) if until is not None and until.id in ids else len(others)
        for position in range(stop + 1):
            laid = self._lay_out([*others[:position], session, *others[position:]], info)
            if laid is not None and self.runs_ok(laid):
                return laid
        return None

    def _lay_out(self, sessions: Sequence[Session], info: Day) -> list[Session] | None:
        """Start times front to back in the day's windows, with the gap after each session."""
        windows = sorted(info.windows, key=lambda w: w.start)
        index, cursor, laid = 0, windows[0].start if windows else 0, []
        for session in sessions:
            while index < len(windows) and cursor + session.minutes > windows[index].end:
                index += 1
                if index < len(windows):
                    cursor = max(cursor, windows[index].start)
            if index >= len(windows):
                return None
            laid.append(replace(session, start=time(cursor // 60, cursor % 60)))
            cursor += session.minutes + self.gap
        return laid

    def set_day(self, day: date, sessions: Sequence[Session]) -> None:
        """Replace a day's sessions (ids and origins unchanged, starts new)."""
        self.days[day] = sorted(sessions, key=_by_start)

    def runs_ok(self, sessions: Sequence[Session]) -> bool:
        """Never three sessions of one subject (one topic on a one-subject track) in a row."""
        last, run = None, 0
        for session in sorted(sessions, key=lambda s: s.start_minute):
            if session.subject_id is None:
                last, run = None, 0
                continue
            key = session.topic_id if self.by_topic else session.subject_id
            run = run + 1 if key == last else 1
            last = key
            if run > 2:
                return False
        return True


def _by_start(session: Session) -> int:
    return session.start_minute


def _moved_id(session: Session, day: date) -> str:
    """The id a session gets on its new day (ids name their date; see `planner.output`)."""
    if session.kind is SessionKind.LESSON:
        return f"lesson:{session.lesson_id}:{session.part}:{day.isoformat()}"
    return f"{session.id.rsplit(':', 1)[0]}:{day.isoformat()}"


def repair(
    request: PlanRequest,
    future: Sequence[Session],
    missed: Sequence[Session],
    removed_reason: Mapping[str, str],
    frozen_until: date,
) -> Repaired | None:
    """Repair the future plan (see the module docstring), or None when it cannot.

    `future` are the previous plan's future sessions (pinned moves already applied),
    `missed` the past lessons to place again (minutes already cut to what is left), and
    `removed_reason` the future sessions that go for good, with their reason.
    """
    today = plan_start(request.profile, request.now)
    calendar = {d.date: d for d in build_calendar(request.profile, request.now, request.settings)}
    rows = {s.date for s in future if s.kind is SessionKind.BREAK}
    if any(d.status is DayStatus.BREAK and day not in rows for day, d in calendar.items()):
        return None  # the break days changed: a real change, rebuild
    state = _State(request, calendar, frozen_until)
    values = {item.lesson.id: item.value for item in prioritise(request).queue}
    placed: dict[str, Session | None] = {}
    removed = dict(removed_reason)
    queue: deque[_Item] = deque()
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
            queue.append(_Item(session, session.id, chronological(session), nxt, False))
        else:
            removed[session.id], placed[session.id] = Reason.REMOVED_IMPOSSIBLE, None
    for session in missed:
        queue.appendleft(_Item(session, session.id, chronological(session), frozen_until, True))
    steps = 0
    while queue:
        steps += 1
        if steps > MAX_STEPS:
            return None
        item = queue.popleft()
        done = _place(item, state, values, queue)
        if done is None:
            return None
        if done is False:
            removed[item.origin], placed[item.origin] = Reason.REMOVED_NO_TIME, None
    for sessions in state.days.values():
        for session in sessions:
            placed[state.origin[session.id]] = session
    ordered = sorted(
        (s for sessions in state.days.values() for s in sessions),
        key=lambda s: (s.date, s.start or time.min, s.kind is not SessionKind.BREAK, s.id),
    )
    return Repaired(ordered, placed, removed)


def _stays(
    session: Session, day: Day | None, used: dict[date, int], state: _State, today: date
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
    item: _Item, state: _State, values: Mapping[str, float], queue: deque[_Item]
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

    for day in days:
        if _try(item, day, state, until(day), bump=None, queue=queue, values=values):
            return True
        if item.urgent and _try(
            item, day, state, until(day), bump=-1.0, queue=queue, values=values
        ):
            return True
    if session.kind is SessionKind.LESSON:
        for day in days:
            if _try(item, day, state, until(day), bump=value, queue=queue, values=values):
                return True
        if deadline and _make_room(item, deadline.date, state, values, queue):
            return True
    if deadline is None or session.kind is not SessionKind.LESSON:
        return False  # a review, a quiz or a topic's last lesson: dropped for lack of time
    return None


def _try(
    item: _Item,
    day: date,
    state: _State,
    until: Session | None,
    *,
    bump: float | None,
    queue: deque[_Item],
    values: Mapping[str, float],
) -> bool:
    """Put the item on `day` (before `until`): in free room when `bump` is None, else making
    room with another topic's least valuable lesson worth less than `bump` (-1: any)."""
    session = item.session
    reason = Reason.MISSED_LESSON if item.urgent else session.reason_code
    moved = replace(session, id=_moved_id(session, day), date=day, reason_code=reason)
    victims: list[Session | None] = [None]
    if bump is not None:
        victims = list(_candidates(item, day, state, values, None if bump < 0 else bump))
    for victim in victims:
        laid = state.insert(moved, {victim.id} if victim else (), until)
        if laid is None:
            continue
        if victim is not None:
            following = day + timedelta(days=1)
            origin, order = state.origin[victim.id], state.order[victim.id]
            queue.append(_Item(victim, origin, order, following, False))
        state.set_day(day, laid)
        state.origin[moved.id], state.order[moved.id] = item.origin, item.order
        state.moved.add(moved.id)
        return True
    return False


def _make_room(
    item: _Item, day: date, state: _State, values: Mapping[str, float], queue: deque[_Item]
) -> bool:
    """Last resort on the day of its topic's next session: other topics' lessons give way
    (least valuable first), then the topic's own later sessions of that day (last first), until
    the item fits; whatever gave way is displaced in turn (its topic shifts on by one slot)."""
    session = item.session
    reason = Reason.MISSED_LESSON if item.urgent else session.reason_code
    moved = replace(session, id=_moved_id(session, day), date=day, reason_code=reason)
    own = [s for s in state.later_of_topic(item) if s.date == day]
    if any(s.pinned for s in own):
        return False
    small = [
        s
        for s in state.days.get(day, [])
        if s.kind in (SessionKind.REVIEW, SessionKind.QUIZ) and s not in own and not s.pinned
    ]
    order = [*_candidates(item, day, state, values, None), *reversed(own), *small]
    out: list[Session] = []
    for victim in order:
        out.append(victim)
        left = [s for s in own if s not in out]
        laid = state.insert(moved, {s.id for s in out}, left[0] if left else None)
        if laid is None:
            continue
        for gone in sorted(out, key=chronological):
            origin, nxt = state.origin[gone.id], day + timedelta(days=1)
            queue.appendleft(_Item(gone, origin, state.order[gone.id], nxt, False))
        state.set_day(day, laid)
        state.origin[moved.id], state.order[moved.id] = item.origin, item.order
        state.moved.add(moved.id)
        return True
    return False


def _candidates(
    item: _Item, day: date, state: _State, values: Mapping[str, float], value: float | None
) -> list[Session]:
    """Lessons of other topics on `day` that may give way, least valuable first (only those
    worth less than `value` unless it is None)."""
    return sorted(
        (
            s
            for s in state.days.get(day, [])
            if s.kind is SessionKind.LESSON
            and not s.pinned
            and s.id not in state.moved
            and s.topic_id != item.session.topic_id
            and (value is None or values.get(s.lesson_id or "", 0.0) < value)
        ),
        key=lambda s: (values.get(s.lesson_id or "", 0.0), s.id),
    )

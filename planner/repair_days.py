"""The days of a plan while `planner.repair` works on it: what each day holds and its rules.

A day keeps its windows and availability, no overlaps with the gap after each session, and
never three sessions of one subject (one topic on a one-subject track) in a row. A day may be
laid out again front to back: a new start on the same day is no change for the student.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, time

from planner.calendar import Day, DayStatus
from planner.model import PlanRequest
from planner.plan import Session, SessionKind, chronological
from planner.slots import carve

Order = tuple[date, time, str]


@dataclass(frozen=True, slots=True)
class Item:
    """A displaced session waiting for a place."""

    session: Session  # the content to place (date/start still the old ones)
    origin: str  # id of the original session this content came from
    order: Order  # its place in the topic's sequence (the original chronological key)
    earliest: date
    urgent: bool
    bumped: bool = False  # it gave way to another session
    last: bool = False  # it gave way to a more valuable last lesson: free room or left out


class DayBook:
    """The sessions of every day while the repair works, and the rules a day must keep."""

    def __init__(self, request: PlanRequest, calendar: Mapping[date, Day], frozen: date) -> None:
        self.request, self.calendar, self.frozen = request, calendar, frozen
        self.days: dict[date, list[Session]] = {}
        self.origin: dict[str, str] = {}  # current session id -> original id
        self.order: dict[str, Order] = {}  # current session id -> topic order key
        self.moved: set[str] = set()  # ids placed by this repair (never bumped again)
        weights = request.curriculum.test_weights
        counted = {t.subject_id for t in request.curriculum.topics if weights.get(t.test_id, 0) > 0}
        self.by_topic = len(counted) < 2
        self.gap = request.settings.gap_minutes
        self.version = 0  # bumped on every change of `days`, so `last_orders` can be cached
        self._last: tuple[int, dict[str | None, Order]] = (-1, {})

    def add(self, session: Session, origin: str, order: Order) -> None:
        """Put a session on its day."""
        self.days.setdefault(session.date, []).append(session)
        self.days[session.date].sort(key=lambda s: s.start_minute)
        self.origin[session.id], self.order[session.id] = origin, order
        self.version += 1

    def drop(self, session: Session) -> None:
        """Take a session off its day."""
        self.days[session.date] = [s for s in self.days[session.date] if s.id != session.id]
        self.version += 1

    def is_tail(self, session: Session, last: dict[str | None, Order] | None = None) -> bool:
        """Whether nothing of the session's topic (lesson, quiz) comes after it; `last` is
        `last_orders()` when many sessions are asked about between two changes."""
        order = self.order[session.id]
        return order >= (last if last is not None else self.last_orders()).get(
            session.topic_id, order
        )

    def last_orders(self) -> dict[str | None, Order]:
        """The order key of each topic's last lesson or quiz (one pass over the days, so
        asking `is_tail` of many sessions does not scan every day for each); cached until
        the days change."""
        if self._last[0] == self.version:
            return self._last[1]
        last: dict[str | None, Order] = {}
        for sessions in self.days.values():
            for s in sessions:
                if s.kind in (SessionKind.LESSON, SessionKind.QUIZ):
                    order = self.order[s.id]
                    if s.topic_id not in last or order > last[s.topic_id]:
                        last[s.topic_id] = order
        self._last = (self.version, last)
        return last

    def later_of_topic(self, item: Item) -> list[Session]:
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

    def may_hold(self, session: Session, day: date, *, slack: bool = False) -> bool:
        """A quick look before the exact one (`insert`): whether `day` is open to the session
        and, unless `slack` (something may give way), has the minutes left for it."""
        info = self.calendar.get(day)
        if info is None or not info.is_study or day < self.frozen:
            return False
        if info.status is DayStatus.TAPER and session.kind is not SessionKind.REVIEW:
            return False
        if slack:
            return True
        return sum(s.minutes for s in self.days.get(day, [])) + session.minutes <= info.capacity

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
            return sorted([*others, replace(session, start=start)], key=by_start)
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

    def place_at(
        self, session: Session, slot: Session, without: Collection[str] = ()
    ) -> list[Session] | None:
        """The slot's day with `session` in the slot's place (same topic, so the run rule
        holds), leaving out `without`; a longer session re-lays the day. None when it does not
        fit."""
        day = [s for s in self.days.get(slot.date, []) if s.id not in without]
        # The slot as it is now (re-laying its day may have given it a new start).
        slot = next((s for s in day if s.id == slot.id), slot)
        others = [s for s in day if s.id != slot.id]
        info = self.calendar.get(slot.date)
        if info is None or any(s.id == session.id for s in others):
            return None
        if session.minutes <= slot.minutes:
            kept = sorted([*others, replace(session, start=slot.start)], key=by_start)
            return kept if self.runs_ok(kept) else None
        if any(s.pinned for s in others):
            return None
        if sum(s.minutes for s in others) + session.minutes > info.capacity:
            return None
        index = [s.id for s in day].index(slot.id)
        laid = self._lay_out([*others[:index], session, *others[index:]], info)
        return laid if laid is not None and self.runs_ok(laid) else None

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
        self.days[day] = sorted(sessions, key=by_start)
        self.version += 1

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


def by_start(session: Session) -> int:
    """Sort key: the start minute."""
    return session.start_minute


def moved_id(session: Session, day: date) -> str:
    """The id a session gets on its new day (ids name their date; see `planner.output`)."""
    if session.kind is SessionKind.LESSON:
        return f"lesson:{session.lesson_id}:{session.part}:{day.isoformat()}"
    return f"{session.id.rsplit(':', 1)[0]}:{day.isoformat()}"

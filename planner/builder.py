"""Build a plan day by day: practice and reviews first, then the most valuable lessons.

Each study day: fixed sessions (kept or pinned by a re-plan) and a mock exam are reserved
first; the rest of the day's windows is filled front to back. At every step the candidates
are, in this order of preference: due reviews (capped at `review_share` of the day, except a
topic's first review after it was learned), module quizzes, then the next lessons of the
first `lookahead` eligible topics in rank order. The first candidate that fits and does not
make a third session of the same subject in a row (of the same topic, when the track has a
single subject) wins, except that a candidate of the other
kind (quantitative vs verbal) is preferred when the track has both. When nothing in the
look-ahead fits the time left, any eligible lesson that fits fills it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from planner.calendar import Day, DayStatus, build_calendar, plan_start
from planner.model import PlanRequest
from planner.output import Draft, assemble
from planner.plan import Plan, Reason, Session, SessionKind
from planner.practice import MockSlot, plan_mocks, quiz_minutes
from planner.priority import prioritise
from planner.progress import LessonState, Progress, TopicState, part_minutes
from planner.reviews import ReviewTracker
from planner.slots import DaySlots, carve, find_block


@dataclass(slots=True)
class _Quiz:
    available_from: date
    topic_id: str
    subject_id: str
    module: int
    lessons: int
    minutes: int


@dataclass(slots=True)
class _Option:
    kind: SessionKind
    subject_id: str
    minutes: int
    payload: Any
    code: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class _Run:
    subject: str | None = None
    length: int = 0
    quantitative: bool | None = None

    def allows(self, subject: str) -> bool:
        return not (subject == self.subject and self.length >= 2)

    def add(self, subject: str, quantitative: bool) -> None:
        self.length = self.length + 1 if subject == self.subject else 1
        self.subject, self.quantitative = subject, quantitative


@dataclass(slots=True)
class _Today:
    """What the fill loop tracks during one day."""

    day: Day
    taper: bool
    budget: int
    reviews: list[tuple[str, bool]]
    used: int = 0
    run: _Run = field(default_factory=_Run)


class _Builder:
    def __init__(
        self,
        request: PlanRequest,
        *,
        fixed: Sequence[Session],
        frozen_until: date | None,
        urgent: Sequence[str],
        parts_done: Mapping[str, int],
        carried_quizzes: Sequence[Session] = (),
    ) -> None:
        self.request = request
        self.settings = request.settings
        self.profile = request.profile
        self.priorities = prioritise(request)
        self.quantitative = {s.id: s.quantitative for s in request.curriculum.subjects}
        kinds = {self.quantitative.get(t.subject_id, True) for t in self.priorities.topics.values()}
        self.alternate = len(kinds) == 2
        # With a single subject, "no three in a row" applies to topics instead of subjects.
        self.by_topic = len({t.subject_id for t in self.priorities.topics.values()}) < 2
        self.progress = Progress(
            self.priorities.queue, self.priorities.unmet, self.settings.module_lessons, parts_done
        )
        self.urgent = frozenset(urgent)
        self.progress.prioritise_urgent(
            sorted(
                {
                    s.item.topic.id
                    for s in self.progress.lessons.values()
                    if s.item.lesson.id in self.urgent
                }
            )
        )
        self.topic_subject = {t.id: t.subject_id for t in self.priorities.topics.values()}
        self.first = plan_start(self.profile, request.now)
        self.days = build_calendar(self.profile, request.now, self.settings, self.first)
        self.tracker = ReviewTracker(self.profile, self.settings)
        for topic_id, card_json in sorted(request.review_cards.items()):
            if topic_id in self.priorities.topics:
                self.tracker.restore(topic_id, card_json, self.first)
        self.tracker.start_learned(self.priorities.learned_at_start, self.first)
        self.fixed: dict[date, list[Session]] = {}
        for session in sorted(fixed, key=lambda s: (s.date, s.start_minute, s.id)):
            self.fixed.setdefault(session.date, []).append(session)
            state = self.progress.lessons.get(session.lesson_id or "")
            if session.kind is SessionKind.LESSON and state is not None:
                state.remaining = max(0, state.remaining - session.minutes)
                state.pending_fixed += 1
        for topic in self.progress.topics.values():
            topic.advance()
        self.frozen_until = frozen_until
        # (lesson placements so far, room) of the last full scan that found no lesson to fit:
        # until a lesson is placed, no room that small can hold one.
        self.placements = 0
        self.no_fit: tuple[int, int] = (-1, 0)
        self.quizzes: list[_Quiz] = [
            _Quiz(
                max(self.first, frozen_until or self.first),
                quiz.topic_id or "",
                quiz.subject_id or "",
                int(quiz.reason_params.get("module", 1)) - 1,
                int(quiz.reason_params.get("lessons", 1)),
                quiz.minutes,
            )
            for quiz in carried_quizzes
            if quiz.topic_id in self.priorities.topics
        ]
        self.drafts: list[Draft] = []
        self.split_limit = max(
            [self.settings.review_minutes]
            + [
                min(self.profile.session_max, d.capacity, max(w.minutes for w in d.windows))
                for d in self.days
                if d.is_study
            ]
        )

    def run(self) -> Plan:
        busy: dict[tuple[int, int], int] = {}
        for day_sessions in self.fixed.values():
            for session in day_sessions:
                if session.kind is SessionKind.MOCK_EXAM:
                    iso = session.date.isocalendar()
                    busy[(iso.year, iso.week)] = busy.get((iso.year, iso.week), 0) + 1
        open_days = [
            d for d in self.days if self.frozen_until is None or d.date >= self.frozen_until
        ]
        dates = (self.profile.start_date, self.profile.exam_date)
        mocks = plan_mocks(open_days, self.request.curriculum, dates, self.settings, busy)
        for day in self.days:
            self._day(day, mocks.get(day.date))
        return assemble(
            self.request,
            self.first,
            self.days,
            drafts=self.drafts,
            progress=self.progress,
            priorities=self.priorities,
        )

    def _day(self, day: Day, mock: MockSlot | None) -> None:
        fixed = self.fixed.get(day.date, [])
        for session in fixed:
            self.drafts.append(Draft.of(session))
            self._apply_fixed(session, day.date)
        if self.frozen_until is not None and day.date < self.frozen_until:
            return
        if day.status is DayStatus.BREAK and not fixed:
            self.drafts.append(
                Draft(day.date, None, 0, SessionKind.BREAK, None, None, None, Reason.BREAK_DAY, {})
            )
            return
        if not day.is_study:
            return
        reserved = [(s.start_minute, s.end_minute) for s in fixed if s.minutes > 0]
        capacity = day.capacity - sum(s.minutes for s in fixed)
        if mock is not None and capacity >= mock.minutes:
            block = find_block(day.windows, reserved, mock.minutes)
            if block is not None and block[1] * 2 >= mock.minutes:
                start, minutes = block
                reserved.append((start, start + minutes))
                capacity -= minutes
                self.drafts.append(
                    Draft(
                        day.date,
                        start,
                        minutes,
                        SessionKind.MOCK_EXAM,
                        None,
                        None,
                        None,
                        mock.reason_code,
                        dict(mock.reason_params),
                        key=mock.part_id or "mini",
                    )
                )
        self._fill(day, DaySlots(carve(day.windows, reserved), capacity, self.settings.gap_minutes))

    def _apply_fixed(self, session: Session, day: date) -> None:
        if session.kind is SessionKind.LESSON:
            state = self.progress.lessons.get(session.lesson_id or "")
            if state is not None:
                state.pending_fixed -= 1
                if state.remaining <= 0 and state.pending_fixed == 0:
                    self._complete(state, day)
        elif session.kind is SessionKind.REVIEW and session.topic_id:
            if self.tracker.is_learned(session.topic_id):
                self.tracker.review(session.topic_id, day)
        elif session.kind is SessionKind.QUIZ:
            for quiz in self.quizzes:
                if quiz.topic_id == session.topic_id:
                    self.quizzes.remove(quiz)
                    break

    def _fill(self, day: Day, slots: DaySlots) -> None:
        taper = day.status is DayStatus.TAPER
        share = self.settings.taper_share if taper else self.settings.review_share
        due = self.tracker.due(day.date)
        peak = [t for t in self.tracker.exam_peak(day.date) if t not in due]
        today = _Today(
            day=day,
            taper=taper,
            budget=max(self.settings.review_minutes, int(day.capacity * share)),
            reviews=[(t, False) for t in due] + [(t, True) for t in peak],
        )
        while True:
            room = slots.room()
            option = self._choose(today, room) if room > 0 else None
            if option is None:
                moved, passed_block = slots.advance()
                if not moved:
                    return
                if passed_block:
                    today.run = _Run()
                continue
            start = slots.take(option.minutes)
            today.run.add(self._run_key(option), self.quantitative.get(option.subject_id, True))
            if option.kind is SessionKind.REVIEW:
                today.used += option.minutes
                today.reviews = [r for r in today.reviews if r[0] != option.payload]
            self._place(day, start, option)

    def _run_key(self, option: _Option) -> str:
        if not self.by_topic:
            return option.subject_id
        if option.kind is SessionKind.LESSON:
            return str(option.payload.topic_id)
        if option.kind is SessionKind.QUIZ:
            return str(option.payload.topic_id)
        return str(option.payload)

    def _choose(self, today: _Today, room: int) -> _Option | None:
        quantitative, run = self.quantitative, today.run
        want = None if not self.alternate or run.quantitative is None else not run.quantitative
        first_ok: _Option | None = None
        minutes = self.settings.review_minutes
        if minutes <= room:
            for topic_id, peak in today.reviews:
                subject = self.topic_subject[topic_id]
                if not run.allows(topic_id if self.by_topic else subject):
                    continue
                over_budget = today.used + minutes > today.budget
                if over_budget and (today.taper or not self.tracker.is_first_review(topic_id)):
                    continue
                code = "peak" if peak else ""
                option = _Option(SessionKind.REVIEW, subject, minutes, topic_id, code)
                if want is None or quantitative.get(subject, True) == want:
                    return option
                first_ok = first_ok or option
        if today.taper:
            return first_ok
        for quiz in self.quizzes:
            if (
                quiz.available_from <= today.day.date
                and quiz.minutes <= room
                and run.allows(quiz.topic_id if self.by_topic else quiz.subject_id)
            ):
                option = _Option(SessionKind.QUIZ, quiz.subject_id, quiz.minutes, quiz)
                if want is None or quantitative.get(quiz.subject_id, True) == want:
                    return option
                first_ok = first_ok or option
        return self._choose_lesson(room, run, want, first_ok)

    def _choose_lesson(
        self, room: int, run: _Run, want: bool | None, first_ok: _Option | None
    ) -> _Option | None:
        lookahead = self.settings.lookahead
        skip_fill_in = self.no_fit[0] == self.placements and room <= self.no_fit[1]
        seen, fitted = 0, False
        for topic in self.progress.ready:
            state = topic.head
            if state is None:
                continue
            fill_in = seen >= lookahead
            if fill_in and (first_ok is not None or skip_fill_in):
                return first_ok
            seen += 1
            size = part_minutes(state.remaining, room, self.split_limit, self.profile.session_min)
            if size is None:
                continue
            fitted = True
            if not run.allows(topic.topic_id if self.by_topic else topic.subject_id):
                continue
            option = _Option(SessionKind.LESSON, topic.subject_id, size, topic)
            if fill_in or want is None or self.quantitative.get(topic.subject_id, True) == want:
                return option
            first_ok = first_ok or option
        if not fitted:
            self.no_fit = (self.placements, room)
        return first_ok

    def _place(self, day: Day, start: int, option: _Option) -> None:
        when = day.date
        if option.kind is SessionKind.REVIEW:
            topic_id: str = option.payload
            if day.status is DayStatus.TAPER:
                code: str = Reason.TAPER_REVIEW
            else:
                code = Reason.REVIEW_EXAM_PEAK if option.code == "peak" else Reason.REVIEW_DUE
            params = {
                "topic_id": topic_id,
                "days_since": self.tracker.days_since_review(topic_id, when),
                "retention_percent": round(self.tracker.target_retention(when) * 100),
            }
            self.tracker.review(topic_id, when)
            self.drafts.append(
                Draft(
                    when,
                    start,
                    option.minutes,
                    SessionKind.REVIEW,
                    option.subject_id,
                    topic_id,
                    None,
                    code,
                    params,
                )
            )
        elif option.kind is SessionKind.QUIZ:
            quiz: _Quiz = option.payload
            self.quizzes.remove(quiz)
            params = {"topic_id": quiz.topic_id, "module": quiz.module + 1, "lessons": quiz.lessons}
            self.drafts.append(
                Draft(
                    when,
                    start,
                    option.minutes,
                    SessionKind.QUIZ,
                    quiz.subject_id,
                    quiz.topic_id,
                    None,
                    Reason.MODULE_QUIZ,
                    params,
                    key=str(quiz.module + 1),
                )
            )
        else:
            topic: TopicState = option.payload
            state = topic.head
            assert state is not None  # noqa: S101  (only topics with a next lesson are offered)
            state.remaining -= option.minutes
            state.parts += 1
            self.placements += 1
            item = state.item
            code = Reason.MISSED_LESSON if item.lesson.id in self.urgent else item.reason_code
            self.drafts.append(
                Draft(
                    when,
                    start,
                    option.minutes,
                    SessionKind.LESSON,
                    topic.subject_id,
                    topic.topic_id,
                    item.lesson.id,
                    code,
                    dict(item.reason_params),
                    key=str(state.parts),
                )
            )
            if state.remaining <= 0:
                topic.advance()
                if state.pending_fixed == 0:
                    self._complete(state, when)

    def _complete(self, state: LessonState, day: date) -> None:
        topic, module, done = self.progress.finish_lesson(state)
        if module is not None:
            first = topic.module_ends[module - 1] + 1 if module else 0
            block = topic.lessons[first : topic.module_ends[module] + 1]
            minutes = quiz_minutes(sum(state.item.lesson.minutes for state in block))
            self.quizzes.append(
                _Quiz(
                    day + timedelta(days=1),
                    topic.topic_id,
                    topic.subject_id,
                    module,
                    len(block),
                    minutes,
                )
            )
        if done:
            self.tracker.learn(topic.topic_id, day)


def build_plan(
    request: PlanRequest,
    *,
    fixed: Sequence[Session] = (),
    frozen_until: date | None = None,
    urgent_lessons: Sequence[str] = (),
    parts_done: Mapping[str, int] | None = None,
    carried_quizzes: Sequence[Session] = (),
) -> Plan:
    """Build the plan for `request`.

    `fixed` sessions (kept or pinned by a re-plan) stay exactly where they are; days before
    `frozen_until` get nothing else; `urgent_lessons` (missed ones) go to the next free slots;
    `parts_done` counts lesson parts already done, so new part numbers continue after them;
    `carried_quizzes` are quizzes of modules finished before this plan, still to be taken.
    """
    builder = _Builder(
        request,
        fixed=fixed,
        frozen_until=frozen_until,
        urgent=urgent_lessons,
        parts_done=parts_done or {},
        carried_quizzes=carried_quizzes,
    )
    return builder.run()

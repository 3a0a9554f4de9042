"""Build a plan day by day: practice and reviews first, then the most valuable lessons.

Each study day: fixed sessions (kept or pinned by a re-plan) and a mock exam are reserved
first; the rest of the day's windows is filled front to back by the rules of
`planner.choice`. A topic whose last lesson is placed becomes learned (its FSRS card starts)
and each finished module queues a quiz for the next study day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from functools import partial

from planner.calendar import Day, DayStatus, build_calendar, plan_start
from planner.choice import Chooser, Option, Quiz, Run
from planner.model import PlanRequest
from planner.output import Draft, assemble
from planner.plan import Plan, Reason, Session, SessionKind, chronological
from planner.practice import MockSlot, plan_mocks, quiz_minutes
from planner.priority import Priorities, prioritise
from planner.progress import LessonState, Progress, TopicState
from planner.reviews import ReviewTracker
from planner.selection import select_lessons
from planner.slots import DaySlots, carve, find_block


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
        priorities: Priorities | None = None,
        selected: frozenset[str] | None = None,
    ) -> None:
        self.request = request
        self.settings = request.settings
        self.profile = request.profile
        self.priorities = priorities or prioritise(request)
        topics = self.priorities.topics.values()
        self.quantitative = {s.id: s.quantitative for s in request.curriculum.subjects}
        self.progress = Progress(
            self.priorities.queue, self.priorities.unmet, self.settings.module_lessons, parts_done
        )
        self.urgent = frozenset(urgent)
        states = self.progress.lessons.values()
        self.progress.prioritise_urgent(
            sorted({s.item.topic.id for s in states if s.item.lesson.id in self.urgent})
        )
        self.first = plan_start(self.profile, request.now)
        self.days = build_calendar(self.profile, request.now, self.settings, self.first)
        self.tracker = ReviewTracker(self.profile, self.settings)
        for topic_id, card_json in sorted(request.review_cards.items()):
            if topic_id in self.priorities.topics:
                self.tracker.restore(topic_id, card_json, self.first)
        known = self.priorities.topics
        self.tracker.start_learned(
            [
                (topic_id, request.mastery_of(topic_id), known[topic_id].difficulty)
                for topic_id in self.priorities.learned_at_start
            ],
            self.first,
        )
        self.chooser = Chooser(
            self.progress,
            self.tracker,
            profile=self.profile,
            settings=self.settings,
            subjects=(self.quantitative, {t.id: t.subject_id for t in topics}),
            selected=selected,
        )
        self.fixed: dict[date, list[Session]] = {}
        for session in sorted(fixed, key=chronological):
            self.fixed.setdefault(session.date, []).append(session)
            state = self.progress.lessons.get(session.lesson_id or "")
            if session.kind is SessionKind.LESSON and state is not None:
                state.remaining = max(0, state.remaining - session.minutes)
                state.pending_fixed += 1
        for topic in self.progress.topics.values():
            topic.advance()
        self.frozen_until = frozen_until
        self.quizzes: list[Quiz] = [
            Quiz(
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
        self.first_review_minutes = 0

    def run(self) -> _Builder:
        """Fill every day of the calendar; `plan()` then assembles the result."""
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
        return self

    def plan(self) -> Plan:
        """The finished plan."""
        return assemble(
            self.request,
            self.first,
            self.days,
            drafts=self.drafts,
            progress=self.progress,
            priorities=self.priorities,
        )

    def short_of_time(self) -> bool:
        """Whether some lesson of the queue could not be placed completely."""
        return any(topic.open_lessons for topic in self.progress.topics.values())

    def gained(self) -> float:
        """Priority value of the lessons placed completely."""
        return sum(
            state.item.value
            for state in self.progress.lessons.values()
            if state.remaining <= 0 and state.pending_fixed == 0
        )

    def new_lesson_minutes(self) -> int:
        """Minutes of lesson sessions this builder placed (not counting fixed ones)."""
        return sum(
            d.minutes for d in self.drafts if d.kind is SessionKind.LESSON and d.original is None
        )

    def new_study_minutes(self) -> int:
        """Minutes of new lessons plus the module quizzes and first reviews they brought."""
        quizzes = sum(
            d.minutes for d in self.drafts if d.kind is SessionKind.QUIZ and d.original is None
        )
        return self.new_lesson_minutes() + quizzes + self.first_review_minutes

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
        today = self.chooser.start_day(day, taper, self.quizzes, slots.left)
        while True:
            room = slots.room()
            option = self.chooser.choose(today, room, slots.left) if room > 0 else None
            if option is None:
                moved, passed_block = slots.advance()
                if not moved:
                    return
                if passed_block:
                    today.run = Run()
                continue
            start = slots.take(option.minutes)
            today.run.add(self.chooser.key(option), self.quantitative.get(option.subject_id, True))
            if option.kind is SessionKind.REVIEW:
                today.reserved -= option.minutes
                today.reviews = [r for r in today.reviews if r[0] != option.payload]
            elif option.kind is SessionKind.QUIZ:
                today.reserved -= option.minutes
                today.quizzes.remove(option.payload)
            self._place(day, start, option)

    def _place(self, day: Day, start: int, option: Option) -> None:
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
            if self.tracker.is_first_review(topic_id):
                self.first_review_minutes += option.minutes
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
            quiz: Quiz = option.payload
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
            self.chooser.placements += 1
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
                Quiz(
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
    lesson_budget: int | None = None,
    priorities: Priorities | None = None,
) -> Plan:
    """Build the plan for `request`.

    `fixed` sessions (kept or pinned by a re-plan) stay exactly where they are; days before
    `frozen_until` get nothing else; `urgent_lessons` (missed ones) go to the next free slots;
    `parts_done` counts lesson parts already done, so new part numbers continue after them;
    `carried_quizzes` are quizzes of modules finished before this plan, still to be taken.

    When time is short, a first pass measures how many lesson minutes the calendar really
    holds; the second pass then schedules only the most valuable lessons that fit in them (a
    prefix of the priority order), so interleaving never spends the scarce time on lessons of
    lower value. When that plan wins less than the first because its lessons did not all fit,
    a third pass selects for the first pass's lesson, quiz and first-review minutes, counting
    what each topic brings along. The best plan is returned. A caller that already knows about
    how many lesson minutes the calendar holds (a re-plan knows it from the previous plan)
    passes `lesson_budget` and saves the first pass, and `priorities` when it has ranked the
    request already.
    """
    make = partial(
        _Builder,
        request,
        fixed=fixed,
        frozen_until=frozen_until,
        urgent=urgent_lessons,
        parts_done=parts_done or {},
        carried_quizzes=carried_quizzes,
        priorities=priorities or prioritise(request),
    )
    if lesson_budget is not None:
        only = make()
        only.chooser.selected = select_lessons(
            only.progress, dict(only.priorities.leaders), lesson_budget
        )
        return only.run().plan()
    first = make().run()
    if not first.short_of_time():
        return first.plan()
    leaders = dict(first.priorities.leaders)
    budget = first.new_lesson_minutes()
    selected = select_lessons(first.progress, leaders, budget)
    second = make(priorities=first.priorities, selected=selected).run()
    if second.gained() >= first.gained():
        return second.plan()
    if second.new_lesson_minutes() >= budget:
        return first.plan()
    # The chosen lessons did not all fit: the quizzes and first reviews of their topics took
    # the time. Choose again for the time lessons, quizzes and first reviews took in the first
    # pass, counting what each topic brings along (this favours fewer, longer topics).
    selected = select_lessons(
        first.progress, leaders, first.new_study_minutes(), request.settings.review_minutes
    )
    third = make(priorities=first.priorities, selected=selected).run()
    return (third if third.gained() >= first.gained() else first).plan()

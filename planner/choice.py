"""Which session comes next on a day: the choice rules of the builder.

At the start of a study day the builder commits to the day's small items: due reviews (up to
`review_share` of the study time, accrued day by day so that short days get a review every
other day; a topic's first review after it was learned always), the module
quizzes that are due, and on taper days only reviews (up to `taper_share`). When taking them
all would strand minutes no lesson can use (or they overflow the day), some wait for the next
study day (see `planner.packing`; never a first review or one of the final sweep, nothing
twice). Their minutes are reserved, and lessons get the rest. Then, slot by slot, the first of
these that fits and does not make a third session of the same subject in a row (of the same
topic, when the track has a single subject) wins:

1. the next lesson of one of the first `lookahead` eligible topics in priority order,
2. a committed review or quiz (these also separate runs of one subject),
3. any other eligible lesson that fits (first selected ones, then the rest),

except that, when the track has both quantitative and verbal subjects, an item of the other
kind than the previous session is preferred among 1 and 2; a lesson of the other kind only when
it is worth at least half as much per minute as the first lesson that may come next, so that
alternating never costs much exam value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planner.calendar import Day
from planner.model import PlannerSettings, StudyProfile
from planner.packing import pack_day
from planner.plan import SessionKind
from planner.progress import Progress, TopicState, part_minutes
from planner.reviews import ReviewTracker

ALTERNATION_FLOOR = 0.5


@dataclass(slots=True)
class Quiz:
    """A module quiz waiting to be taken."""

    available_from: date
    topic_id: str
    subject_id: str
    module: int
    lessons: int
    minutes: int


@dataclass(slots=True)
class Option:
    """A session that could come next."""

    kind: SessionKind
    subject_id: str
    minutes: int
    payload: Any
    code: str = ""


@dataclass(slots=True)
class Run:
    """The current run of sessions of one subject (or topic) and the kind of the last one."""

    key: str | None = None
    length: int = 0
    quantitative: bool | None = None

    def allows(self, key: str) -> bool:
        """Whether a session with this key may come next."""
        return not (key == self.key and self.length >= 2)

    def add(self, key: str, quantitative: bool) -> None:
        """Extend or restart the run with a placed session."""
        self.length = self.length + 1 if key == self.key else 1
        self.key, self.quantitative = key, quantitative


@dataclass(slots=True)
class Today:
    """What the fill loop tracks during one day."""

    day: Day
    taper: bool
    reviews: list[tuple[str, bool]]
    quizzes: list[Quiz]
    reserved: int
    run: Run = field(default_factory=Run)


class Chooser:
    """Picks the next session of a day from reviews, quizzes and the lesson queue."""

    def __init__(
        self,
        progress: Progress,
        tracker: ReviewTracker,
        *,
        profile: StudyProfile,
        settings: PlannerSettings,
        subjects: tuple[Mapping[str, bool], Mapping[str, str]],
        selected: frozenset[str] | None,
    ) -> None:
        self.progress = progress
        self.tracker = tracker
        self.profile = profile
        self.settings = settings
        self.quantitative, self.topic_subject = subjects
        kinds = {self.quantitative.get(subject, True) for subject in self.topic_subject.values()}
        self.alternate = len(kinds) == 2
        self.by_topic = len(set(self.topic_subject.values())) < 2
        self.selected = selected
        self.split_limit = profile.session_max
        self.review_credit = 0.0
        self.placements = 0
        # (placements, room) of the last full scan that found no lesson to fit: until another
        # lesson is placed, no room that small can hold one.
        self.no_fit: tuple[tuple[int, int], int] = ((-1, -1), 0)
        self._cache_key: tuple[int, int] = (-1, -1)
        self._cache: list[tuple[TopicState, bool]] = []
        # Reviews (topic, due day) and quizzes (topic, module) already put off once.
        self.put_off: set[tuple[str, str, int]] = set()

    def start_day(self, day: Day, taper: bool, quizzes: list[Quiz], capacity: int) -> Today:
        """Commit to the day's reviews and quizzes and reserve their minutes.

        On study days the items that would strand time are put off (see `planner.packing`).
        """
        minutes = self.settings.review_minutes
        if taper:
            budget = max(minutes, int(day.capacity * self.settings.taper_share))
        else:
            # Review time accrues day by day, so short days still get a review now and then.
            share = day.capacity * self.settings.review_share
            self.review_credit = min(self.review_credit + share, max(share, minutes))
            budget = int(self.review_credit)
        due = self.tracker.due(day.date)
        peak = [t for t in self.tracker.exam_peak(day.date, taper=taper) if t not in due]
        regular, reviews = 0, []
        for topic_id, is_peak in [(t, False) for t in due] + [(t, True) for t in peak]:
            first = self.tracker.is_first_review(topic_id) and not taper
            if first or regular + minutes <= budget:
                reviews.append((topic_id, is_peak))
                regular += 0 if first else minutes
        todays = [] if taper else [quiz for quiz in quizzes if quiz.available_from <= day.date]
        if not taper:
            reviews, todays = self._pack(capacity, reviews, todays)
            regular = minutes * sum(1 for t, _ in reviews if not self.tracker.is_first_review(t))
            self.review_credit -= regular
        reserved = min(capacity, minutes * len(reviews) + sum(quiz.minutes for quiz in todays))
        return Today(day, taper, reviews, todays, reserved)

    def _pack(
        self, capacity: int, reviews: list[tuple[str, bool]], quizzes: list[Quiz]
    ) -> tuple[list[tuple[str, bool]], list[Quiz]]:
        """The reviews and quizzes to take today; the others wait for the next study day."""
        if not reviews and not quizzes:
            return reviews, quizzes
        tracker, minutes = self.tracker, self.settings.review_minutes
        keys = [("review", t, tracker.due_on(t).toordinal()) for t, _ in reviews]
        keys += [("quiz", q.topic_id, q.module) for q in quizzes]
        sizes = [minutes] * len(reviews) + [q.minutes for q in quizzes]
        # A first review is never put off, nor one of the final sweep (the exam is too near),
        # and nothing is put off twice, so no review waits for ever behind lessons.
        required = [peak or tracker.is_first_review(t) for t, peak in reviews]
        required += [False] * len(quizzes)
        required = [must or key in self.put_off for must, key in zip(required, keys, strict=True)]
        kept = pack_day(capacity, sizes, required, self._lesson_fits)
        if kept is None:
            return reviews, quizzes
        # Only an item that would still have fitted counts as put off by choice.
        rest = capacity - sum(sizes[i] for i in kept)
        self.put_off.update(keys[i] for i in set(range(len(keys))) - set(kept) if sizes[i] <= rest)
        count = len(reviews)
        return [reviews[i] for i in kept if i < count], [
            quizzes[i - count] for i in kept if i >= count
        ]

    def _lesson_fits(self, room: int) -> bool:
        """Whether some ready lesson (or a part of it) fits in `room` minutes."""
        key = (self.placements, self.progress.changes)
        if self.no_fit[0] == key and room <= self.no_fit[1]:
            return False
        if any(self._size(topic, room) is not None for topic, _ in self._candidates()):
            return True
        self.no_fit = (key, max(room, self.no_fit[1] if self.no_fit[0] == key else 0))
        return False

    def key(self, option: Option) -> str:
        """The run key of an option: its subject, or its topic for single-subject tracks."""
        if not self.by_topic:
            return option.subject_id
        if option.kind is SessionKind.REVIEW:
            return str(option.payload)
        return str(option.payload.topic_id)

    def choose(self, today: Today, room: int, left: int) -> Option | None:
        """The next session for a slot of `room` minutes, with `left` minutes left today."""
        run = today.run
        want = None if not self.alternate or run.quantitative is None else not run.quantitative
        first_ok: Option | None = None
        small = list(self._small(today, room, run)) if today.reviews or today.quizzes else []
        # Reserved minutes wait for reviews and quizzes; when none of them may come next (a
        # run of their subject), a lesson of another subject may use the time and break the run.
        lesson_room = 0 if today.taper else min(room, left - today.reserved if small else room)
        if lesson_room > 0:
            option, first_ok = self._lookahead(lesson_room, run, want)
            if option is not None:
                return option
        for option in small:
            if want is None or self.quantitative.get(option.subject_id, True) == want:
                return option
            first_ok = first_ok or option
        if first_ok is not None or lesson_room <= 0:
            return first_ok
        return self._fill_in(lesson_room, run)

    def _small(self, today: Today, room: int, run: Run) -> Iterator[Option]:
        minutes = self.settings.review_minutes
        if minutes <= room:
            for topic_id, peak in today.reviews:
                subject = self.topic_subject[topic_id]
                if run.allows(topic_id if self.by_topic else subject):
                    yield Option(
                        SessionKind.REVIEW, subject, minutes, topic_id, "peak" if peak else ""
                    )
        for quiz in today.quizzes:
            if quiz.minutes <= room and run.allows(
                quiz.topic_id if self.by_topic else quiz.subject_id
            ):
                yield Option(SessionKind.QUIZ, quiz.subject_id, quiz.minutes, quiz)

    def _candidates(self) -> list[tuple[TopicState, bool]]:
        """Ready topics with a next lesson: selected ones in priority order, then the others by
        their own value per minute.

        Cached until a lesson is placed or completed, the only events that change it.
        """
        key = (self.placements, self.progress.changes)
        if self._cache_key == key:
            return self._cache
        selected, mine, others = self.selected, [], []
        for topic in self.progress.ready:
            head = topic.head
            if head is None:
                continue
            if selected is not None and head.item.lesson.id not in selected:
                others.append((topic, False))
            else:
                mine.append((topic, True))
        # Outside the selection only the value a lesson wins by itself counts: a prerequisite
        # whose dependant was left out is worth just its own questions.
        others.sort(key=lambda pair: -_own_density(pair[0]))
        self._cache_key, self._cache = key, mine + others
        return self._cache

    def _size(self, topic: TopicState, room: int) -> int | None:
        head = topic.head
        assert head is not None  # noqa: S101  (candidates have a next lesson)
        return part_minutes(head.remaining, room, self.split_limit, self.profile.session_min)

    def _lookahead(
        self, room: int, run: Run, want: bool | None
    ) -> tuple[Option | None, Option | None]:
        """(a lesson of the wanted kind, else None; the first lesson that may come next)."""
        by_topic, quantitative, first_ok = self.by_topic, self.quantitative, None
        floor = -1.0
        for seen, (topic, chosen) in enumerate(self._candidates()):
            if not chosen or seen >= self.settings.lookahead:
                break
            if not run.allows(topic.topic_id if by_topic else topic.subject_id):
                continue
            density = _own_density(topic)
            if floor < 0:
                # Alternation may not cost much: the other kind must be worth at least half as
                # much per minute as the best lesson that may come next.
                floor = density * ALTERNATION_FLOOR
            wanted = want is None or (
                quantitative.get(topic.subject_id, True) == want and density >= floor
            )
            if first_ok is not None and not wanted:
                continue
            size = self._size(topic, room)
            if size is None:
                continue
            option = Option(SessionKind.LESSON, topic.subject_id, size, topic)
            if wanted:
                return option, first_ok
            first_ok = option
        return None, first_ok

    def _fill_in(self, room: int, run: Run) -> Option | None:
        key = (self.placements, self.progress.changes)
        if self.no_fit[0] == key and room <= self.no_fit[1]:
            return None
        fitted = False
        for topic, _ in self._candidates():
            size = self._size(topic, room)
            if size is None:
                continue
            fitted = True
            if run.allows(topic.topic_id if self.by_topic else topic.subject_id):
                return Option(SessionKind.LESSON, topic.subject_id, size, topic)
        if not fitted:
            self.no_fit = (key, room)
        return None


def _own_density(topic: TopicState) -> float:
    head = topic.head
    return 0.0 if head is None else head.item.value / max(1, head.item.minutes)

"""What the planner is given: a curriculum, a study profile, the student's state and `now`.

Everything here is a frozen dataclass built by the coach (see `coach/curriculum.py`); the
planner never reads files, databases or clocks, so the same request always gives the same plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class Subject:
    """A subject of the track; `quantitative` drives the alternation of maths and verbal work."""

    id: str
    test_id: str
    quantitative: bool


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic of the curriculum with its exam weight and its prerequisite topics."""

    id: str
    subject_id: str
    test_id: str
    expected_questions: float
    difficulty: int = 3
    prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Lesson:
    """One lesson of a topic; `order` is its position in the topic's study order."""

    id: str
    topic_id: str
    minutes: int
    order: int


@dataclass(frozen=True, slots=True)
class ExamPart:
    """One sitting of the real exam (YKS: TYT, AYT), used to size full mock exams."""

    id: str
    minutes: int
    test_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Curriculum:
    """The topics and lessons of one track of one pack, in the pack's order.

    `test_weights` holds the weight of each test in the track's score type; topics whose test
    has no positive weight are ignored by the planner.
    """

    pack_id: str
    track: str
    subjects: tuple[Subject, ...]
    topics: tuple[Topic, ...]
    lessons: tuple[Lesson, ...]
    test_weights: Mapping[str, float]
    exam_parts: tuple[ExamPart, ...] = ()


@dataclass(frozen=True, slots=True, order=True)
class TimeWindow:
    """A span of a day in minutes after local midnight, `start` inclusive, `end` exclusive."""

    start: int
    end: int

    @property
    def minutes(self) -> int:
        """Length of the window."""
        return self.end - self.start

    @classmethod
    def parse(cls, text: str) -> TimeWindow:
        """Parse "HH:MM-HH:MM"; raises ValueError on anything else or an empty span."""
        start_text, separator, end_text = text.strip().partition("-")
        if not separator:
            raise ValueError(f"{text!r} is not HH:MM-HH:MM")
        start, end = _parse_clock(start_text), _parse_clock(end_text)
        if end <= start:
            raise ValueError(f"{text!r} ends before it starts")
        return cls(start, end)


def _parse_clock(text: str) -> int:
    hours_text, separator, minutes_text = text.strip().partition(":")
    if not separator or not hours_text.isdigit() or not minutes_text.isdigit():
        raise ValueError(f"{text!r} is not HH:MM")
    hours, minutes = int(hours_text), int(minutes_text)
    if hours == 24 and minutes == 0:
        return 24 * 60
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise ValueError(f"{text!r} is not a time of day")
    return hours * 60 + minutes


@dataclass(frozen=True, slots=True)
class StudyProfile:
    """When a student can study. Weekday keys are mon..sun.

    Weekdays missing from `windows` get a default evening window (see `planner.calendar`);
    `break_weekdays`, when empty, are chosen automatically from the lightest weekdays.
    """

    start_date: date
    exam_date: date
    timezone: str
    availability: Mapping[str, int]
    windows: Mapping[str, tuple[TimeWindow, ...]] = field(default_factory=dict)
    blackout_dates: tuple[date, ...] = ()
    break_days_per_week: int = 1
    break_weekdays: tuple[str, ...] = ()
    session_min: int = 25
    session_max: int = 60
    # Dates whose available minutes are scaled (a lighter or a stretch week the student chose).
    day_factors: Mapping[date, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlannerSettings:
    """The tunable rules of the planner, with the documented defaults.

    - A topic with mastery >= `mastered` gets no lessons, only reviews.
    - A prerequisite counts as met when its mastery >= `prerequisite_met` or its lessons are
      done; otherwise its lessons must be scheduled before the lessons that need it.
    - A topic with mastery >= `learned` (or a review card) is reviewed from the start.
    - Desired retention rises linearly from `retention_start` on the profile's start date to
      `retention_end` on the exam day.
    """

    mastered: float = 0.8
    prerequisite_met: float = 0.6
    learned: float = 0.6
    retention_start: float = 0.85
    retention_end: float = 0.95
    review_minutes: int = 15
    review_share: float = 0.35
    module_lessons: int = 4
    mini_mock_minutes: int = 45
    mini_mock_share: float = 0.3
    full_mock_share: float = 0.5
    full_mock_every_weeks: int = 3
    final_weeks: int = 6
    taper_days: int = 2
    taper_share: float = 0.5
    final_sweep_days: int = 7
    gap_minutes: int = 5
    lookahead: int = 8


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """Everything one plan depends on.

    `mastery` maps topic ids to 0..1 (`default_mastery` elsewhere); `done_lessons` are finished;
    `lesson_progress` holds minutes already spent on unfinished lessons; `review_cards` maps
    topic ids to fsrs `Card` JSON; `now` is an aware datetime.
    """

    curriculum: Curriculum
    profile: StudyProfile
    now: datetime
    mastery: Mapping[str, float] = field(default_factory=dict)
    default_mastery: float = 0.2
    done_lessons: tuple[str, ...] = ()
    lesson_progress: Mapping[str, int] = field(default_factory=dict)
    review_cards: Mapping[str, str] = field(default_factory=dict)
    settings: PlannerSettings = field(default_factory=PlannerSettings)

    def mastery_of(self, topic_id: str) -> float:
        """The student's mastery of a topic, clamped to 0..1."""
        value = self.mastery.get(topic_id, self.default_mastery)
        return min(1.0, max(0.0, float(value)))

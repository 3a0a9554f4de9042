"""Spaced review of learned topics with FSRS, aiming for peak retention on exam day.

Each learned topic has one fsrs `Card`. A topic becomes learned when its last lesson is placed
(or it starts learned: mastery >= `learned`, or a card was given). A planned review is
simulated as a "Good" answer, so the card's next due date follows FSRS. Two exam-deadline
rules on top of plain FSRS:
- The desired retention rises linearly from `retention_start` on the profile's start date to
  `retention_end` on the exam day, so intervals shorten as the exam nears.
- In the last `final_sweep_days` before the exam, every card whose predicted retrievability
  on exam day is below `retention_end` is offered a review, weakest first, so the last review
  of each topic lands close to the exam.
Fuzzing is off and card ids are derived from topic ids, so the simulation is deterministic.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from fsrs import Card, Rating, Scheduler, State

from planner.model import PlannerSettings, StudyProfile

INITIAL_SPREAD_DAYS = 5


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


@dataclass(slots=True)
class _Track:
    card: Card
    reviews: int
    learned_on: date
    due_on: date = date.min

    def __post_init__(self) -> None:
        self.due_on = self.card.due.date()


class ReviewTracker:
    """The simulated memory state of every learned topic while a plan is built."""

    def __init__(self, profile: StudyProfile, settings: PlannerSettings) -> None:
        self._profile = profile
        self._settings = settings
        self._tracks: dict[str, _Track] = {}
        self._exam_noon = _noon(profile.exam_date)

    def target_retention(self, day: date) -> float:
        """The desired retention on `day`: rising from start to exam."""
        span = max(1, (self._profile.exam_date - self._profile.start_date).days)
        progress = min(1.0, max(0.0, (day - self._profile.start_date).days / span))
        start, end = self._settings.retention_start, self._settings.retention_end
        return start + (end - start) * progress

    def _scheduler(self, day: date) -> Scheduler:
        return _scheduler_for(round(self.target_retention(day) * 100))

    def restore(self, topic_id: str, card_json: str, today: date) -> None:
        """Take over a card saved by the coach (fsrs `Card.to_json`)."""
        card = Card.from_json(card_json)
        self._tracks[topic_id] = _Track(card, 1, today)

    def start_learned(self, topics: Iterable[tuple[str, float, int]], first_day: date) -> None:
        """Give topics known at the start (id, mastery, difficulty 1-5) a card.

        Stability grows with mastery, from 2 days at the `learned` threshold to 30 days at full
        mastery (at 90% retention the first interval equals the stability); a small offset by
        position spreads first reviews that would fall on the same day.
        """
        yesterday = first_day - timedelta(days=1)
        floor = self._settings.learned
        for index, (topic_id, mastery, difficulty) in enumerate(topics):
            if topic_id in self._tracks:
                continue
            share = min(1.0, max(0.0, (mastery - floor) / max(1e-6, 1.0 - floor)))
            stability = 2.0 + 28.0 * share
            due = yesterday + timedelta(days=round(stability) + index % INITIAL_SPREAD_DAYS)
            card = Card(
                card_id=_card_id(topic_id),
                state=State.Review,
                stability=stability,
                difficulty=1.0 + (min(5, max(1, difficulty)) - 1) * 2.25,
                due=_noon(due),
                last_review=_noon(yesterday),
            )
            self._tracks[topic_id] = _Track(card, 1, yesterday)

    def learn(self, topic_id: str, day: date) -> None:
        """A topic's last lesson happened on `day`: the lesson counts as its first review."""
        track = self._tracks.get(topic_id)
        if track is None:
            card = Card(card_id=_card_id(topic_id), state=State.Learning, due=_noon(day))
            self._tracks[topic_id] = _Track(self._good(card, day), 0, day)
        else:
            self.review(topic_id, day)

    def review(self, topic_id: str, day: date) -> None:
        """Record a (simulated "Good") review of the topic on `day`."""
        track = self._tracks[topic_id]
        track.card = self._good(track.card, day)
        track.due_on = track.card.due.date()
        track.reviews += 1

    def _good(self, card: Card, day: date) -> Card:
        """The card after a "Good" review at noon UTC on `day`, by the FSRS scheduler."""
        when = _noon(day)
        elapsed = (when - card.last_review).days if card.last_review is not None else None
        retention = round(self.target_retention(day) * 100)
        state, step, stability, difficulty, interval = _good_review(
            retention,
            state=card.state,
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            elapsed_days=elapsed,
        )
        return Card(
            card_id=card.card_id,
            state=state,
            step=step,
            stability=stability,
            difficulty=difficulty,
            due=when + interval,
            last_review=when,
        )

    def due_on(self, topic_id: str) -> date:
        """The day the topic's card falls due."""
        return self._tracks[topic_id].due_on

    def is_learned(self, topic_id: str) -> bool:
        """Whether the topic has a card."""
        return topic_id in self._tracks

    def due(self, day: date) -> list[str]:
        """Topics due for review on `day`: never-reviewed ones first, then the most overdue."""
        due = [
            (track.reviews > 0, track.card.due, topic_id)
            for topic_id, track in self._tracks.items()
            if track.due_on <= day
        ]
        due.sort()
        return [topic_id for _, _, topic_id in due]

    def is_first_review(self, topic_id: str) -> bool:
        """Whether the topic has not been reviewed since it was learned in this plan."""
        return self._tracks[topic_id].reviews == 0

    def exam_peak(self, day: date, *, taper: bool = False) -> list[str]:
        """Cards not due yet whose exam-day retrievability is below target, weakest first.

        On taper days every card not seen in the last two days qualifies, so the light review
        before the exam goes to the weakest topics.
        """
        if (self._profile.exam_date - day).days > self._settings.final_sweep_days:
            return []
        target = 1.0 if taper else self._settings.retention_end
        recent = day - timedelta(days=2 if taper else 0)
        scheduler = self._scheduler(day)
        weak = []
        for topic_id, track in self._tracks.items():
            if track.due_on <= day:
                continue
            last = track.card.last_review
            if last is not None and last.date() >= recent:
                continue
            retrievability = scheduler.get_card_retrievability(track.card, self._exam_noon)
            if retrievability < target:
                weak.append((retrievability, topic_id))
        weak.sort()
        return [topic_id for _, topic_id in weak]

    def retrievability_on_exam_day(self, topic_id: str) -> float:
        """Predicted probability of recalling the topic on exam day, given the reviews so far."""
        scheduler = self._scheduler(self._profile.exam_date)
        return float(
            scheduler.get_card_retrievability(self._tracks[topic_id].card, self._exam_noon)
        )

    def days_since_review(self, topic_id: str, day: date) -> int:
        """Days since the topic was last reviewed (or learned)."""
        last = self._tracks[topic_id].card.last_review
        return (day - last.date()).days if last is not None else 0


_REFERENCE = datetime(2000, 1, 1, 12, tzinfo=UTC)


@lru_cache(maxsize=1 << 16)
def _scheduler_for(retention_percent: int) -> Scheduler:
    return Scheduler(
        desired_retention=retention_percent / 100,
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )


@lru_cache(maxsize=1 << 16)
def _good_review(
    retention_percent: int,
    *,
    state: State,
    step: int | None,
    stability: float | None,
    difficulty: float | None,
    elapsed_days: int | None,
) -> tuple[State, int | None, float | None, float | None, timedelta]:
    """FSRS's answer to a "Good" review, which depends only on these values.

    Memoised because planning replays the same card histories for many topics and students;
    the result is exactly what `Scheduler.review_card` returns.
    """
    last = None if elapsed_days is None else _REFERENCE - timedelta(days=elapsed_days)
    card = Card(
        card_id=1,
        state=state,
        step=step,
        stability=stability,
        difficulty=difficulty,
        due=_REFERENCE,
        last_review=last,
    )
    after, _ = _scheduler_for(retention_percent).review_card(card, Rating.Good, _REFERENCE)
    return after.state, after.step, after.stability, after.difficulty, after.due - _REFERENCE


def _card_id(topic_id: str) -> int:
    return zlib.crc32(topic_id.encode("utf-8"))

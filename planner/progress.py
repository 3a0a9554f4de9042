"""Study progress while a plan is built: which lessons are placed and which topics are open.

A topic's lessons are taken strictly in order. A topic can start once every unmet
prerequisite topic is complete (all its remaining lessons placed, on an earlier day or earlier
the same day). Lessons longer than `session_max` are always cut into parts; a lesson that does
not fit the time left in a day may also be cut. Parts are at least `session_min` minutes (the
last part may be shorter, never under 10 minutes).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planner.practice import module_ends
from planner.priority import LessonItem

MIN_TAIL = 10


@dataclass(slots=True)
class LessonState:
    """A lesson still being placed."""

    item: LessonItem
    remaining: int
    parts: int = 0
    pending_fixed: int = 0


@dataclass(slots=True)
class TopicState:
    """A topic of the queue with its ordered lessons and its place in them."""

    topic_id: str
    subject_id: str
    lessons: list[LessonState]
    unmet: tuple[str, ...]
    module_ends: tuple[int, ...]
    rank: int = 0
    position: int = 0
    open_lessons: int = 0
    blocked_by: int = 0
    head: LessonState | None = None

    def advance(self) -> None:
        """Point `head` at the first lesson with minutes left (None: only fixed parts remain)."""
        while self.position < len(self.lessons) and self.lessons[self.position].remaining <= 0:
            self.position += 1
        self.head = self.lessons[self.position] if self.position < len(self.lessons) else None


class Progress:
    """All topics of the queue in rank order, with eligibility and part sizing.

    `ready` holds, in rank order, the open topics whose unmet prerequisites are complete; it
    is updated incrementally when a topic completes.
    """

    def __init__(
        self,
        queue: Sequence[LessonItem],
        unmet: Mapping[str, tuple[str, ...]],
        module_lessons: int,
        parts_done: Mapping[str, int],
    ) -> None:
        self.topics: dict[str, TopicState] = {}
        self.lessons: dict[str, LessonState] = {}
        for item in queue:
            topic = self.topics.get(item.topic.id)
            if topic is None:
                topic = TopicState(
                    item.topic.id, item.topic.subject_id, [], unmet.get(item.topic.id, ()), ()
                )
                self.topics[item.topic.id] = topic
            state = LessonState(item, item.minutes, parts_done.get(item.lesson.id, 0))
            topic.lessons.append(state)
            self.lessons[item.lesson.id] = state
        self.dependants: dict[str, list[TopicState]] = {topic_id: [] for topic_id in self.topics}
        for topic in self.topics.values():
            topic.open_lessons = len(topic.lessons)
            topic.module_ends = module_ends(len(topic.lessons), module_lessons)
            for other in topic.unmet:
                if other in self.topics:
                    topic.blocked_by += 1
                    self.dependants[other].append(topic)
        self.urgent_topics: frozenset[str] = frozenset()
        self.changes = 0
        self._order(list(self.topics.values()))

    def _order(self, ordered: list[TopicState]) -> None:
        for rank, topic in enumerate(ordered):
            topic.rank = rank
            topic.advance()
        self.ready = [topic for topic in ordered if topic.open_lessons and not topic.blocked_by]

    def complete(self, topic_id: str) -> bool:
        """Whether every lesson of the topic is placed (topics outside the queue count as done)."""
        topic = self.topics.get(topic_id)
        return topic is None or topic.open_lessons == 0

    def finish_lesson(self, state: LessonState) -> tuple[TopicState, int | None, bool]:
        """Book a lesson as complete; returns its topic, the module it closes, topic complete."""
        topic = self.topics[state.item.topic.id]
        topic.open_lessons -= 1
        self.changes += 1
        index = topic.lessons.index(state)
        module = topic.module_ends.index(index) if index in topic.module_ends else None
        done = topic.open_lessons == 0
        if done:
            if topic in self.ready:
                self.ready.remove(topic)
            for dependant in self.dependants[topic.topic_id]:
                dependant.blocked_by -= 1
                if dependant.blocked_by == 0 and dependant.open_lessons:
                    bisect.insort(self.ready, dependant, key=lambda other: other.rank)
        return topic, module, done

    def prioritise_urgent(self, topic_ids: Sequence[str]) -> None:
        """Move topics (with missed lessons) to the front, keeping the rank order otherwise."""
        wanted = set(topic_ids)
        pending = sorted(wanted)
        while pending:
            topic = self.topics.get(pending.pop())
            if topic is None:
                continue
            for other in topic.unmet:
                if other not in wanted:
                    wanted.add(other)
                    pending.append(other)
        ordered = sorted(
            self.topics.values(), key=lambda topic: (topic.topic_id not in wanted, topic.rank)
        )
        self.urgent_topics = frozenset(wanted)
        self._order(ordered)
        self.changes += 1


def part_minutes(remaining: int, room: int, split_limit: int, session_min: int) -> int | None:
    """How much of a lesson to place in `room` minutes, or None when it does not fit.

    A lesson that fits whole goes whole. A lesson longer than the split limit is cut into
    near-equal parts (50 minutes with a 45-minute limit: 25 + 25). A lesson that does not fit
    the room gets a part of at least `session_min` minutes, leaving at least `MIN_TAIL`.
    """
    if remaining <= room and remaining <= split_limit:
        return remaining
    smallest = min(session_min, split_limit)
    target = remaining
    if remaining > split_limit:
        parts = -(-remaining // split_limit)
        even = -(-remaining // parts)
        target = min(split_limit, max(smallest, -(-even // 5) * 5))
    piece = min(room, target, remaining - MIN_TAIL)
    return piece if piece >= smallest else None

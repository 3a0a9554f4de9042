"""Which lessons matter most: expected exam gain per minute, with prerequisites first.

A topic's value is expected questions x the test's weight in the track's score type x
(1 - mastery); it is spread over the topic's lessons by their minutes, so every lesson of a
topic has the same value per minute.

The study order is built greedily: repeatedly take the topic whose "bundle" (the topic plus
its not-yet-ordered unmet prerequisites, transitively) has the highest value per minute, and
append the bundle in prerequisite order. This is the classic density greedy for a knapsack
with precedence constraints; when time runs out, what is left at the end of the order is the
least valuable work.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from planner.model import Curriculum, Lesson, PlanRequest, Topic
from planner.plan import Reason, Unscheduled

WEAK_MASTERY = 0.5


@dataclass(frozen=True, slots=True)
class LessonItem:
    """A lesson still to study, with its remaining minutes and its share of the topic value."""

    lesson: Lesson
    topic: Topic
    minutes: int
    value: float
    reason_code: str
    reason_params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Priorities:
    """The ranked study queue and what the planner needs to know about topics."""

    queue: tuple[LessonItem, ...]
    left_out: tuple[Unscheduled, ...]
    unmet: Mapping[str, tuple[str, ...]]
    topics: Mapping[str, Topic]
    topic_lessons: Mapping[str, tuple[str, ...]]
    learned_at_start: tuple[str, ...]
    values: Mapping[str, float]
    leaders: Mapping[str, str]


def track_topics(curriculum: Curriculum) -> tuple[Topic, ...]:
    """The topics that count for the track: their test has a positive weight."""
    weights = curriculum.test_weights
    return tuple(topic for topic in curriculum.topics if weights.get(topic.test_id, 0.0) > 0)


def topic_value(topic: Topic, curriculum: Curriculum, mastery: float) -> float:
    """Expected questions x test weight x (1 - mastery): the weighted questions to win."""
    weight = curriculum.test_weights.get(topic.test_id, 0.0)
    return max(0.0, topic.expected_questions) * weight * (1.0 - mastery)


def _lessons_by_topic(curriculum: Curriculum) -> dict[str, list[Lesson]]:
    grouped: dict[str, list[Lesson]] = {}
    for lesson in curriculum.lessons:
        grouped.setdefault(lesson.topic_id, []).append(lesson)
    for lessons in grouped.values():
        lessons.sort(key=lambda lesson: (lesson.order, lesson.id))
    return grouped


def prioritise(request: PlanRequest) -> Priorities:
    """Rank the remaining lessons of the track by value per minute, prerequisites first.

    Pure and uncached: a re-plan ranks its request once and passes the ranking to the
    rebuild, the repair and the value of each (`priorities=`)."""
    curriculum, settings = request.curriculum, request.settings
    topics = track_topics(curriculum)
    by_id = {topic.id: topic for topic in topics}
    position = {topic.id: index for index, topic in enumerate(topics)}
    lessons = _lessons_by_topic(curriculum)
    done = set(request.done_lessons)
    progress = request.lesson_progress

    values: dict[str, float] = {}
    remaining: dict[str, list[tuple[Lesson, int, float]]] = {}
    left_out: list[Unscheduled] = []
    learned: list[str] = []
    for topic in topics:
        mastery = request.mastery_of(topic.id)
        value = topic_value(topic, curriculum, mastery)
        values[topic.id] = value
        topic_lessons = lessons.get(topic.id, [])
        total = sum(max(1, lesson.minutes) for lesson in topic_lessons) or 1
        open_lessons = [lesson for lesson in topic_lessons if lesson.id not in done]
        if mastery >= settings.learned or (topic_lessons and not open_lessons):
            learned.append(topic.id)
        if mastery >= settings.mastered:
            left_out.extend(
                Unscheduled(
                    lesson.id,
                    topic.id,
                    Reason.ALREADY_MASTERED,
                    {"mastery_percent": round(mastery * 100)},
                )
                for lesson in open_lessons
            )
            continue
        items = []
        for lesson in open_lessons:
            minutes = max(1, lesson.minutes)
            left = minutes - max(0, int(progress.get(lesson.id, 0)))
            if left < 5:
                continue
            items.append((lesson, left, value * left / total))
        if items:
            remaining[topic.id] = items

    unmet = {
        topic_id: tuple(
            prerequisite
            for prerequisite in by_id[topic_id].prerequisites
            if prerequisite in remaining
            and prerequisite != topic_id
            and request.mastery_of(prerequisite) < settings.prerequisite_met
        )
        for topic_id in remaining
    }
    order, leaders = _rank(remaining, unmet, position)
    queue: list[LessonItem] = []
    for topic_id in order:
        topic = by_id[topic_id]
        code, params = _lesson_reason(topic, request, values[topic_id], remaining[topic_id])
        if leaders[topic_id] != topic_id:
            code, params = Reason.PREREQUISITE, {**params, "for_topic_id": leaders[topic_id]}
        queue.extend(
            LessonItem(lesson, topic, minutes, value, code, params)
            for lesson, minutes, value in remaining[topic_id]
        )
    return Priorities(
        queue=tuple(queue),
        left_out=tuple(left_out),
        unmet=unmet,
        topics=by_id,
        topic_lessons={
            topic_id: tuple(lesson.id for lesson in items) for topic_id, items in lessons.items()
        },
        learned_at_start=tuple(learned),
        values=values,
        leaders=leaders,
    )


def _lesson_reason(
    topic: Topic, request: PlanRequest, value: float, items: list[tuple[Lesson, int, float]]
) -> tuple[str, dict[str, Any]]:
    mastery = request.mastery_of(topic.id)
    assessed = topic.id in request.mastery
    minutes = sum(minutes for _, minutes, _ in items)
    per_hour = sum(value for _, _, value in items) * 60 / max(1, minutes)
    params = {
        "topic_id": topic.id,
        "expected_questions": round(topic.expected_questions, 1),
        # Only a measured mastery is a figure to show: the request's default for a topic the
        # student skipped is a planning assumption, and the progress views call it "not assessed".
        "mastery_percent": round(mastery * 100) if assessed else None,
        "assessed": assessed,
        "gain_per_hour": round(per_hour, 3),
    }
    return (Reason.WEAK_TOPIC if mastery < WEAK_MASTERY else Reason.HIGH_VALUE), params


def _closure(
    topic_id: str,
    unmet: Mapping[str, tuple[str, ...]],
    ranked: set[str],
    position: Mapping[str, int],
) -> list[str]:
    """The topic and its unranked unmet prerequisites, prerequisites first (cycles cut)."""
    ordered: list[str] = []
    visiting: set[str] = set()
    seen: set[str] = set()

    def visit(current: str) -> None:
        if current in seen or current in visiting or current in ranked:
            return
        visiting.add(current)
        for prerequisite in sorted(unmet.get(current, ()), key=position.__getitem__):
            visit(prerequisite)
        visiting.discard(current)
        seen.add(current)
        ordered.append(current)

    visit(topic_id)
    return ordered


def _rank(
    remaining: Mapping[str, list[tuple[Lesson, int, float]]],
    unmet: Mapping[str, tuple[str, ...]],
    position: Mapping[str, int],
) -> tuple[list[str], dict[str, str]]:
    """Greedy bundle order; returns the order and, per topic, the topic that pulled it in."""
    minutes = {topic: sum(item[1] for item in items) for topic, items in remaining.items()}
    value = {topic: sum(item[2] for item in items) for topic, items in remaining.items()}
    dependants: dict[str, list[str]] = {topic: [] for topic in remaining}
    for topic, prerequisites in unmet.items():
        for prerequisite in prerequisites:
            dependants[prerequisite].append(topic)
    ranked: set[str] = set()
    order: list[str] = []
    leaders: dict[str, str] = {}
    version = dict.fromkeys(remaining, 0)

    def entry(topic: str) -> tuple[float, int, str, int]:
        bundle = _closure(topic, unmet, ranked, position)
        density = sum(value[t] for t in bundle) / max(1, sum(minutes[t] for t in bundle))
        return (-density, position[topic], topic, version[topic])

    heap = [entry(topic) for topic in remaining]
    heapq.heapify(heap)
    while heap:
        _, _, topic, stamp = heapq.heappop(heap)
        if topic in ranked or stamp != version[topic]:
            continue
        bundle = _closure(topic, unmet, ranked, position)
        for member in bundle:
            ranked.add(member)
            order.append(member)
            leaders[member] = topic
        stale = _descendants(bundle, dependants, ranked)
        for other in stale:
            version[other] += 1
            heapq.heappush(heap, entry(other))
    return order, leaders


def _descendants(
    bundle: list[str], dependants: Mapping[str, list[str]], ranked: set[str]
) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    stack = list(bundle)
    while stack:
        current = stack.pop()
        for dependant in dependants.get(current, ()):
            if dependant not in seen and dependant not in ranked:
                seen.add(dependant)
                found.append(dependant)
                stack.append(dependant)
    return sorted(found)

"""Which lessons to keep when time is short: a budget-aware greedy selection.

Given the lesson minutes a plan really has, walk the priority order bundle by bundle (a topic
with the unmet prerequisites it pulled in) while whole bundles fit. From the first bundle that
does not fit, choose greedily by value per minute among what still fits: for each remaining
topic, its unselected unmet prerequisites (whole) plus the longest run of its own first lessons
that fits. Prerequisites thus only count when their dependant really gets studied, and a
half-fitting bundle competes fairly with small independent topics.
"""

from __future__ import annotations

from planner.progress import Progress, TopicState


def _closure(topic: TopicState, progress: Progress, chosen: set[str]) -> list[TopicState]:
    """Unmet prerequisite topics not chosen yet, transitively, prerequisites first."""
    found: list[TopicState] = []
    seen: set[str] = set()

    def visit(current: TopicState) -> None:
        for other_id in current.unmet:
            other = progress.topics.get(other_id)
            if other is None or other_id in seen or other_id in chosen:
                continue
            seen.add(other_id)
            visit(other)
            found.append(other)

    visit(topic)
    return found


def _minutes(topic: TopicState) -> int:
    return sum(state.item.minutes for state in topic.lessons)


def _value(topic: TopicState) -> float:
    return sum(state.item.value for state in topic.lessons)


def select_lessons(
    progress: Progress, leaders: dict[str, str] | None, budget: int
) -> frozenset[str]:
    """Lesson ids worth scheduling in `budget` minutes, closed under prerequisites."""
    ranked = sorted(progress.topics.values(), key=lambda topic: topic.rank)
    lessons: list[str] = []
    chosen: set[str] = set()
    left = budget
    index = 0
    while index < len(ranked):
        leader = (leaders or {}).get(ranked[index].topic_id, ranked[index].topic_id)
        end = index + 1
        while end < len(ranked) and (leaders or {}).get(ranked[end].topic_id) == leader:
            end += 1
        bundle = ranked[index:end]
        cost = sum(_minutes(topic) for topic in bundle)
        if cost > left:
            break
        for topic in bundle:
            lessons.extend(state.item.lesson.id for state in topic.lessons)
            chosen.add(topic.topic_id)
        left -= cost
        index = end
    rest = [topic for topic in ranked[index:] if topic.topic_id not in chosen]
    while rest:
        best: tuple[float, int, TopicState, list[TopicState], int] | None = None
        for position, topic in enumerate(rest):
            needed = _closure(topic, progress, chosen)
            cost = sum(_minutes(other) for other in needed)
            if cost >= left:
                continue
            value = sum(_value(other) for other in needed)
            count, spent, won = 0, 0, 0.0
            for state in topic.lessons:
                if cost + spent + state.item.minutes > left:
                    break
                count, spent, won = count + 1, spent + state.item.minutes, won + state.item.value
            if count == 0:
                continue
            density = (value + won) / (cost + spent)
            if best is None or density > best[0]:
                best = (density, position, topic, needed, count)
        if best is None:
            break
        _, position, topic, needed, count = best
        for other in [*needed, topic]:
            states = other.lessons if other is not topic else other.lessons[:count]
            lessons.extend(state.item.lesson.id for state in states)
            left -= sum(state.item.minutes for state in states)
            chosen.add(other.topic_id)
        rest = [other for other in rest if other.topic_id not in chosen]
    return frozenset(lessons)

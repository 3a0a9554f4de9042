"""Which lessons to keep when time is short: a budget-aware greedy selection.

Given the lesson minutes a plan really has, walk the priority order bundle by bundle (a topic
with the unmet prerequisites it pulled in) while whole bundles fit. From the first bundle that
does not fit, choose greedily by value per minute among what still fits: for each remaining
topic, its unselected unmet prerequisites (whole) plus the longest run of its own first lessons
that fits. Prerequisites thus only count when their dependant really gets studied, and a
half-fitting bundle competes fairly with small independent topics.

Optionally the selection also counts the time a topic brings along (its module quizzes and
its first review): ten one-lesson topics cost ten quizzes and ten reviews, one ten-lesson
topic three quizzes and one review, which matters when the calendar is what is scarce. The
priority order knows nothing of that time, so then the whole choice is the greedy one.
"""

from __future__ import annotations

from planner.practice import quiz_minutes
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


def _steps(topic: TopicState, review: int | None) -> list[int]:
    """What placing each lesson of the topic costs: its minutes and, when `review` is given,
    the quiz of the module it closes and the first review (`review` minutes) after the
    topic's last lesson."""
    steps, first = [], 0
    last = len(topic.lessons) - 1
    for index, state in enumerate(topic.lessons):
        cost = state.item.minutes
        if review is None:
            steps.append(cost)
            continue
        if index in topic.module_ends:
            block = topic.lessons[first : index + 1]
            cost += quiz_minutes(sum(other.item.lesson.minutes for other in block))
            first = index + 1
        if index == last:
            cost += review
        steps.append(cost)
    return steps


def _value(topic: TopicState) -> float:
    return sum(state.item.value for state in topic.lessons)


def select_lessons(
    progress: Progress,
    leaders: dict[str, str] | None,
    budget: int,
    review_minutes: int | None = None,
) -> frozenset[str]:
    """Lesson ids worth scheduling in `budget` minutes, closed under prerequisites.

    By default `budget` counts lesson minutes only. With `review_minutes`, it also counts what
    a topic brings along: a quiz after each module and a first review after its last lesson;
    the choice is then greedy from the start (slower: about 15 ms for a whole YKS track).
    """
    steps = {topic.topic_id: _steps(topic, review_minutes) for topic in progress.topics.values()}

    def _minutes(topic: TopicState) -> int:
        return sum(steps[topic.topic_id])

    ranked = sorted(progress.topics.values(), key=lambda topic: topic.rank)
    lessons: list[str] = []
    chosen: set[str] = set()
    left = budget
    index = 0
    # The priority order ranks by lesson minutes only, so it leads only when they are the cost.
    while index < len(ranked) and review_minutes is None:
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
            for state, step in zip(topic.lessons, steps[topic.topic_id], strict=True):
                if cost + spent + step > left:
                    break
                count, spent, won = count + 1, spent + step, won + state.item.value
            if count == 0:
                continue
            density = (value + won) / (cost + spent)
            if best is None or density > best[0]:
                best = (density, position, topic, needed, count)
        if best is None:
            break
        _, position, topic, needed, count = best
        for other in [*needed, topic]:
            taken = len(other.lessons) if other is not topic else count
            lessons.extend(state.item.lesson.id for state in other.lessons[:taken])
            left -= sum(steps[other.topic_id][:taken])
            chosen.add(other.topic_id)
        rest = [other for other in rest if other.topic_id not in chosen]
    return frozenset(lessons)

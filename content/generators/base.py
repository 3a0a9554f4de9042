"""Building blocks of generators: the question they return and option assembly."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


class GeneratorError(Exception):
    """A generator cannot be found or failed to make a question."""


class Redraw(Exception):
    """The drawn parameters make a poor question; draw again."""


@dataclass(frozen=True, slots=True)
class GeneratedQuestion:
    """A generated multiple-choice question; `answer` is the index of the correct option."""

    stem: str
    options: tuple[str, ...]
    answer: int
    explanation: str
    difficulty: int = 2
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def correct_option(self) -> str:
        """The text of the correct option."""
        return self.options[self.answer]


MAX_DRAWS = 200


def retry(
    rng: random.Random, draw: Callable[[random.Random], GeneratedQuestion]
) -> GeneratedQuestion:
    """Call `draw` until it does not raise Redraw (deterministic for the rng's seed)."""
    for _ in range(MAX_DRAWS):
        try:
            return draw(rng)
        except Redraw:
            continue
    raise GeneratorError("no acceptable parameters found")


def assemble(
    rng: random.Random,
    correct: Any,
    mistakes: Iterable[Any],
    *,
    count: int,
    render: Callable[[Any], str] = str,
) -> tuple[tuple[str, ...], int]:
    """Options from the correct value and typical-mistake values, the key at a random position.

    Mistakes equal to the key or to each other are dropped; when too few remain the draw is
    rejected (Redraw), so every option always comes from a real mistake.
    """
    key = render(correct)
    wrong: list[str] = []
    for value in mistakes:
        text = render(value)
        if text != key and text not in wrong:
            wrong.append(text)
        if len(wrong) == count - 1:
            break
    if len(wrong) < count - 1:
        raise Redraw
    rng.shuffle(wrong)
    position = rng.randrange(count)
    options = [*wrong[:position], key, *wrong[position:]]
    return tuple(options), position

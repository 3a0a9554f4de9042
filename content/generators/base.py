"""Building blocks of generators: the question they return, option assembly, number text."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from content.schema import CircleFigure, GraphFigure, TriangleFigure

Figure = TriangleFigure | CircleFigure | GraphFigure


class GeneratorError(Exception):
    """A generator cannot be found or failed to make a question."""


class Redraw(Exception):
    """The drawn parameters make a poor question; draw again."""


@dataclass(frozen=True, slots=True)
class GeneratedQuestion:
    """A generated multiple-choice question; `answer` is the index of the correct option.

    `figure` is the spec of the picture shown with the question (content.figures draws it);
    a function-graph question keeps its numbers there and nowhere in the stem.
    """

    stem: str
    options: tuple[str, ...]
    answer: int
    explanation: str
    difficulty: int = 2
    params: Mapping[str, Any] = field(default_factory=dict)
    figure: Figure | None = None

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


def decimal(value: Fraction | int, *, comma: bool = True, places: int = 2) -> str:
    """A terminating value as a short decimal ("0,25" in Turkish, "0.25" in English).

    Raises Redraw when the value needs more than `places` decimals, so options stay exact.
    """
    value = Fraction(value)
    scaled = value * 10**places
    if scaled.denominator != 1:
        raise Redraw
    sign = "−" if comma and value < 0 else "-" if value < 0 else ""
    whole, rest = divmod(abs(scaled.numerator), 10**places)
    digits = f"{rest:0{places}d}".rstrip("0")
    if not digits:
        return f"{sign}{whole}"
    return f"{sign}{whole}{',' if comma else '.'}{digits}"


def pi_multiple(value: Fraction | int) -> str:
    """k·π written as an option: "π", "4π", "3π/2"."""
    value = Fraction(value)
    top = "" if value.numerator == 1 else str(value.numerator)
    return f"{top}π" if value.denominator == 1 else f"{top}π/{value.denominator}"


def exact(values: Iterable[Fraction | int], places: int = 2) -> list[Fraction]:
    """The positive values that `decimal` can write with at most `places` decimals."""
    return [Fraction(v) for v in values if v > 0 and (Fraction(v) * 10**places).denominator == 1]

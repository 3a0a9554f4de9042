"""Every generator over 1,000 seeds: the keyed option is right (checked by an independent
solver that reads the stem), every other option is wrong, options are distinct, the key's
position is spread, and the same seed gives the same question."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

import pytest

from content.generators import GeneratedQuestion, resolve
from tests.unit.generator_solvers import SOLVERS

SEEDS = range(1000)
Checker = Callable[[str, str], bool]


def _run(function: str) -> list[GeneratedQuestion]:
    generator = resolve(function)
    return [generator(random.Random(seed)) for seed in SEEDS]


@pytest.mark.parametrize("function", sorted(SOLVERS))
def test_generator_answers_are_right_and_options_spread(function: str) -> None:
    questions = _run(function)
    solver = SOLVERS[function]
    expected_options = 4 if ".sat_" in function else 5
    positions: Counter[int] = Counter()
    for seed, question in zip(SEEDS, questions, strict=True):
        assert len(question.options) == expected_options, (seed, question)
        assert len(set(question.options)) == expected_options, (seed, question.options)
        assert question.stem and question.explanation
        verdicts = [solver(question.stem, option) for option in question.options]
        assert verdicts[question.answer], (seed, question.stem, question.correct_option)
        assert sum(verdicts) == 1, (seed, question.stem, question.options)
        positions[question.answer] += 1
    for position in range(expected_options):
        share = positions[position] / len(SEEDS)
        assert 0.10 <= share <= 0.35, (position, dict(positions))


@pytest.mark.parametrize("function", sorted(SOLVERS))
def test_generator_is_deterministic_and_varied(function: str) -> None:
    generator = resolve(function)
    assert generator(random.Random(42)) == generator(random.Random(42))
    stems = {generator(random.Random(seed)).stem for seed in SEEDS}
    assert len(stems) >= 20, len(stems)


def test_there_are_enough_generators() -> None:
    yks = [name for name in SOLVERS if ".yks_" in name]
    sat = [name for name in SOLVERS if ".sat_" in name]
    assert len(yks) >= 10
    assert len(sat) >= 4

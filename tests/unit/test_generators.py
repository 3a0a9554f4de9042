"""Every generator over 1,000 seeds: the keyed option is right (checked by an independent
solver that reads the stem, or the figure of a function-graph question), every other option is
wrong, options are distinct, the key's position is spread, explanations fit a quiz poll, and
the same seed gives the same question."""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import cache

import pytest

from content.generators import GeneratedQuestion, resolve
from content.schema import Question
from tests.unit.generator_solvers import FIGURE_SOLVERS, SOLVERS

SEEDS = range(1000)
ALL = sorted([*SOLVERS, *FIGURE_SOLVERS])
# Geometry and function-graph generators must show their figure.
WITH_FIGURES = frozenset(
    {
        *FIGURE_SOLVERS,
        "content.generators.yks_geometry:triangle_angles",
        "content.generators.yks_geometry:right_triangle_sides",
        "content.generators.yks_geometry:circle_sector",
        "content.generators.sat_figures:circle_arc",
    }
)
POLL_EXPLANATION_LIMIT = 200


@cache
def _run(function: str) -> tuple[GeneratedQuestion, ...]:
    generator = resolve(function)
    return tuple(generator(random.Random(seed)) for seed in SEEDS)


def _verdict(function: str, question: GeneratedQuestion) -> Callable[[str], bool]:
    if function in FIGURE_SOLVERS:
        assert question.figure is not None
        figure = question.figure.model_dump(mode="json")
        return lambda option: FIGURE_SOLVERS[function](question.stem, figure, option)
    return lambda option: SOLVERS[function](question.stem, option)


@pytest.mark.parametrize("function", ALL)
def test_generator_answers_are_right_and_options_spread(function: str) -> None:
    expected_options = 4 if ".sat_" in function else 5
    positions: Counter[int] = Counter()
    for seed, question in zip(SEEDS, _run(function), strict=True):
        assert len(question.options) == expected_options, (seed, question)
        assert len(set(question.options)) == expected_options, (seed, question.options)
        assert question.stem and question.explanation
        assert len(question.explanation) <= POLL_EXPLANATION_LIMIT, (seed, question.explanation)
        verdict = _verdict(function, question)
        verdicts = [verdict(option) for option in question.options]
        assert verdicts[question.answer], (seed, question.stem, question.correct_option)
        assert sum(verdicts) == 1, (seed, question.stem, question.options)
        positions[question.answer] += 1
    for position in range(expected_options):
        share = positions[position] / len(SEEDS)
        assert 0.10 <= share <= 0.35, (position, dict(positions))


@pytest.mark.parametrize("function", ALL)
def test_generator_is_deterministic_and_varied(function: str) -> None:
    generator = resolve(function)
    assert generator(random.Random(42)) == generator(random.Random(42))
    # A graph question's numbers are in its figure, so variety counts the figure too.
    shown = {(q.stem, repr(q.figure)) for q in _run(function)}
    assert len(shown) >= 20, len(shown)


@pytest.mark.parametrize("function", sorted(WITH_FIGURES))
def test_figure_generators_always_carry_a_json_figure(function: str) -> None:
    for seed, question in zip(SEEDS, _run(function), strict=True):
        assert question.figure is not None, seed
        data = json.loads(json.dumps(question.figure.model_dump(mode="json")))
        # The JSON form is the spec itself: a bank question written in YAML would read it back.
        assert type(question.figure).model_validate(data) == question.figure, seed


@pytest.mark.parametrize("function", sorted(FIGURE_SOLVERS))
def test_graph_questions_need_the_figure(function: str) -> None:
    answers: defaultdict[str, set[str]] = defaultdict(set)
    for question in _run(function):
        assert question.stem.startswith(("Şekilde grafiği verilen f ", "The graph of ")), question
        answers[question.stem].add(question.correct_option)
    # The same words ask about different graphs with different answers: the stem alone is not
    # enough to answer.
    assert max(len(keys) for keys in answers.values()) >= 3


@pytest.mark.parametrize("function", sorted(SOLVERS.keys() | FIGURE_SOLVERS.keys()))
def test_some_generators_span_two_levels(function: str) -> None:
    difficulties = {question.difficulty for question in _run(function)}
    assert difficulties <= {1, 2, 3, 4, 5}
    if function.rsplit(":", 1)[0].endswith(("geometry", "graphs", "physics", "chemistry")):
        assert len(difficulties) >= 2, difficulties


def test_generated_question_keeps_its_figure_spec() -> None:
    from content.generators import generate
    from content.schema import GeneratorSpec

    spec = GeneratorSpec(
        id="gen_parabol", topic="a_parabol", function="content.generators.yks_graphs:parabola_graph"
    )
    question = generate(spec, 7, "tr")
    made = resolve(spec.function)(random.Random(7))
    assert isinstance(question, Question)
    assert question.figure_spec == made.figure and question.figure is None
    assert (question.stem, question.options, question.answer) == (
        made.stem,
        made.options,
        made.answer,
    )


def test_there_are_enough_generators() -> None:
    yks = [name for name in ALL if ".yks_" in name]
    sat = [name for name in ALL if ".sat_" in name]
    assert len(yks) >= 20
    assert len(sat) >= 6

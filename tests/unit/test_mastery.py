"""Bayesian Knowledge Tracing against hand-computed posteriors, and the Khan-style levels."""

from __future__ import annotations

import pytest

from coach.learning.mastery import BktParams, khan_level, params_for, posterior, trace, update
from content import MasteryModel

NO_FORGET = BktParams(guess=0.2, slip=0.1, learn=0.1, forget=0.0)


def test_right_answer_posterior_by_hand() -> None:
    # P(L|right) = 0.3*0.9 / (0.3*0.9 + 0.7*0.2) = 0.27 / 0.41
    assert posterior(0.3, True, NO_FORGET) == pytest.approx(0.27 / 0.41)
    # then learning: 0.658537 + (1 - 0.658537) * 0.1
    assert update(0.3, True, NO_FORGET) == pytest.approx(0.692683, abs=1e-6)


def test_wrong_answer_posterior_by_hand() -> None:
    # P(L|wrong) = 0.3*0.1 / (0.3*0.1 + 0.7*0.8) = 0.03 / 0.59
    assert posterior(0.3, False, NO_FORGET) == pytest.approx(0.03 / 0.59)
    assert update(0.3, False, NO_FORGET) == pytest.approx(0.145763, abs=1e-6)


def test_forgetting_lowers_the_transition() -> None:
    # 0.658537 * (1 - 0.02) + 0.341463 * 0.1
    assert update(0.3, True, BktParams(forget=0.02)) == pytest.approx(0.679512, abs=1e-6)


def test_sequence_is_the_chain_of_single_updates() -> None:
    answers = [True, False, True, True]
    p = 0.4
    for answer in answers:
        p = update(p, answer, NO_FORGET)
    assert trace(0.4, answers, NO_FORGET) == pytest.approx(p)
    assert trace(0.4, [True] * 8, NO_FORGET) > 0.95
    assert trace(0.9, [False] * 6, NO_FORGET) < 0.3


def test_estimate_stays_inside_bounds() -> None:
    assert 0 < update(0.0, False) < 0.2
    assert 0.9 < update(1.0, True) < 1


def test_pack_overrides_only_what_it_sets() -> None:
    class FakePack:
        mastery = MasteryModel(guess=0.25, slip=None, learn=0.2)

    params = params_for(FakePack())  # type: ignore[arg-type]
    assert params == BktParams(guess=0.25, slip=0.1, learn=0.2, forget=0.02)


@pytest.mark.parametrize(
    ("mastery", "confirmed", "level"),
    [
        (None, True, "not_started"),
        (0.3, True, "attempted"),
        (0.6, True, "familiar"),
        (0.85, True, "proficient"),
        (0.97, False, "proficient"),
        (0.97, True, "mastered"),
    ],
)
def test_khan_levels(mastery: float | None, confirmed: bool, level: str) -> None:
    assert khan_level(mastery, confirmed=confirmed) == level

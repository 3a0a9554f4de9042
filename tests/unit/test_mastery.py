"""Bayesian Knowledge Tracing against hand-computed posteriors, and the Khan-style levels."""

from __future__ import annotations

import pytest

from coach.learning.mastery import (
    DEFAULT_PARAMS,
    GUESS_FLOOR,
    SLIP_FLOOR,
    BktParams,
    evidence_weight,
    for_item,
    khan_level,
    params_for,
    posterior,
    trace,
    update,
)
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


def test_one_slip_after_fifteen_right_answers_keeps_the_level() -> None:
    """Evidence-weighted BKT: a long record of right answers survives one slip, even on an
    easy question (whose slip has a floor), where plain BKT crashed to about 50%."""
    for difficulty in (0.0, -1.0, -2.0, -3.0):
        p = 0.3
        for n in range(15):
            p = update(p, True, DEFAULT_PARAMS, difficulty, answers_before=n)
        assert p > 0.85
        slipped = update(p, False, DEFAULT_PARAMS, difficulty, answers_before=15)
        assert 0.75 < slipped < p
        # Plain BKT without the record moves much further on the same answer.
        assert update(p, False, DEFAULT_PARAMS, difficulty) < slipped


def test_a_run_of_wrong_answers_still_brings_mastery_down() -> None:
    p = trace(0.3, [True] * 15, weighted=True)
    after = p
    for n in range(15, 21):
        lower = update(after, False, DEFAULT_PARAMS, answers_before=n)
        assert lower < after
        after = lower
    assert after < 0.6 <= p


def test_evidence_weight_falls_to_its_floor() -> None:
    assert evidence_weight(0) == pytest.approx(2 / 3)
    assert evidence_weight(1) == pytest.approx(0.5)
    assert evidence_weight(15) == 0.25
    assert evidence_weight(1000) == 0.25
    # Without a record the update is plain BKT (the hand-computed value above).
    assert update(0.3, True, NO_FORGET) == pytest.approx(0.692683, abs=1e-6)
    assert update(0.3, True, NO_FORGET, answers_before=0) == pytest.approx(
        0.3 + (2 / 3) * (0.692683 - 0.3), abs=1e-6
    )


def test_item_guess_and_slip_have_floors() -> None:
    easy, hard = for_item(DEFAULT_PARAMS, -6.0), for_item(DEFAULT_PARAMS, 6.0)
    assert easy.slip == SLIP_FLOOR and hard.guess == GUESS_FLOOR

"""The question picker follows mastery and does not repeat within a week; difficulties fit."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from coach.learning.calibrate import fit_difficulties, fit_item
from coach.learning.picker import (
    Candidate,
    ability,
    item_key,
    pick,
    recently_seen,
    seed_difficulty,
    success,
)
from coach.learning.records import QuizAttempt

NOW = datetime(2027, 1, 10, 18, 0, tzinfo=UTC)
# Two questions per authored level 1-5 on one topic.
BANK = [Candidate(f"q{level}{i}", seed_difficulty(level)) for level in range(1, 6) for i in "ab"]
LEVEL = {c.ref: int(c.ref[1]) for c in BANK}


def _mean_level(refs: list[str]) -> float:
    return sum(LEVEL[r] for r in refs) / len(refs)


def test_a_weak_student_gets_easier_items_than_a_strong_one() -> None:
    weak = pick(BANK, mastery=0.15, kind="module", length=3, seen={})
    strong = pick(BANK, mastery=0.9, kind="module", length=3, seen={})
    assert _mean_level(weak) < 2
    assert _mean_level(strong) >= 4
    # Not easiest-first: a strong student is not handed the level-1 items.
    assert not {"q1a", "q1b"} & set(strong)


def test_easier_practice_is_easier_and_placement_harder_at_the_same_mastery() -> None:
    easier = pick(BANK, mastery=0.5, kind="easier", length=3, seen={})
    usual = pick(BANK, mastery=0.5, kind="review", length=3, seen={})
    placement = pick(BANK, mastery=0.5, kind="placement", length=3, seen={})
    assert _mean_level(easier) < _mean_level(usual) < _mean_level(placement)


def test_no_repeat_within_seven_days_while_others_remain() -> None:
    asked = pick(BANK, mastery=0.5, kind="module", length=3, seen={})
    seen = recently_seen(((ref, NOW - timedelta(days=2)) for ref in asked), NOW)
    again = pick(BANK, mastery=0.5, kind="module", length=3, seen=seen)
    assert not set(asked) & set(again)
    # After a week the best-fitting questions may come back.
    old = recently_seen(((ref, NOW - timedelta(days=8)) for ref in asked), NOW)
    assert old == {}
    assert pick(BANK, mastery=0.5, kind="module", length=3, seen=old) == asked


def test_seen_questions_only_fill_up_the_oldest_first() -> None:
    small = BANK[:4]
    seen = {"q1a": NOW - timedelta(days=1), "q1b": NOW - timedelta(days=3)}
    refs = pick(small, mastery=0.5, kind="module", length=3, seen=seen)
    assert refs[:2] == ["q2a", "q2b"] or set(refs[:2]) == {"q2a", "q2b"}
    assert refs[2] == "q1b"  # seen three days ago, before q1a (yesterday)


def test_generated_questions_are_one_item_per_generator() -> None:
    assert item_key("triangle_angles@1234") == "triangle_angles@"
    assert item_key("q-geo-1") == "q-geo-1"


def test_fit_recovers_a_harder_item_than_authored() -> None:
    rng = random.Random(5)
    true_b = 1.5
    pairs = []
    for _ in range(400):
        theta = rng.gauss(0, 1)
        pairs.append((theta, rng.random() < success(theta, true_b)))
    fitted = fit_item(pairs, prior=seed_difficulty(3))
    assert abs(fitted - true_b) < 0.3
    # Three answers barely move an item away from its authored level.
    assert abs(fit_item(pairs[:3], prior=0.0)) < 1.0


def test_fit_difficulties_reads_abilities_from_stored_mastery() -> None:
    def attempt(ref: str, mastery: float, correct: bool) -> QuizAttempt:
        return QuizAttempt(1, "p", "t", "z", "module", ref, 3, correct, False, None, mastery,
                           mastery, NOW)  # fmt: skip

    rows = [attempt("hard", 0.8, False) for _ in range(30)]
    rows += [attempt("easy", 0.2, True) for _ in range(30)]
    rows += [attempt("gen@1", 0.5, True), attempt("gen@2", 0.5, False)]
    rows.append(QuizAttempt(1, "p", "t", "z", "module", "skip", 3, False, True, None, 0.5, 0.5,
                            NOW))  # fmt: skip
    fitted = fit_difficulties(rows)
    assert fitted["hard"].difficulty > ability(0.8) > 0 > fitted["easy"].difficulty
    assert fitted["gen@"].answers == 2 and "skip" not in fitted

"""FSRS review cards: ratings from correctness and time, known intervals, rising retention."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fsrs import Card, Rating

from coach.learning.spaced import desired_retention, due_now, rating_for, retrievability, review

NOON = datetime(2026, 12, 1, 12, tzinfo=UTC)


def test_ratings_from_correctness_and_time() -> None:
    assert rating_for(1, 3, 40) is Rating.Again
    assert rating_for(2, 5, 40) is Rating.Again
    assert rating_for(3, 5, 40) is Rating.Hard
    assert rating_for(2, 3, 40) is Rating.Good  # one slip in three is not a lapse
    assert rating_for(3, 4, 40) is Rating.Good
    assert rating_for(3, 3, 200) is Rating.Hard  # right, but slow
    assert rating_for(3, 3, 60) is Rating.Good
    assert rating_for(3, 3, 20) is Rating.Easy  # all right and fast
    assert rating_for(4, 5, None) is Rating.Good
    assert rating_for(0, 0, None) is Rating.Again


def test_first_review_intervals_match_fsrs_default_parameters() -> None:
    # FSRS-6 initial stabilities are w0..w3 = 0.212, 1.2931, 2.3065, 8.2956 days; at 90%
    # desired retention the interval equals the stability, rounded (at least one day).
    expected = {Rating.Again: 1, Rating.Hard: 1, Rating.Good: 2, Rating.Easy: 8}
    for rating, days in expected.items():
        card_json, due = review(None, "paragraf", rating, NOON, 0.9)
        assert due - NOON == timedelta(days=days), rating
        assert Card.from_json(card_json).stability is not None


def test_good_again_good_sequence() -> None:
    card, due = review(None, "t", Rating.Good, NOON, 0.9)
    assert due - NOON == timedelta(days=2)
    card, due2 = review(card, "t", Rating.Good, due, 0.9)
    assert due2 - due == timedelta(days=11)
    card, due3 = review(card, "t", Rating.Again, due2, 0.9)
    assert due3 - due2 == timedelta(days=2)
    assert Card.from_json(card).stability < 2.0


def test_higher_retention_shortens_intervals() -> None:
    card, due = review(None, "t", Rating.Good, NOON, 0.9)
    _, loose = review(card, "t", Rating.Good, due, 0.85)
    _, strict = review(card, "t", Rating.Good, due, 0.95)
    assert strict < loose


def test_retention_rises_to_the_exam() -> None:
    start, exam = date(2026, 12, 1), date(2027, 6, 19)
    assert desired_retention(start, exam, start) == 0.85
    assert desired_retention(start, exam, exam) == 0.95
    middle = desired_retention(start, exam, start + (exam - start) / 2)
    assert 0.85 < middle < 0.95


def test_due_now_and_retrievability() -> None:
    card, _ = review(None, "t", Rating.Easy, NOON, 0.9)
    assert retrievability(card, NOON + timedelta(days=1)) > retrievability(
        card, NOON + timedelta(days=30)
    )
    moved = Card.from_json(due_now(card, NOON + timedelta(days=1)))
    assert moved.due == NOON + timedelta(days=1)

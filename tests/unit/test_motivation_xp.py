"""The XP rules (pure): replaying the ledger reproduces every figure, the daily cap holds,
a repeated event earns nothing, and the level curve is monotone with names in tr and en."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from coach.motivation.xp import (
    DAILY_CAP,
    LEVEL_COUNT,
    Award,
    answer_award,
    balance,
    daily_totals,
    level_floor,
    level_of,
    replay,
    session_award,
)
from prompts import render

START = date(2026, 12, 7)

awards = st.builds(
    Award,
    key=st.sampled_from(
        [f"answer:mini:q{i}" for i in range(12)] + [f"session:{i}" for i in range(8)]
    ),
    reason=st.sampled_from(["quiz", "session", "review"]),
    requested=st.integers(min_value=0, max_value=120),
    minutes=st.integers(min_value=0, max_value=90),
)
stream = st.lists(
    st.tuples(
        awards, st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=23)
    ),
    max_size=80,
)


@given(stream)
def test_replay_reproduces_the_ledger_and_the_cap_holds(
    items: list[tuple[Award, int, int]],
) -> None:
    dated = [(award, START + timedelta(days=d), hour) for award, d, hour in items]
    ledger = replay(dated)
    # each event earns at most once
    assert len({e.key for e in ledger}) == len(ledger)
    # the cap holds on every study day
    assert all(total <= DAILY_CAP for total in daily_totals(ledger).values())
    # an entry never earns more than it asked for
    assert all(0 <= e.amount <= e.requested for e in ledger)
    # rebuilding from the stored rows (requested amounts, in order) gives the same rows
    rebuilt = replay(
        [(Award(e.key, e.reason, e.requested, e.minutes), e.day, e.hour) for e in ledger]
    )
    assert rebuilt == ledger
    assert balance(rebuilt) == balance(ledger)
    assert level_of(balance(rebuilt)) == level_of(balance(ledger))


def test_repeating_a_quiz_earns_nothing_the_second_time() -> None:
    first = [answer_award("mini", f"q{i}", 3, correct=True, kind="quiz") for i in range(5)]
    again = [answer_award("mini", f"q{i}", 3, correct=True, kind="quiz") for i in range(5)]
    day = START
    ledger = replay(
        [(a, day, 10) for a in first if a] + [(a, day + timedelta(days=1), 10) for a in again if a]
    )
    assert len(ledger) == 5
    assert sum(e.amount for e in ledger if e.day == day + timedelta(days=1)) == 0


def test_wrong_answers_and_placement_earn_nothing() -> None:
    assert answer_award("mini", "q1", 5, correct=False, kind="quiz") is None
    assert answer_award("mini", "q1", 5, correct=True, kind="assessment") is None
    easy = answer_award("mini", "q1", 1, correct=True, kind="quiz")
    hard = answer_award("mini", "q2", 5, correct=True, kind="quiz")
    assert easy is not None and hard is not None and hard.requested > easy.requested


def test_sessions_earn_by_minutes_and_a_review_more() -> None:
    assert session_award(1, "lesson", 50).requested > session_award(2, "lesson", 20).requested
    assert session_award(3, "review", 30).requested > session_award(4, "lesson", 30).requested
    assert session_award(5, "lesson", 600).requested <= 60


def test_the_daily_cap_stops_a_farming_day() -> None:
    day_awards = [(Award(f"session:{i}", "session", 60, 120), START, 9) for i in range(20)]
    ledger = replay(day_awards)
    assert balance(ledger) == DAILY_CAP
    assert sum(e.minutes for e in ledger) == 20 * 120  # the study still counts for hours


@given(st.integers(min_value=0, max_value=20_000), st.integers(min_value=0, max_value=500))
def test_levels_never_go_down_as_xp_grows(xp: int, more: int) -> None:
    assert level_of(xp + more).number >= level_of(xp).number
    level = level_of(xp)
    assert level.floor <= xp
    assert level.next_floor is None or xp < level.next_floor


def test_every_level_has_a_name_in_both_languages() -> None:
    for locale in ("tr", "en"):
        names = [
            render("motivation/level_name", locale, level=n).strip()
            for n in range(1, LEVEL_COUNT + 1)
        ]
        assert all(names) and len(set(names)) == LEVEL_COUNT
    assert render("motivation/level_name", "tr", level=5).strip() == "Çalışkan"
    assert (
        level_floor(1) == 0
        and level_of(0).number == 1
        and level_of(level_floor(LEVEL_COUNT)).to_next == 0
    )

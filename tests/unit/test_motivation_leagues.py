"""Must-show 3 (the pure part): league formation puts each opted-in student in exactly one
league of at most 30, of one exam and one age group; a week's close moves a student by at most
one tier, and the next week's tiers follow from it."""

from __future__ import annotations

from collections import Counter
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.motivation.leagues import (
    LEAGUE_SIZE,
    TIERS,
    Entrant,
    Result,
    form,
    next_tier,
    results,
)

WEEK = date(2026, 12, 7)

entrants_st = st.lists(
    st.builds(
        Entrant,
        user_id=st.integers(min_value=1, max_value=10_000),
        pack_id=st.sampled_from(["yks", "sat"]),
        minor=st.booleans(),
        tier=st.integers(min_value=-1, max_value=TIERS),  # bad stored tiers are clamped
        pace=st.floats(min_value=0, max_value=3000, allow_nan=False),
    ),
    max_size=400,
    unique_by=lambda e: e.user_id,
)


@settings(max_examples=200, deadline=None)
@given(entrants_st)
def test_formation(entrants: list[Entrant]) -> None:
    leagues = form(entrants, WEEK)
    placed = Counter(member for league in leagues for member in league.members)
    assert set(placed) == {e.user_id for e in entrants}
    assert all(count == 1 for count in placed.values())  # exactly one league each
    by_id = {e.user_id: e for e in entrants}
    for league in leagues:
        assert 1 <= len(league.members) <= LEAGUE_SIZE
        assert {by_id[m].pack_id for m in league.members} == {league.pack_id}
        assert {by_id[m].minor for m in league.members} == {league.minor}  # no minor with an adult
        assert 0 <= league.tier < TIERS
    assert len({league.key for league in leagues}) == len(leagues)


def test_similar_pace_plays_together() -> None:
    entrants = [Entrant(i, "yks", False, 0, float(i)) for i in range(1, 61)]
    slow, fast = sorted(form(entrants, WEEK), key=lambda league: min(league.members))
    assert max(slow.members) < min(fast.members)


def test_thirty_one_make_two_leagues_not_thirty_and_one() -> None:
    leagues = form([Entrant(i, "yks", True, 2, 0.0) for i in range(31)], WEEK)
    assert sorted(len(league.members) for league in leagues) == [15, 16]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=TIERS - 1),
    st.dictionaries(st.integers(1, 500), st.integers(0, 2000), min_size=1, max_size=LEAGUE_SIZE),
)
def test_a_close_moves_at_most_one_tier(tier: int, xp: dict[int, int]) -> None:
    moved = results(tier, xp.keys(), xp)
    assert set(moved) == set(xp)
    promoted = [m for m, r in moved.items() if r is Result.PROMOTED]
    demoted = [m for m, r in moved.items() if r is Result.DEMOTED]
    assert len(promoted) <= max(1, len(xp) // 5) and len(demoted) <= max(1, len(xp) // 5)
    assert all(xp[m] > 0 for m in promoted)  # nobody moves up without learning
    if promoted and demoted:
        assert min(xp[m] for m in promoted) >= max(xp[m] for m in demoted)
    for result in moved.values():
        assert abs(next_tier(tier, result) - tier) <= 1
        assert 0 <= next_tier(tier, result) < TIERS
    if tier == TIERS - 1:
        assert not promoted
    if tier == 0:
        assert not demoted


def test_a_week_is_over_when_the_westernmost_members_sunday_is() -> None:
    from datetime import UTC, date, datetime

    from coach.motivation.leagues import week_end, week_over

    week = date(2026, 12, 7)
    assert week_end(week, "America/New_York") == datetime(2026, 12, 14, 9, 0, tzinfo=UTC)
    zones = ["Europe/Istanbul", "America/New_York"]
    assert not week_over(week, zones, datetime(2026, 12, 14, 8, 59, tzinfo=UTC))
    assert week_over(week, zones, datetime(2026, 12, 14, 9, 0, tzinfo=UTC))
    assert week_over(week, ["Europe/Istanbul"], datetime(2026, 12, 14, 1, 0, tzinfo=UTC))

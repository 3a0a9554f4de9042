"""Matching study groups: the hard rules hold for any pool of opted-in students (property
tests), and the policy prefers the focus the students chose."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.community.matching import match
from coach.community.model import SLOT_MINUTES, Candidate, FocusMode, MatchPolicy
from coach.community.windows import local_mask, spans_in, utc_mask

TOPICS = ("turev", "integral", "limit", "olasilik", "geometri")
NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)


@st.composite
def candidates(draw: st.DrawFn) -> list[Candidate]:
    count = draw(st.integers(0, 40))
    pool = []
    for user_id in range(1, count + 1):
        # free time: a few evening blocks, so that overlaps are common but not certain
        free = 0
        for day in draw(st.lists(st.integers(0, 6), max_size=4, unique=True)):
            start = draw(st.integers(30, 44))
            length = draw(st.integers(1, 5))
            for slot in range(start, min(48, start + length)):
                free |= 1 << (day * 48 + slot)
        pool.append(
            Candidate(
                user_id=user_id,
                pack_id=draw(st.sampled_from(("yks", "sat"))),
                track=draw(st.sampled_from(("SAY", "EA"))),
                locale=draw(st.sampled_from(("tr", "en"))),
                minor=draw(st.booleans()),
                free=free,
                weak=frozenset(draw(st.lists(st.sampled_from(TOPICS), max_size=3))),
                strong=frozenset(draw(st.lists(st.sampled_from(TOPICS), max_size=2))),
                focus=draw(st.sampled_from(tuple(FocusMode))),
            )
        )
    return pool


@st.composite
def policies(draw: st.DrawFn) -> MatchPolicy:
    low = draw(st.integers(2, 4))
    return MatchPolicy(min_size=low, max_size=draw(st.integers(low, 6)))


@settings(max_examples=150, deadline=None)
@given(candidates(), policies())
def test_matching_keeps_every_hard_rule(pool: list[Candidate], policy: MatchPolicy) -> None:
    by_id = {c.user_id: c for c in pool}
    groups = match(pool, policy)
    seen: set[int] = set()
    for group in groups:
        members = [by_id[u] for u in group.members]
        assert not seen & set(group.members)  # at most one group each
        seen |= set(group.members)
        assert policy.min_size <= len(members) <= policy.max_size
        assert len({m.minor for m in members}) == 1  # never a minor with an adult
        assert len({(m.pack_id, m.track, m.locale) for m in members}) == 1
        shared = members[0].free
        for m in members[1:]:
            shared &= m.free
        assert shared == group.shared_free
        assert shared.bit_count() * SLOT_MINUTES >= 60
        assert group.minors == members[0].minor


def test_a_compatible_trio_is_grouped_with_shared_topics() -> None:
    evening = local_mask({"tue": ("19:00-21:00",), "thu": ("19:00-21:00",)}, {})
    free = utc_mask(evening, "Europe/Istanbul", NOW)
    trio = [
        Candidate(i, "yks", "SAY", "tr", True, free, weak=frozenset({"turev", "integral"}))
        for i in (1, 2, 3)
    ]
    adult = Candidate(4, "yks", "SAY", "tr", False, free, weak=frozenset({"turev"}))
    (group,) = match([*trio, adult])
    assert group.members == (1, 2, 3)
    assert group.topics == ("integral", "turev")
    assert [
        (s.weekday, s.start, s.end) for s in spans_in(group.shared_free, "Europe/Istanbul", NOW)
    ] == [
        ("tue", "19:00", "21:00"),
        ("thu", "19:00", "21:00"),
    ]


def test_similar_focus_is_preferred_over_a_stranger() -> None:
    free = local_mask({"mon": ("18:00-20:00",)}, {})
    same = [
        Candidate(i, "yks", "SAY", "tr", False, free, weak=frozenset({"limit"})) for i in (1, 2)
    ]
    other = [
        Candidate(i, "yks", "SAY", "tr", False, free, weak=frozenset({"geometri"})) for i in (3, 4)
    ]
    groups = match([*same, *other], MatchPolicy(min_size=2, max_size=2))
    assert sorted(g.members for g in groups) == [(1, 2), (3, 4)]  # never Limit with Geometri


def test_complementary_groups_pair_strong_with_weak() -> None:
    free = local_mask({"sat": ("10:00-12:00",)}, {})
    mode = FocusMode.COMPLEMENTARY
    a = Candidate(
        1, "sat", "MATH", "en", False, free, frozenset({"algebra"}), frozenset({"geometry"}), mode
    )
    b = Candidate(
        2, "sat", "MATH", "en", False, free, frozenset({"geometry"}), frozenset({"algebra"}), mode
    )
    c = Candidate(3, "sat", "MATH", "en", False, free, frozenset({"algebra"}), frozenset(), mode)
    (group,) = match([a, b, c])
    assert set(group.topics) == {"algebra", "geometry"}


def test_too_little_shared_time_forms_no_group() -> None:
    one = local_mask({"mon": ("18:00-19:00",)}, {})
    two = local_mask({"mon": ("18:30-19:30",)}, {})
    pool = [Candidate(i, "yks", "SAY", "tr", True, one if i % 2 else two) for i in range(1, 7)]
    assert all(g.overlap_minutes >= 60 for g in match(pool))
    assert {len(g.members) for g in match(pool)} <= {3}


def test_students_who_asked_for_others_are_kept_apart() -> None:
    free = local_mask({"mon": ("18:00-20:00",)}, {})
    a = Candidate(1, "yks", "SAY", "tr", True, free, avoid=frozenset({2}))
    rest = [Candidate(i, "yks", "SAY", "tr", True, free) for i in (2, 3, 4)]
    for group in match([a, *rest], MatchPolicy(min_size=2, max_size=6)):
        assert not {1, 2} <= set(group.members)

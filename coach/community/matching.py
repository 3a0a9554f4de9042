"""Matching opted-in students into study groups: a pure, deterministic policy.

Hard rules (checked by property tests): a student is in at most one suggestion; sizes stay
within the policy's bounds; minors only with minors, adults only with adults; every member has
the same exam, track and language; all members share at least `min_overlap_minutes` of free
time a week. Within those rules the matcher prefers groups whose focus fits: the same weak
topics (similar) or one's strong topic being another's weak one (complementary).

The method is a constrained greedy clustering: students are put in buckets by the hard keys,
sorted so that students with the same weak topics sit next to each other, and each seed takes
the best-fitting neighbours among the next `scan` unassigned ones. Free time is a bit mask, so
checking an overlap is one AND and a bit count; 10,000 students take well under a second.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from coach.community.model import (
    SLOT_MINUTES,
    Candidate,
    FocusMode,
    MatchPolicy,
    Suggestion,
)

DEFAULT_MATCH_POLICY = MatchPolicy()
Bucket = tuple[str, str, str, bool, FocusMode]


def bucket_of(candidate: Candidate) -> Bucket:
    """The hard keys two students must share to be grouped."""
    c = candidate
    return (c.pack_id, c.track, c.locale, c.minor, c.focus)


def fit(a: Candidate, b: Candidate) -> int:
    """How well two students' focus fits, by the mode they chose (higher is better)."""
    if a.focus is FocusMode.COMPLEMENTARY:
        return len(a.strong & b.weak) + len(b.strong & a.weak)
    return len(a.weak & b.weak)


def _minutes(mask: int) -> int:
    return mask.bit_count() * SLOT_MINUTES


def _group_in_bucket(pool: Sequence[Candidate], policy: MatchPolicy) -> list[list[Candidate]]:
    ordered = sorted(pool, key=lambda c: (tuple(sorted(c.weak)), c.user_id))
    taken = [False] * len(ordered)
    groups: list[list[Candidate]] = []
    for i, seed in enumerate(ordered):
        if taken[i] or _minutes(seed.free) < policy.min_overlap_minutes:
            continue
        near: list[tuple[int, int]] = []  # (-fit, position) of usable neighbours
        seen = 0
        for j in range(i + 1, len(ordered)):
            if seen >= policy.scan:
                break
            if taken[j]:
                continue
            seen += 1
            other = ordered[j]
            if _minutes(seed.free & other.free) < policy.min_overlap_minutes:
                continue
            near.append((-fit(seed, other), j))
        near.sort()
        members, shared, chosen = [seed], seed.free, [i]
        for _, j in near:
            if len(members) >= policy.max_size:
                break
            other = ordered[j]
            both = shared & other.free
            if _minutes(both) < policy.min_overlap_minutes:
                continue
            if any(m.user_id in other.avoid or other.user_id in m.avoid for m in members):
                continue
            members.append(other)
            shared = both
            chosen.append(j)
        if len(members) >= policy.min_size:
            for j in chosen:
                taken[j] = True
            groups.append(members)
    return groups


def _topics(members: Sequence[Candidate], focus: FocusMode) -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    if focus is FocusMode.COMPLEMENTARY:
        weak = set().union(*(m.weak for m in members))
        for m in members:
            counts.update(m.strong & weak)
    else:
        for m in members:
            counts.update(m.weak)
    # similar: a topic counts when two share it; complementary: when one can teach it
    least = 1 if focus is FocusMode.COMPLEMENTARY else 2
    shared = [t for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= least]
    return tuple(shared[:3])


def match(
    candidates: Iterable[Candidate], policy: MatchPolicy = DEFAULT_MATCH_POLICY
) -> tuple[Suggestion, ...]:
    """Study groups for the candidates; students who fit no group are left out (for now)."""
    buckets: dict[Bucket, list[Candidate]] = defaultdict(list)
    seen: set[int] = set()
    for c in candidates:
        if c.user_id not in seen:  # a student counted twice could land in two groups
            seen.add(c.user_id)
            buckets[bucket_of(c)].append(c)
    suggestions: list[Suggestion] = []
    for key in sorted(buckets, key=lambda k: (k[0], k[1], k[2], k[3], k[4].value)):
        pack_id, track, locale, minors, focus = key
        for members in _group_in_bucket(buckets[key], policy):
            shared = members[0].free
            for m in members[1:]:
                shared &= m.free
            suggestions.append(
                Suggestion(
                    members=tuple(sorted(m.user_id for m in members)),
                    pack_id=pack_id,
                    track=track,
                    locale=locale,
                    minors=minors,
                    focus=focus,
                    shared_free=shared,
                    topics=_topics(members, focus),
                )
            )
    return tuple(suggestions)

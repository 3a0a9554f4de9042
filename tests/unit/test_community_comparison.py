"""Peer comparison: only an aggregate over at least ten similar students who reached their
target, never the average of everyone, never one person's figure."""

from __future__ import annotations

from coach.community.comparison import PeerRecord, compare


def _peer(user_id: int, level: float, reached: bool, minutes: float) -> PeerRecord:
    return PeerRecord(user_id, "yks", level, reached, minutes)


def test_successful_similar_students_are_the_yardstick() -> None:
    me = _peer(1, 0.40, False, 300)
    winners = [_peer(10 + i, 0.45, True, 600 + 10 * i) for i in range(10)]
    strugglers = [_peer(50 + i, 0.40, False, 60) for i in range(30)]  # not who we compare to
    far = [_peer(90 + i, 0.90, True, 60) for i in range(10)]  # another starting level
    result = compare(me, [me, *winners, *strugglers, *far])
    assert result is not None
    assert result.peers == 10 and result.peer_hours == round(645 / 60, 1) and result.my_hours == 5.0


def test_fewer_than_ten_show_nothing() -> None:
    me = _peer(1, 0.40, False, 300)
    assert compare(me, [_peer(10 + i, 0.4, True, 600) for i in range(9)]) is None
    assert compare(PeerRecord(1, "yks", None, False, 0), []) is None

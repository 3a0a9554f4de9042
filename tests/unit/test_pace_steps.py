"""The pace the plan uses moves only in steps the student is told about.

A saved pace of 0.96 after one evening scaled every lesson of the plan, so the check-in's
re-plan resized and rebuilt everything (a 672-change proposal after day one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from coach.domain import SessionStatus
from coach.learning.adapt import PACE, Adaptation

NOW = datetime(2026, 12, 7, 20, 0, tzinfo=UTC)


@dataclass
class _Learning:
    saved: list[Any] = field(default_factory=list)

    async def time_estimates(self, user_id: int, pack_id: str) -> dict[str, Any]:
        return {PACE: self.saved[-1]} if self.saved else {}

    async def save_time_estimate(self, estimate: Any) -> None:
        self.saved.append(estimate)


def _uow(minutes_spent: list[tuple[int, int]]) -> Any:
    sessions = [
        SimpleNamespace(kind="lesson", minutes=p, minutes_spent=s, status=SessionStatus.DONE)
        for p, s in minutes_spent
    ]

    async def active_for(user_id: int) -> Any:
        return SimpleNamespace(id=1)

    async def plan_sessions(plan_id: int, first: date, last: date) -> list[Any]:
        return sessions

    plans = SimpleNamespace(active_for=active_for, sessions=plan_sessions)
    return SimpleNamespace(plans=plans, learning=_Learning())


async def test_one_evening_a_little_faster_saves_no_pace() -> None:
    uow = _uow([(40, 30), (40, 30), (35, 30)])  # 90 of 115 minutes
    adaptation = Adaptation(catalog=SimpleNamespace())  # type: ignore[arg-type]
    user, pack = SimpleNamespace(id=1), SimpleNamespace(id="yks")
    pace = await adaptation.update_pace(uow, user, pack, NOW)  # type: ignore[arg-type]
    assert 0.9 < pace < 1.0
    assert uow.learning.saved == []  # the plan keeps pace 1.0: no lesson changes length

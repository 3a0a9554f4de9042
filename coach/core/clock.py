"""The clock port: pure code takes `now`; the outer layer supplies the real clock."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """Tells the time as an aware UTC datetime."""

    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        ...

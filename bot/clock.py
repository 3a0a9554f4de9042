"""The real clock, for the composition root; the coach itself only knows the `Clock` port."""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    """The system's clock, in UTC."""

    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        return datetime.now(UTC)

"""Fixtures shared by the adapter tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakes.telegram_api import FakeTelegramServer


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    """A fresh fake Telegram Bot API server (tests of other fakes define their own `fake`)."""
    async with FakeTelegramServer() as server:
        yield server

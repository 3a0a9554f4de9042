"""A photo with a caption in a private Telegram chat reaches the engine as text with the
photo's file id attached (the largest size), so a forum question can carry a picture."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from telegram import Bot, Update

from bot.handlers.telegram import TelegramHandlers
from coach.messages import EventKind, InboundEvent
from tests.fakes import FixedClock


class _Runner:
    def __init__(self) -> None:
        self.events: list[InboundEvent] = []

    async def run(self, event: InboundEvent) -> None:
        self.events.append(event)


def _update(caption: str | None) -> Update:
    sizes = [
        {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 60},
        {"file_id": "large", "file_unique_id": "l", "width": 1280, "height": 853},
    ]
    message: dict[str, Any] = {
        "message_id": 5, "date": 1_764_662_400, "photo": sizes,
        "chat": {"id": 42, "type": "private", "first_name": "Ada"},
        "from": {"id": 42, "is_bot": False, "first_name": "Ada", "language_code": "tr"},
    }  # fmt: skip
    if caption is not None:
        message["caption"] = caption
    return Update.de_json({"update_id": 1, "message": message}, Bot("1:x"))


async def test_photo_with_caption_becomes_text_with_an_attachment() -> None:
    runner = _Runner()
    clock = FixedClock(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))
    handlers = TelegramHandlers(runner, None, None, clock)  # type: ignore[arg-type]
    await handlers.on_photo(_update("Bu integral nasıl çözülür?"), None)  # type: ignore[arg-type]
    [event] = runner.events
    assert event.kind is EventKind.TEXT and event.text == "Bu integral nasıl çözülür?"
    assert event.attachment == "telegram:large" and event.ref.user_key == "42"
    await handlers.on_photo(_update(None), None)  # type: ignore[arg-type]
    assert runner.events[-1].text == "" and runner.events[-1].attachment == "telegram:large"

"""Photos across platforms in a tutoring conversation: a picture attached to a Discord DM is
named by its URL for the tutor's Telegram chat (other files, and URLs that would not fit the
stored reference whole, are not); a Telegram photo for a Discord student is downloaded and
attached by the dispatcher, and a failed download sends the text alone."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from bot.channels.discord_conversation import MAX_PHOTO_REF, photo_ref
from bot.jobs.delivery import reply_for
from bot.jobs.dispatcher import Dispatcher
from coach.messages import Reply, ReplyKind
from coach.notifications.model import Address, NotificationKind, OutboxItem, OutboxStatus

URL = "https://cdn.discordapp.com/attachments/1/2/working.png?ex=1&is=2&hm=3"


def _message(*attachments: SimpleNamespace) -> object:
    return SimpleNamespace(attachments=list(attachments))


def _file(name: str, url: str = URL, content_type: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(filename=name, url=url, content_type=content_type)


def test_the_first_picture_is_named_by_its_url() -> None:
    notes = _file("notes.pdf", "https://cdn.discordapp.com/a/notes.pdf", "application/pdf")
    message = _message(notes, _file("working.png"))
    assert photo_ref(message) == f"url:{URL}"  # type: ignore[arg-type]
    assert photo_ref(_message(_file("scan", content_type="image/jpeg"))) == f"url:{URL}"  # type: ignore[arg-type]


def test_no_picture_no_plain_http_and_no_cut_urls() -> None:
    assert photo_ref(_message()) is None  # type: ignore[arg-type]
    assert photo_ref(_message(_file("notes.pdf"))) is None  # type: ignore[arg-type]
    assert photo_ref(_message(_file("a.png", "http://example.test/a.png"))) is None  # type: ignore[arg-type]
    long = URL + "x" * MAX_PHOTO_REF
    assert photo_ref(_message(_file("a.png", long))) is None  # type: ignore[arg-type]


def _item(channel: str, photo: str) -> OutboxItem:
    now = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    return OutboxItem(
        1, "tutor:1:m:2", 2, NotificationKind.TUTOR, "tutors/from_tutor", "en",
        {"who": "Ada", "text": "see", "photo": photo}, (), Address(channel, "9", "9"),
        OutboxStatus.LEASED, now, now.date(),
    )  # fmt: skip


async def test_a_telegram_photo_for_discord_is_downloaded_and_attached() -> None:
    asked: list[str] = []

    async def download(file_id: str) -> bytes:
        asked.append(file_id)
        if file_id == "broken":
            raise RuntimeError("Telegram is down")
        return b"\x89PNG drawing"

    dispatcher = Dispatcher(None, None, None, photo_source=download)  # type: ignore[arg-type]
    plain = Reply(text="Ada (tutor): [photo] see")
    sent = await dispatcher._with_photo(_item("discord", "telegram:F1"), plain)
    assert sent.kind is ReplyKind.PHOTO and sent.document is not None
    assert sent.document.content == b"\x89PNG drawing" and sent.text == plain.text
    # the download failing sends the text alone; Telegram to Telegram needs no download
    assert await dispatcher._with_photo(_item("discord", "telegram:broken"), plain) == plain
    assert await dispatcher._with_photo(_item("telegram", "telegram:F2"), plain) == plain
    assert asked == ["F1", "broken"]


def test_a_discord_picture_for_discord_is_shown_by_its_address() -> None:
    sent = reply_for(_item("discord", f"url:{URL}"))
    assert sent.text.endswith(f"\n{URL}") and "photo_ref" not in sent.meta
    assert reply_for(_item("telegram", f"url:{URL}")).meta["photo_ref"] == URL

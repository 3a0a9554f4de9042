"""A picture attached to a Discord DM is named by its URL for the tutor's Telegram chat; other
files, and URLs that would not fit the stored reference whole, are not."""

from __future__ import annotations

from types import SimpleNamespace

from bot.channels.discord_conversation import MAX_PHOTO_REF, photo_ref

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

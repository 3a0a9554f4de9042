"""How the web chat looks: messages as JSON for the script, the page as escaped HTML."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from coach.core.channel_store import TranscriptMessage
from prompts import render

STATIC_DIR = Path(__file__).parent / "static"
STATIC_TYPES = {
    "chat.css": "text/css; charset=utf-8",
    "chat.js": "text/javascript; charset=utf-8",
}
PAGE_TEXTS = (
    "title",
    "heading",
    "placeholder",
    "send",
    "start",
    "intro",
    "offline",
    "you",
    "coach",
    "message_label",
)


def file_url(message_id: int) -> str:
    """Where a message's document is downloaded."""
    return f"/chat/files/{message_id}"


def message_json(message: TranscriptMessage) -> dict[str, Any]:
    """A message as the page's script receives it."""
    file = None
    if message.file is not None:
        file = {
            "filename": message.file.filename,
            "mime_type": message.file.mime_type,
            "size": message.file.size,
            "alt": message.file.alt,
            "url": file_url(message.id) if message.id else None,
        }
    return {
        "id": message.id,
        "role": message.role,
        "kind": message.kind,
        "text": message.text,
        "template": message.template,
        "choices": [
            [{"label": c.label, "payload": c.payload, "style": c.style} for c in row]
            for row in message.choices
        ],
        "file": file,
        "at": message.created_at.isoformat(),
        "replaced": message.replaced,  # shown again in place of the message with this id
    }


def offered_ids(messages: list[TranscriptMessage]) -> set[int]:
    """The messages whose buttons a reloaded page offers, as the live page's script left them:
    of the coach's messages after the student's last one, only the newest batch with buttons
    (one exchange's replies, or one push, are stored with one time). A push with buttons, such
    as the evening check-in, retires the buttons shown before it."""
    last_student = max((m.id for m in messages if m.role == "student"), default=0)
    after = [m for m in messages if m.id > last_student]
    with_choices = [m for m in after if m.choices]
    if not with_choices:
        return set()
    newest = with_choices[-1].created_at
    return {m.id for m in after if m.created_at == newest}


@lru_cache(maxsize=len(STATIC_TYPES))
def static_asset(name: str) -> tuple[bytes, str] | None:
    """The content and media type of a static file of the page, or None."""
    media_type = STATIC_TYPES.get(name)
    if media_type is None:
        return None
    return (STATIC_DIR / name).read_bytes(), media_type


class PageView:
    """Renders the chat page; jinja2 autoescaping makes every engine text inert."""

    def __init__(self, templates: Path) -> None:
        self._env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def page(self, locale: str, messages: list[TranscriptMessage], poll_seconds: int) -> str:
        """The whole page for a browser with these messages."""
        texts = {name: render(f"web/{name}", locale) for name in PAGE_TEXTS}
        offered = offered_ids(messages)
        shown = []
        for message in messages:
            item = message_json(message)
            item["active"] = message.id in offered  # older buttons are not offered again
            if message.file is not None:
                item["download"] = render("web/download", locale, filename=message.file.filename)
            shown.append(item)
        return self._env.get_template("chat.html").render(
            locale=locale,
            t=texts,
            messages=shown,
            last_id=max((m.id for m in messages), default=0),
            poll_seconds=poll_seconds,
        )

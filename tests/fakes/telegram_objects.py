"""Building blocks of the fake Bot API: users, chats, errors, faults, rate limits, HTML checks."""

from __future__ import annotations

import html
import json
import math
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

# Form fields PTB sends as plain strings; everything else arrives JSON-encoded.
STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "question",
        "explanation",
        "description",
        "parse_mode",
        "question_parse_mode",
        "explanation_parse_mode",
        "callback_query_id",
        "url",
        "secret_token",
        "action",
        "type",
        "language_code",
        "inline_message_id",
        "file_id",
        "business_connection_id",
        "message_effect_id",
        "ip_address",
    }
)
SENDING_METHODS = frozenset({"sendmessage", "sendpoll", "senddocument", "sendphoto"})
HTML_TAGS = frozenset(
    [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    ]
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z-]*)(\s[^<>]*)?>")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);")


class ApiError(Exception):
    """An error answer of the Bot API."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram sends with this error."""
        payload: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            payload["parameters"] = {"retry_after": self.retry_after}
        return payload


def bad_request(description: str) -> ApiError:
    """A 400 with Telegram's wording."""
    return ApiError(400, f"Bad Request: {description}")


@dataclass(frozen=True)
class FakeUser:
    """A Telegram user the test plays."""

    id: int
    first_name: str = "Ada"
    language_code: str | None = "tr"
    username: str | None = None
    is_bot: bool = False

    def to_api(self) -> dict[str, Any]:
        """The `User` object."""
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.language_code:
            data["language_code"] = self.language_code
        if self.username:
            data["username"] = self.username
        return data


@dataclass(frozen=True)
class FakeChat:
    """A private chat (id = user id) or a group (negative id)."""

    id: int
    type: str = "private"
    title: str | None = None
    first_name: str | None = None

    def to_api(self) -> dict[str, Any]:
        """The `Chat` object."""
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.title:
            data["title"] = self.title
        if self.first_name:
            data["first_name"] = self.first_name
        return data


@dataclass
class Fault:
    """An injected failure: `kind` is 429, 403, 5xx, 400, drop (close the connection without
    an answer) or stall (answer after `stall_seconds`)."""

    kind: str
    method: str | None = None
    chat_id: int | None = None
    times: int | None = 1  # None: until cleared
    after: int = 0  # let this many matching calls through first
    retry_after: int = 1
    status: int = 500
    description: str = ""
    stall_seconds: float = 2.0

    def matches(self, method: str, chat_id: int | None) -> bool:
        """Whether this fault applies to a call."""
        if self.times is not None and self.times <= 0:
            return False
        if self.method is not None and self.method.lower() != method.lower():
            return False
        if self.chat_id is not None and self.chat_id != chat_id:
            return False
        if self.after > 0:
            self.after -= 1
            return False
        return True

    def error(self) -> ApiError | None:
        """The error to answer with (None for a dropped connection)."""
        if self.times is not None:
            self.times -= 1
        if self.kind == "429":
            return ApiError(
                429, f"Too Many Requests: retry after {self.retry_after}", self.retry_after
            )
        if self.kind == "403":
            return ApiError(403, self.description or "Forbidden: bot was blocked by the user")
        if self.kind == "5xx":
            return ApiError(self.status, self.description or "Internal Server Error")
        if self.kind == "400":
            return bad_request(self.description or "injected failure")
        return None  # drop or stall


@dataclass
class RateLimits:
    """Telegram's documented ceilings: 30 messages/s overall, 1/s per private chat, 20/min per
    group. Exceeding one answers 429 with the seconds until a slot frees up."""

    overall_per_s: int = 30
    private_per_s: int = 1
    group_per_min: int = 20
    _overall: deque[float] = field(default_factory=deque)
    _chats: dict[int, deque[float]] = field(default_factory=dict)
    rejected: int = 0

    def check(self, chat_id: int | None, now: float | None = None) -> None:
        """Count one message, or raise a 429 ApiError."""
        now = time.monotonic() if now is None else now
        waits = [_window_wait(self._overall, self.overall_per_s, 1.0, now)]
        chat_window: deque[float] | None = None
        if chat_id is not None:
            chat_window = self._chats.setdefault(chat_id, deque())
            if chat_id > 0:
                waits.append(_window_wait(chat_window, self.private_per_s, 1.0, now))
            else:
                waits.append(_window_wait(chat_window, self.group_per_min, 60.0, now))
        wait = max(waits)
        if wait > 0:
            self.rejected += 1
            seconds = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {seconds}", seconds)
        self._overall.append(now)
        if chat_window is not None:
            chat_window.append(now)


def _window_wait(window: deque[float], limit: int, span: float, now: float) -> float:
    while window and window[0] <= now - span:
        window.popleft()
    return 0.0 if len(window) < limit else window[0] + span - now


def visible_text(text: str, parse_mode: str | None) -> str:
    """What the user sees, checking HTML the way Telegram does (unknown tags and stray <, >, &
    are errors)."""
    if (parse_mode or "").upper() != "HTML":
        return text
    pieces: list[str] = []
    position = 0
    for match in _TAG.finditer(text):
        pieces.append(_check_plain(text[position : match.start()]))
        if match.group(2).lower() not in HTML_TAGS:
            raise bad_request(f'can\'t parse entities: Unsupported start tag "{match.group(2)}"')
        position = match.end()
    pieces.append(_check_plain(text[position:]))
    return html.unescape("".join(pieces))


def _check_plain(segment: str) -> str:
    if "<" in segment or ">" in segment:
        raise bad_request("can't parse entities: unexpected < or > outside a tag")
    for index, char in enumerate(segment):
        if char == "&" and not _ENTITY.match(segment, index):
            raise bad_request("can't parse entities: stray & (use &amp;)")
    return segment


def decode_form(values: dict[str, str]) -> dict[str, Any]:
    """Form values as PTB meant them: strings stay strings, the rest is JSON."""
    decoded: dict[str, Any] = {}
    for key, value in values.items():
        if key in STRING_FIELDS:
            decoded[key] = value
            continue
        try:
            decoded[key] = json.loads(value)
        except ValueError:
            decoded[key] = value
    return decoded


def utf16_length(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2

"""Channel-neutral rendering helpers: message limits, splitting, HTML escaping, numbered choices.

Every channel renders the same `Reply`; these helpers hold the parts that do not depend on a
platform SDK, so the Telegram, Discord, web and console channels split and number the same way.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from coach.messages import Choice

TELEGRAM_MESSAGE_LIMIT = 4096  # characters of a text message, counted after entity parsing
TELEGRAM_CAPTION_LIMIT = 1024  # characters of a document or photo caption
DISCORD_MESSAGE_LIMIT = 2000

Measure = Callable[[str], int]
ELLIPSIS = "…"


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts in (an emoji can count as two)."""
    return len(text.encode("utf-16-le")) // 2


def _longest_prefix(text: str, limit: int, measure: Measure) -> int:
    """The largest n with measure(text[:n]) <= limit (measure grows with the prefix)."""
    if measure(text) <= limit:
        return len(text)
    low, high = 0, min(len(text), limit)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _cut_point(window: str) -> tuple[int, int]:
    """Where to end a chunk inside `window` and where the next chunk starts.

    Paragraph and line breaks are taken only in the second half of the window, so one early
    blank line does not produce a tiny message; a word break anywhere beats cutting a word.
    """
    half = len(window) // 2
    for separator in ("\n\n", "\n"):
        position = window.rfind(separator)
        if position >= half and position > 0:
            return position, position + len(separator)
    position = window.rfind(" ")
    if position > 0:
        return position, position + 1
    return len(window), len(window)


def split_text(text: str, limit: int, measure: Measure = len) -> list[str]:
    """Split `text` into chunks of at most `limit` (by `measure`) on the nicest boundary.

    Paragraphs are preferred, then lines, then words; a single word longer than the limit is cut.
    Empty or whitespace-only text gives no chunks.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    chunks: list[str] = []
    rest = text.strip()
    while rest:
        fits = _longest_prefix(rest, limit, measure)
        if fits == len(rest):
            chunks.append(rest)
            break
        end, resume = _cut_point(rest[:fits])
        if end == 0:  # nothing fits (a limit smaller than one character): take one anyway
            end = resume = 1
        chunk = rest[:end].rstrip()
        if chunk:
            chunks.append(chunk)
        rest = rest[resume:].lstrip("\n")
    return chunks


def truncate(text: str, limit: int, measure: Measure = len) -> str:
    """`text` shortened to `limit`, ending on a word with an ellipsis when it had to be cut."""
    text = text.strip()
    if measure(text) <= limit:
        return text
    room = _longest_prefix(text, limit - measure(ELLIPSIS), measure)
    window = text[:room]
    space = window.rfind(" ")
    if space > room // 2:
        window = window[:space]
    return window.rstrip() + ELLIPSIS


def escape_html(text: str) -> str:
    """Text made safe for Telegram's HTML parse mode (only <, > and & are special there)."""
    return html.escape(text, quote=False)


def numbered_choices(choices: Sequence[Choice]) -> str:
    """Choices as a numbered list for text-only channels ("1. Yes" per line)."""
    return "\n".join(f"{number}. {choice.label}" for number, choice in enumerate(choices, 1))


def with_numbered_choices(text: str, choices: Sequence[Choice]) -> str:
    """The message text followed by its numbered choices, separated by a blank line."""
    if not choices:
        return text
    listing = numbered_choices(choices)
    return f"{text}\n\n{listing}" if text else listing


def pick_numbered_choice(choices: Sequence[Choice], answer: str) -> Choice | None:
    """The choice a typed answer selects: its number, or its label ignoring case; else None."""
    typed = answer.strip().rstrip(".)")
    if typed.isdigit() and len(typed) < 4:
        index = int(typed) - 1
        return choices[index] if 0 <= index < len(choices) else None
    folded = typed.casefold()
    matches = [choice for choice in choices if choice.label.strip().casefold() == folded]
    return matches[0] if len(matches) == 1 else None

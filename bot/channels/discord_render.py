"""How a `Reply` looks in Discord: text split at 2,000 characters, embeds, buttons and selects.

Rendering is separate from sending so the same messages go to a DM, a server channel or an
interaction follow-up. Buttons carry the engine payload in their `custom_id`
(`lc:<n>:<payload>`; a quiz option is `lcq:<question key>:<option>`); a catch-all interaction
listener reads it back, so buttons keep working after a restart without any view state in
memory — the dialogue state lives in the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot.channels.render import DISCORD_MESSAGE_LIMIT, split_text, truncate
from coach.messages import Choice, Reply, ReplyKind
from prompts import render

MESSAGE_LIMIT = DISCORD_MESSAGE_LIMIT
EMBED_LIMIT = 4096
EMBED_TITLE_LIMIT = 256
BUTTON_LABEL_LIMIT = 80
OPTION_LIMIT = 100
CUSTOM_ID_LIMIT = 100
BUTTONS_PER_ROW = 5
ROWS_PER_MESSAGE = 5
OPTIONS_PER_SELECT = 25
ALT_LIMIT = 1024  # characters of an attachment's description (alt text)

BUTTON_PREFIX = "lc"
SELECT_PREFIX = "lcs"
QUIZ_PREFIX = "lcq"
LETTERS = "ABCDEFGHIJ"
EMBED_COLOUR = discord.Colour(0x2B8A3E)
# Plans and the day's sessions read better as a card; conversation stays plain text.
EMBED_TEMPLATES = frozenset(
    {
        "daily/today",
        "daily/week",
        "daily/plan",
        "daily/progress",
        "plans/preview",
        "plans/activated",
        "assessment/summary",
    }
)
STYLES = {
    "primary": discord.ButtonStyle.primary,
    "danger": discord.ButtonStyle.danger,
    "success": discord.ButtonStyle.success,
}


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file to attach (a fresh `discord.File` is made per send: a File can be sent once)."""

    filename: str
    content: bytes
    description: str = ""  # a picture's alt text, which Discord reads to screen readers


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One Discord message (or a typing indicator when `typing`)."""

    content: str | None = None
    embed: discord.Embed | None = None
    components: tuple[discord.ui.Item[discord.ui.View], ...] = ()
    attachment: Attachment | None = None
    typing: bool = False


def render_reply(reply: Reply, locale: str = "en") -> list[Outgoing]:
    """The Discord messages that show one reply, in order."""
    if reply.kind is ReplyKind.TYPING:
        return [Outgoing(typing=True)]
    if reply.kind in (ReplyKind.DOCUMENT, ReplyKind.PHOTO) and reply.document is not None:
        # Discord shows an attached PNG as the picture itself.
        alt = str(reply.meta.get("alt") or "") if reply.kind is ReplyKind.PHOTO else ""
        attachment = Attachment(reply.document.filename, reply.document.content, alt[:ALT_LIMIT])
        return [Outgoing(content=reply.text[:MESSAGE_LIMIT] or None, attachment=attachment)]
    text, choices = reply.text, [list(row) for row in reply.choices]
    component_sets: list[tuple[discord.ui.Item[discord.ui.View], ...]]
    if reply.kind is ReplyKind.QUIZ and reply.quiz is not None:
        text, quiz_rows = _quiz_text_and_buttons(reply)
        component_sets = [_buttons(quiz_rows, first_index=0) + _buttons(choices, first_index=50)]
    else:
        component_sets = _components(choices)
    messages = _text_messages(text, reply.template)
    if not messages:
        messages = [Outgoing(content=render("discord/choose", locale))] if component_sets else []
    last = messages[-1] if messages else None
    if last is not None and component_sets and component_sets[0]:
        messages[-1] = Outgoing(last.content, last.embed, component_sets[0])
    more = render("discord/more_choices", locale)
    messages.extend(Outgoing(content=more, components=items) for items in component_sets[1:])
    return messages


def make_view(items: Sequence[discord.ui.Item[discord.ui.View]]) -> discord.ui.View:
    """A view holding `items`, only to describe components: it is stopped so discord.py keeps
    no callback state for it (presses reach the catch-all listener instead)."""
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    view.stop()
    return view


def payload_of(custom_id: str, values: Sequence[str] = ()) -> tuple[str, str] | None:
    """The engine event behind a component: ("choice", payload) or ("poll", "key:option");
    None when the custom_id is not one of ours (forged or from another bot version)."""
    prefix, _, rest = custom_id.partition(":")
    if prefix == BUTTON_PREFIX:
        _index, _, payload = rest.partition(":")
        return ("choice", payload)
    if prefix == SELECT_PREFIX:
        return ("choice", values[0] if values else "")
    if prefix == QUIZ_PREFIX:
        return ("poll", rest)
    return None


def _text_messages(text: str, template: str) -> list[Outgoing]:
    if not text.strip():
        return []
    if template in EMBED_TEMPLATES and len(text) <= EMBED_LIMIT:
        title, _, body = text.strip().partition("\n")
        if len(title) <= EMBED_TITLE_LIMIT and body.strip():
            embed = discord.Embed(title=title, description=body.strip(), colour=EMBED_COLOUR)
            return [Outgoing(embed=embed)]
    return [Outgoing(content=chunk) for chunk in split_text(text, MESSAGE_LIMIT)]


def _components(
    rows: list[list[Choice]],
) -> list[tuple[discord.ui.Item[discord.ui.View], ...]]:
    """Buttons when they fit one message (5 rows of 5); otherwise select menus of 25 options,
    five per message, continued in further messages."""
    if not rows:
        return []
    packed = _pack(rows)
    if packed is not None:
        return [_buttons(packed, first_index=0)]
    flat = [choice for row in rows for choice in row]
    selects: list[discord.ui.Item[discord.ui.View]] = []
    for number, start in enumerate(range(0, len(flat), OPTIONS_PER_SELECT)):
        chunk = flat[start : start + OPTIONS_PER_SELECT]
        options = [
            discord.SelectOption(label=_cut(c.label, OPTION_LIMIT), value=c.payload[:100])
            for c in _unique_payloads(chunk)
        ]
        selects.append(
            discord.ui.Select(
                custom_id=f"{SELECT_PREFIX}:{number}",
                options=options,
                placeholder=_cut(" · ".join(c.label for c in chunk[:3]), 150),
                row=number % ROWS_PER_MESSAGE,
            )
        )
    return [
        tuple(selects[i : i + ROWS_PER_MESSAGE]) for i in range(0, len(selects), ROWS_PER_MESSAGE)
    ]


def _pack(rows: list[list[Choice]]) -> list[list[Choice]] | None:
    """Rows of at most 5 buttons, at most 5 rows: the engine's rows as they are when they fit,
    else short rows put side by side, else simply 5 per row; None when over 25 buttons."""
    wrapped = [row[i : i + BUTTONS_PER_ROW] for row in rows for i in range(0, len(row), 5)]
    if len(wrapped) <= ROWS_PER_MESSAGE:
        return wrapped
    flat = [choice for row in rows for choice in row]
    if len(flat) > BUTTONS_PER_ROW * ROWS_PER_MESSAGE:
        return None
    merged: list[list[Choice]] = []
    for row in wrapped:
        if merged and len(merged[-1]) + len(row) <= BUTTONS_PER_ROW:
            merged[-1] = merged[-1] + row
        else:
            merged.append(list(row))
    if len(merged) <= ROWS_PER_MESSAGE:
        return merged
    return [flat[i : i + BUTTONS_PER_ROW] for i in range(0, len(flat), BUTTONS_PER_ROW)]


def _buttons(
    rows: Sequence[Sequence[Choice]], *, first_index: int
) -> tuple[discord.ui.Item[discord.ui.View], ...]:
    items: list[discord.ui.Item[discord.ui.View]] = []
    index = first_index
    for row_number, row in enumerate(rows[:ROWS_PER_MESSAGE]):
        for choice in row[:BUTTONS_PER_ROW]:
            custom_id = choice.payload
            if not custom_id.startswith(QUIZ_PREFIX + ":"):
                custom_id = f"{BUTTON_PREFIX}:{index}:{choice.payload}"
            items.append(
                discord.ui.Button(
                    label=_cut(choice.label, BUTTON_LABEL_LIMIT) or "·",
                    custom_id=custom_id[:CUSTOM_ID_LIMIT],
                    style=STYLES.get(choice.style, discord.ButtonStyle.secondary),
                    row=row_number,
                )
            )
            index += 1
    return tuple(items)


def _quiz_text_and_buttons(reply: Reply) -> tuple[str, list[list[Choice]]]:
    """A quiz as text with lettered options, answered by buttons (Discord has no quiz poll)."""
    assert reply.quiz is not None  # noqa: S101  (checked by the caller)
    quiz = reply.quiz
    lines = [quiz.question, ""]
    lines += [f"{LETTERS[i]}) {option}" for i, option in enumerate(quiz.options[:10])]
    buttons = [
        Choice(LETTERS[i], f"{QUIZ_PREFIX}:{quiz.question_key}:{i}")
        for i in range(min(len(quiz.options), 10))
    ]
    return "\n".join(lines), [buttons[i : i + 5] for i in range(0, len(buttons), 5)]


def _unique_payloads(choices: Sequence[Choice]) -> list[Choice]:
    """Select option values must differ; a repeated payload is shown once."""
    seen: set[str] = set()
    unique = []
    for choice in choices:
        if choice.payload[:100] not in seen:
            seen.add(choice.payload[:100])
            unique.append(choice)
    return unique


def _cut(text: str, limit: int) -> str:
    return truncate(text, limit)

"""The terminal channel: replies printed as plain text, buttons as numbered choices.

`ConsoleChannel` prints what the coach says ("1) Türkçe   2) English") and remembers the
numbered choices of the current turn, so the chat loop can turn a typed number (or a button's
exact label, via `render.pick_numbered_choice`) into a button press. Documents are saved into
a folder and their path printed. Pushes delivered while a chat runs are printed the same way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TextIO

from bot.channels.render import pick_numbered_choice
from bot.channels.textchat import QUIZ_LETTERS, QUIZ_PAYLOAD_PREFIX, reply_choices, reply_text
from coach.core.channels import ChannelCapabilities
from coach.messages import ChannelKind, ChannelRef, Choice, DocumentSpec, Reply, ReplyKind
from prompts import render

CONSOLE_CAPABILITIES = ChannelCapabilities(
    native_quiz=False, buttons=True, max_message_length=20_000, documents=True, html=False
)
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")
_NUMBER = re.compile(r"^\d{1,4}$")
_LABEL_NUMBER = re.compile(r"^(\d+)\s*[^\d\s]")


def _leading_number(label: str) -> str | None:
    """'30 min' -> '30'; a label that does not start with a number and a unit -> None."""
    match = _LABEL_NUMBER.match(label.strip())
    return match.group(1) if match else None


def numbered_rows(rows: tuple[tuple[Choice, ...], ...], first: int = 1) -> list[str]:
    """One line per row of buttons, numbered from `first`: "  1) Türkçe   2) English"."""
    lines = []
    number = first
    for row in rows:
        items = []
        for choice in row:
            items.append(f"{number}) {choice.label}")
            number += 1
        lines.append("  " + "   ".join(items))
    return lines


def save_document(folder: Path, document: DocumentSpec) -> Path:
    """Write a document into `folder` under a safe, new name; returns its path."""
    name = _UNSAFE_FILENAME.sub("_", Path(document.filename).name).strip("._") or "document"
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    target = folder / name
    counter = 1
    while target.exists():
        target = folder / (f"{stem}-{counter}.{suffix}" if suffix else f"{stem}-{counter}")
        counter += 1
    folder.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as handle:  # never overwrite a file that appeared meanwhile
        handle.write(document.content)
    return target


class ConsoleChannel:
    """Prints replies to a text stream and keeps the numbered choices of the current turn."""

    name = ChannelKind.CONSOLE.value
    capabilities = CONSOLE_CAPABILITIES

    def __init__(self, out: TextIO, folder: Path, locale: str = "en") -> None:
        self.out = out
        self.folder = folder
        self.locale = locale  # of the lines the channel writes itself ("saved to ...")
        self.choices: list[Choice] = []
        self.expects_number = False  # the question of this turn is answered by a number

    def new_turn(self) -> None:
        """Forget the previous turn's buttons (numbering starts again at 1)."""
        self.choices = []
        self.expects_number = False

    def choice_for(self, typed: str) -> Choice | None:
        """The button a typed number (or a quiz option letter) presses, if any."""
        text = typed.strip().rstrip(").")
        options = [c for c in self.choices if c.payload.startswith(QUIZ_PAYLOAD_PREFIX)]
        if options and len(text) == 1 and text.upper() in QUIZ_LETTERS:
            index = QUIZ_LETTERS.index(text.upper())
            return options[index] if index < len(options) else None
        if self.expects_number and _NUMBER.match(text):
            # "How many minutes? (Pick or type)": a typed 10 means ten minutes, not button 10.
            # A number that a button names ("30" for "30 min") presses that button.
            return next((c for c in self.choices if _leading_number(c.label) == text), None)
        # a number in range, or a button's exact label ("English"); anything else is text
        return pick_numbered_choice(self.choices, text)

    def write(self, text: str) -> None:
        """Print a line (or several) and flush, so a pipe sees it at once."""
        self.out.write(text + "\n")
        self.out.flush()

    async def send(self, to: ChannelRef, reply: Reply) -> str | None:
        """Print one reply; documents are saved to the folder."""
        if reply.kind is ReplyKind.TYPING:
            return None
        lines = [reply_text(reply)] if reply_text(reply) else []
        rows = reply_choices(reply)
        if reply.meta.get("expects") == "number":
            self.expects_number = True
        lines.extend(numbered_rows(rows, len(self.choices) + 1))
        self.choices.extend(choice for row in rows for choice in row)
        if reply.kind is ReplyKind.PHOTO and reply.meta.get("alt"):
            # A terminal cannot show the picture: describe it, and keep the file for a viewer.
            lines.append(render("console/picture", self.locale, alt=str(reply.meta["alt"])))
        if reply.kind in (ReplyKind.DOCUMENT, ReplyKind.PHOTO) and reply.document is not None:
            lines.append(self._save(reply.document))
        if lines:
            self.write("\n".join(lines) + "\n")
        return None

    def _save(self, document: DocumentSpec) -> str:
        try:
            path = save_document(self.folder, document)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            return render(
                "console/save_failed", self.locale, filename=document.filename, reason=reason
            )
        return render("console/saved", self.locale, filename=path.name, path=str(path.resolve()))

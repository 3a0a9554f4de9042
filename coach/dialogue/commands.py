"""The commands every channel offers; descriptions are templates `commands/<name>.j2`.

Channels register these (Telegram `setMyCommands` per language, Discord slash commands with
localisations), so the list lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """A command: its name and whether it takes a free-text argument."""

    name: str
    takes_argument: bool = False
    menu: bool = True  # shown in the platform's command menu


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("start"),
    CommandSpec("today"),
    CommandSpec("week"),
    CommandSpec("plan"),
    CommandSpec("progress"),
    CommandSpec("checkin"),
    CommandSpec("quiz", takes_argument=True),
    CommandSpec("placement", takes_argument=True),
    CommandSpec("mock"),
    CommandSpec("why"),
    CommandSpec("stuck"),
    CommandSpec("settings"),
    CommandSpec("pause"),
    CommandSpec("resume"),
    CommandSpec("link", takes_argument=True),
    CommandSpec("export"),
    CommandSpec("delete"),
    CommandSpec("help"),
    CommandSpec("qa", takes_argument=True),  # live Q&A sessions: list, new, done, past
    CommandSpec("streak"),  # motivation: the streak, its last 30 days and freezes
    CommandSpec("badges"),
    CommandSpec("seri", menu=False),  # Turkish names of the same commands
    CommandSpec("rozetler", menu=False),
    CommandSpec("league", takes_argument=True),  # weekly leagues: show, join NAME, leave
    CommandSpec("lig", takes_argument=True, menu=False),
    CommandSpec("card"),  # the weekly progress card, as a picture
    CommandSpec("kart", menu=False),
)

COMMAND_NAMES: frozenset[str] = frozenset(spec.name for spec in COMMANDS)


def description_template(name: str) -> str:
    """The template name of a command's one-line description."""
    return f"commands/{name}"

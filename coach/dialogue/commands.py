"""The commands every channel offers; descriptions are templates `commands/<name>.j2`.

Channels register these (Telegram `setMyCommands` per language, Discord slash commands with
localisations), so the list lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from prompts.commands import TURKISH_NAMES, command_name

__all__ = ["TURKISH_NAMES", "command_name"]


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
    CommandSpec("ask", takes_argument=True),  # the forum: a question for other students
    CommandSpec("questions"),  # the forum: open questions I could help with
    CommandSpec("groups"),  # study groups, partner and privacy (tr: /gruplar)
    CommandSpec("tutor", takes_argument=True),  # ask for a human tutor; a tutor's CODE
    CommandSpec("end"),  # end the conversation with a human tutor
    CommandSpec("streak"),  # motivation: the streak, its last 30 days and freezes
    CommandSpec("badges"),
    CommandSpec("league", takes_argument=True),  # weekly leagues: show, join NAME, leave
    CommandSpec("card"),  # the weekly progress card, as a picture
    CommandSpec("leaderboard"),  # the week's board of a server or group (never in private)
    CommandSpec("challenge", takes_argument=True),  # the week's challenge; a group's shared one
)

COMMAND_NAMES: frozenset[str] = frozenset(spec.name for spec in COMMANDS)

# Typed commands are understood in both languages; each command's Turkish name comes from the
# one table in `prompts.commands` (templates write commands through it too).
# Other names people type for the same commands (older names, synonyms).
COMMAND_ALIASES: dict[str, str] = {
    **{turkish: name for name, turkish in TURKISH_NAMES.items()},
    "basla": "start", "planim": "plan", "minitest": "quiz", "yardimet": "stuck",
    "devam": "resume", "disaaktar": "export", "menu": "menu", "soru": "qa",
    "meydanokuma": "challenge",
}  # fmt: skip
# Turkish letters fold to the table's ASCII; "-" and "_" drop, since no command name has one
# and students type compound names both ways ("/soru-cevap" is /sorucevap).
_FOLD = str.maketrans("İIıüöçşğâîû", "iiiuocsgaiu", "-_")


def canonical_command(name: str) -> str:
    """The command a typed name means: lower case, Turkish letters folded, aliases resolved
    ("/Bugün", "/bugun" run /today, "/soru-cevap" /sorucevap); an unknown name comes back
    folded."""
    folded = name.translate(_FOLD).lower().translate(_FOLD)
    return COMMAND_ALIASES.get(folded, folded)


def description_template(name: str) -> str:
    """The template name of a command's one-line description."""
    return f"commands/{name}"


# Places a description is shown in: a group place (a Discord server, a Telegram group), a
# private chat (a DM, the web chat, the terminal), or both at once (Discord registers one
# description per command for its servers and DMs alike).
GROUP, PRIVATE, ANY_PLACE = "group", "private", "any"
# Commands with nothing of their own to show in a private chat: Discord offers them in
# servers only (a leaderboard shows a server's members).
GROUP_ONLY = frozenset({"leaderboard"})


def description_context(platform: str, place: str) -> dict[str, str]:
    """What a description template needs to fit where it is shown: "this server's" on
    Discord, "this group's" in a Telegram group, no server or group in a private chat."""
    return {"platform": platform, "place": place}

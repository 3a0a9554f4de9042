"""Each command has one Turkish name, shown in the Turkish help and Telegram menu and typed
with or without Turkish letters; there is no second way of declaring Turkish commands."""

from __future__ import annotations

import re

from coach.dialogue.commands import (
    COMMAND_NAMES,
    COMMANDS,
    TURKISH_NAMES,
    canonical_command,
    command_name,
)

TAPPABLE = re.compile(r"^[a-z0-9_]{1,32}$")  # what Telegram turns into a bot_command


def test_every_turkish_name_runs_its_command() -> None:
    assert set(TURKISH_NAMES) <= COMMAND_NAMES
    for name, turkish in TURKISH_NAMES.items():
        assert TAPPABLE.match(turkish), turkish
        assert canonical_command(turkish) == name
        assert canonical_command(turkish.upper()) == name


def test_typed_with_turkish_letters() -> None:
    assert canonical_command("Bugün") == "today"
    assert canonical_command("takıldım") == "stuck"
    assert canonical_command("öğretmen") == "tutor"
    assert canonical_command("sürdür") == "resume"


def test_no_command_is_declared_twice_under_another_language() -> None:
    turkish = set(TURKISH_NAMES.values())
    assert not [spec.name for spec in COMMANDS if spec.name in turkish]
    assert command_name("streak", "tr") == "seri"
    assert command_name("streak", "en") == "streak"
    assert command_name("start", "tr") == "start"


def test_no_synonym_takes_a_name_of_the_table() -> None:
    """Every English and Turkish name runs its own command; synonyms only add names, and a
    compound name reads with or without its hyphen ("/soru-cevap" is "/sorucevap")."""
    for name in COMMAND_NAMES:
        assert canonical_command(name) == name
    for name, turkish in TURKISH_NAMES.items():
        assert canonical_command(turkish) == name
    assert canonical_command("soru-cevap") == canonical_command("soru_cevap") == "qa"

"""Every Turkish message names commands by their Turkish names (the one table in
`prompts.commands`), never by the English ones a Turkish student was not taught."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from jinja2 import ChainableUndefined

from coach.dialogue.commands import COMMAND_NAMES, canonical_command
from prompts import PROMPTS_DIR, _environment, render
from prompts.commands import TURKISH_NAMES

ENGLISH_ONLY = sorted(name for name in COMMAND_NAMES if name in TURKISH_NAMES)
TYPED = re.compile(r"(?<![\w/:.<#&-])/(" + "|".join(ENGLISH_ONLY) + r")(?![\w-])")
TR = PROMPTS_DIR / "messages" / "tr"
TEMPLATES = sorted(str(p.relative_to(TR).with_suffix("")) for p in TR.rglob("*.j2"))


class _Anything(ChainableUndefined):
    """A value for any missing context variable, so every template can be rendered."""

    def __str__(self) -> str:
        return "x"

    def __iter__(self) -> Any:
        return iter(())

    def __int__(self) -> int:  # type: ignore[override]
        return 1

    def __float__(self) -> float:  # type: ignore[override]
        return 1.0


def _lenient(name: str) -> str | None:
    """The template rendered with every missing value filled in; None when its filters need
    real values (dates, numbers), then the source is checked instead."""
    env = _environment().overlay(undefined=_Anything)
    try:
        return env.get_template(f"messages/tr/{name}.j2").render(locale="tr").strip()
    except Exception:
        return None


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_turkish_template_names_an_english_command(name: str) -> None:
    source = (TR / f"{name}.j2").read_text(encoding="utf-8")
    assert not TYPED.findall(source), f"tr/{name} types an English command by hand"
    rendered = _lenient(name)
    if rendered is not None:
        assert not TYPED.findall(rendered), f"tr/{name}: {rendered}"


def test_enough_templates_render_for_the_check_to_mean_something() -> None:
    rendered = [name for name in TEMPLATES if _lenient(name) is not None]
    assert len(rendered) > len(TEMPLATES) * 0.8


def test_the_cmd_filter_reads_the_one_table() -> None:
    assert render("challenge/no_plan", "tr").count("/meydan") == 1
    for english, turkish in TURKISH_NAMES.items():
        assert canonical_command(turkish) == english
    assert "/today" in render("plans/already_active", "en")
    assert "/bugun" in render("plans/already_active", "tr")


def test_commands_in_messages_are_what_the_bot_understands() -> None:
    # a command a Turkish message shows runs the command it means
    for path in Path(TR).rglob("*.j2"):
        for typed in re.findall(r'\{\{ "(\w+)" \| cmd \}\}', path.read_text(encoding="utf-8")):
            assert typed in COMMAND_NAMES, f"{path}: unknown command {typed}"

"""Slash commands in Turkish and English through discord.py's localisation.

Every name and description is a `locale_str` whose `template` extra names a prompt template;
`PromptTranslator` renders that template in the locale Discord asks for (Turkish, or English
for en-US/en-GB), so command names and descriptions live in `prompts/` like all other text.
"""

from __future__ import annotations

from functools import lru_cache

import discord
from discord import app_commands

from coach.dialogue.commands import COMMANDS
from prompts import normalize_locale, render

DISCORD_LOCALES = {
    discord.Locale.turkish: "tr",
    discord.Locale.american_english: "en",
    discord.Locale.british_english: "en",
}
SETUP = "setup"


def text(template: str, *, default_locale: str = "en") -> app_commands.locale_str:
    """A localisable string: the English text is the default Discord shows."""
    return app_commands.locale_str(render(template, default_locale), template=template)


def name_template(name: str) -> str:
    """The template holding a command's (or option's) name."""
    return f"discord/names/{name}"


class PromptTranslator(app_commands.Translator):
    """Renders the template named in a `locale_str` for Turkish and English clients."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """The text in `locale`, or None where we have no translation (Discord then shows the
        default English)."""
        template = string.extras.get("template")
        code = DISCORD_LOCALES.get(locale)
        if not template or code is None:
            return None
        return render(template, code)


def locale_code(locale: discord.Locale | str | None) -> str | None:
    """'tr' or 'en' for a client locale we speak, else None (the caller picks a default)."""
    if locale is None:
        return None
    value = locale.value if isinstance(locale, discord.Locale) else str(locale)
    code = value.replace("_", "-").split("-")[0].lower()
    return code if code == normalize_locale(code) else None


@lru_cache(maxsize=1)
def typed_command_names() -> dict[str, str]:
    """Command names a student may type in a DM (English and Turkish) -> the engine's name."""
    names: dict[str, str] = {}
    for spec in COMMANDS:
        for code in ("en", "tr"):
            names[render(name_template(spec.name), code)] = spec.name
    return names


def engine_command(typed: str) -> str:
    """The engine's command for a typed `/name` (a Turkish name maps back to English)."""
    name = typed.lower().lstrip("/").split("@")[0]
    return typed_command_names().get(name, name)

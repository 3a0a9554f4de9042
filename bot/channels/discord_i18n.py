"""Slash commands in Turkish and English through discord.py's localisation.

Every description (and option name) is a `locale_str` whose `template` extra names a prompt
template; `PromptTranslator` renders that template in the locale Discord asks for (Turkish, or
English for en-US/en-GB), so that text lives in `prompts/` like all other text. A command's
name carries a `command` extra instead and is translated through the one table of Turkish
command names (`prompts.commands`), so Discord registers the name help and messages show.
"""

from __future__ import annotations

import discord
from discord import app_commands

from coach.dialogue.commands import canonical_command, command_name
from prompts import normalize_locale, render

DISCORD_LOCALES = {
    discord.Locale.turkish: "tr",
    discord.Locale.american_english: "en",
    discord.Locale.british_english: "en",
}
SETUP = "setup"


def text(template: str, *, default_locale: str = "en", **context: str) -> app_commands.locale_str:
    """A localisable string: the English text is the default Discord shows; `context` is
    what the template needs in every language (e.g. where a description is shown)."""
    shown = render(template, default_locale, **context)
    return app_commands.locale_str(shown, template=template, context=context)


def command_text(name: str) -> app_commands.locale_str:
    """A command's localisable name: the English name, and in Turkish the table's name."""
    return app_commands.locale_str(command_name(name, "en"), command=name)


def name_template(name: str) -> str:
    """The template holding an option's (or /setup's) name; commands use `command_text`."""
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
        command = string.extras.get("command")
        code = DISCORD_LOCALES.get(locale)
        if code is None:
            return None
        if command:
            return command_name(command, code)
        if not template:
            return None
        return render(template, code, **string.extras.get("context", {}))


def locale_code(locale: discord.Locale | str | None) -> str | None:
    """'tr' or 'en' for a client locale we speak, else None (the caller picks a default)."""
    if locale is None:
        return None
    value = locale.value if isinstance(locale, discord.Locale) else str(locale)
    code = value.replace("_", "-").split("-")[0].lower()
    return code if code == normalize_locale(code) else None


def engine_command(typed: str) -> str:
    """The engine's command for a typed `/name`: the same table and folding as every other
    channel, so a Turkish name (with or without Turkish letters) maps back to English."""
    return canonical_command(typed.lstrip("/").split("@")[0])

"""Everything a user reads: jinja2 templates per locale, rendered with StrictUndefined.

`render("today/header", "tr", name="Ada")` reads `prompts/messages/tr/today/header.j2`.
A template missing in the asked locale falls back to English, so a half-translated pack still
answers; a variable missing from the context is an error, never a blank.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

PROMPTS_DIR = Path(__file__).parent
LOCALES = ("tr", "en")
FALLBACK_LOCALE = "en"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # Chat messages are plain text; each channel escapes for its own markup (HTML in Telegram).
    env = Environment(
        loader=FileSystemLoader(str(PROMPTS_DIR)),
        undefined=StrictUndefined,
        autoescape=False,  # noqa: S701
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["minutes"] = _format_minutes
    return env


def _format_minutes(value: int) -> str:
    hours, minutes = divmod(int(value), 60)
    if hours and minutes:
        return f"{hours}h{minutes:02d}"
    return f"{hours}h" if hours else f"{minutes}m"


def normalize_locale(locale: str | None) -> str:
    """A supported locale for a client language code such as 'tr-TR' or 'en_GB'."""
    code = (locale or "").replace("_", "-").split("-")[0].lower()
    return code if code in LOCALES else FALLBACK_LOCALE


def template_exists(name: str, locale: str) -> bool:
    """Whether `name` exists in exactly this locale."""
    return (PROMPTS_DIR / "messages" / locale / f"{name}.j2").is_file()


def render(name: str, locale: str, **context: Any) -> str:
    """Render the message template `name` in `locale` (falling back to English)."""
    env = _environment()
    locale = normalize_locale(locale)
    try:
        template = env.get_template(f"messages/{locale}/{name}.j2")
    except TemplateNotFound:
        template = env.get_template(f"messages/{FALLBACK_LOCALE}/{name}.j2")
    return template.render(locale=locale, **context).strip()


def render_llm(name: str, **context: Any) -> str:
    """Render an LLM prompt template from prompts/llm/."""
    return _environment().get_template(f"llm/{name}.j2").render(**context).strip()

"""Everything a user reads: jinja2 templates per locale, rendered with StrictUndefined.

`render("today/header", "tr", name="Ada")` reads `prompts/messages/tr/today/header.j2`.
A template missing in the asked locale falls back to English, so a half-translated pack still
answers; a variable missing from the context is an error, never a blank.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, pass_context
from jinja2.runtime import Context

from prompts import formatting
from prompts.commands import slash_command

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
        # A block tag alone on its line leaves no blank line; a tag that ends a line of text
        # keeps the newline with `+%}`.
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # templates ship with the code; no stat() per render
    )
    env.filters.update(_filters())
    return env


def _with_locale(function: Callable[..., str]) -> Callable[..., str]:
    """A filter that takes the locale as its first argument or else from the template's context,
    so `{{ d | day }}` and `{{ d | day(locale) }}` read the same."""

    @pass_context
    def _filter(context: Context, value: Any, *args: Any, **kwargs: Any) -> str:
        locale = context.get("locale")
        if args and isinstance(args[0], str) and args[0] in LOCALES:
            locale, args = args[0], args[1:]
        return function(value, *args, locale=locale, **kwargs)

    return _filter


def _filters() -> dict[str, Callable[..., str]]:
    def day(value: date, *, locale: str) -> str:
        return formatting.format_day(value, locale)

    def fulldate(value: date, *, locale: str) -> str:
        return formatting.format_full_date(value, locale)

    def daymonth(value: date, *, locale: str) -> str:
        return formatting.format_day_month(value, locale)

    def weekday(value: object, width: str = "wide", *, locale: str) -> str:
        return formatting.format_weekday(value, locale, width)

    def month(value: int, *, locale: str) -> str:
        return formatting.format_month(value, locale)

    def clock(value: time | None, *, locale: str) -> str:
        return formatting.format_clock(value, locale)

    def num(value: float, digits: int = 2, *, locale: str) -> str:
        return formatting.format_number(value, locale, digits)

    def minutes(value: float, *, locale: str) -> str:
        return formatting.format_duration(value, locale)

    def hours(value: float, *, locale: str) -> str:
        return formatting.format_hours(value, locale)

    def count(value: float, unit: str, *, locale: str) -> str:
        return formatting.format_count(value, unit, locale)

    def plural(value: float, one: str, other: str, *, locale: str) -> str:
        return formatting.plural(value, one, other, locale)

    def cmd(value: str, *, locale: str) -> str:
        return slash_command(value, locale)

    def zone(value: str, *, locale: str) -> str:
        return formatting.format_zone(value, locale)

    plain: dict[str, Callable[..., str]] = {
        "day": day, "fulldate": fulldate, "weekday": weekday, "month": month, "clock": clock,
        "num": num, "minutes": minutes, "hours": hours, "count": count, "plural": plural,
        "daymonth": daymonth, "cmd": cmd, "zone": zone,
    }  # fmt: skip
    return {name: _with_locale(function) for name, function in plain.items()}


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


@lru_cache(maxsize=4096)
def _render_cached(name: str, locale: str, context: tuple[tuple[str, Any], ...]) -> str:
    return render(name, locale, **dict(context))


def render_label(name: str, locale: str, **context: Any) -> str:
    """`render` for short, often repeated texts (button labels), cached by their context."""
    items = tuple(sorted(context.items()))
    try:
        hash(items)
    except TypeError:
        return render(name, locale, **context)
    return _render_cached(name, locale, items)


def render_llm(name: str, **context: Any) -> str:
    """Render an LLM prompt template from prompts/llm/."""
    return _environment().get_template(f"llm/{name}.j2").render(**context).strip()

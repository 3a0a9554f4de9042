"""Everything a user reads: jinja2 templates per locale, rendered with StrictUndefined.

`render("today/header", "tr", name="Ada")` reads `prompts/messages/tr/today/header.j2`.
A template missing in the asked locale falls back to English, so a half-translated pack still
answers; a variable missing from the context is an error, never a blank.
"""

from __future__ import annotations

from datetime import date
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
        # A block tag alone on its line leaves no blank line; a tag that ends a line of text
        # keeps the newline with `+%}`.
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # templates ship with the code; no stat() per render
    )
    env.filters["minutes"] = _format_minutes
    env.filters["weekday"] = _weekday_name
    env.filters["month"] = _month_name
    env.filters["day"] = _short_day
    env.filters["fulldate"] = _full_date
    env.filters["num"] = _number
    return env


WEEKDAY_NAMES = {
    "tr": ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTH_NAMES = {
    "tr": ("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül",
           "Ekim", "Kasım", "Aralık"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip
_DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekday_name(value: object, locale: str) -> str:
    """'mon', 0 or a date -> 'Monday' / 'Pazartesi'."""
    if isinstance(value, str):
        index = _DAY_CODES.index(value)
    elif isinstance(value, int):
        index = value
    else:
        index = value.weekday()  # type: ignore[attr-defined]
    return WEEKDAY_NAMES[normalize_locale(locale)][index]


def _short_day(value: date, locale: str) -> str:
    """A date as 'Pzt 07.12' / 'Mon 7 Dec'."""
    locale = normalize_locale(locale)
    weekday = _weekday_name(value, locale)[:3]
    if locale == "tr":
        return f"{weekday} {value:%d.%m}"
    return f"{weekday} {value.day} {MONTH_NAMES['en'][value.month - 1][:3]}"


def _full_date(value: date, locale: str) -> str:
    """A date as '19.06.2027' / '19 June 2027'."""
    if normalize_locale(locale) == "tr":
        return f"{value:%d.%m.%Y}"
    return f"{value.day} {MONTH_NAMES['en'][value.month - 1]} {value.year}"


def _month_name(value: int, locale: str) -> str:
    """1 -> 'January' / 'Ocak'."""
    return MONTH_NAMES[normalize_locale(locale)][int(value) - 1]


def _number(value: float, locale: str) -> str:
    """16.1 -> '16,1' / '16.1' (a whole number without decimals)."""
    number = float(value)
    text = f"{number:g}" if not number.is_integer() else str(int(number))
    return text.replace(".", ",") if normalize_locale(locale) == "tr" else text


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

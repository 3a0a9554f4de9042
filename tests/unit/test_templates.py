"""Every message exists in Turkish and English, and every template the code names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import Environment, TemplateSyntaxError

from prompts import PROMPTS_DIR, render, render_label

ROOT = Path(__file__).parents[2]
MESSAGES = PROMPTS_DIR / "messages"
# say("x/y"), text("x/y"), render("x/y", ...), template="x/y", button("name", ...)
NAMED = re.compile(r"""(?:say|text|render|template=)\(?\s*["']([a-z_]+/[a-z0-9_/]+)["']""")
BUTTON = re.compile(r"""\.button\(\s*["']([a-z0-9_]+)["']""")


def _names(locale: str) -> set[str]:
    folder = MESSAGES / locale
    return {str(p.relative_to(folder).with_suffix("")) for p in folder.rglob("*.j2")}


def test_turkish_and_english_have_the_same_messages() -> None:
    turkish, english = _names("tr"), _names("en")
    assert sorted(turkish - english) == [], "missing in English"
    assert sorted(english - turkish) == [], "missing in Turkish"


@pytest.mark.parametrize("locale", ["tr", "en"])
def test_every_template_parses(locale: str) -> None:
    environment = Environment(autoescape=False)  # noqa: S701  (syntax check only)
    for path in (MESSAGES / locale).rglob("*.j2"):
        try:
            environment.parse(path.read_text(encoding="utf-8"))
        except TemplateSyntaxError as error:  # pragma: no cover - the assertion explains
            pytest.fail(f"{path}: {error}")


def test_templates_named_in_code_exist() -> None:
    available = _names("en")
    missing = []
    for source in [*ROOT.glob("coach/**/*.py"), *ROOT.glob("bot/**/*.py")]:
        code = source.read_text(encoding="utf-8")
        for name in NAMED.findall(code):
            if name not in available and not name.startswith(("messages/", "llm/")):
                missing.append(f"{source.relative_to(ROOT)}: {name}")
        for name in BUTTON.findall(code):
            if f"buttons/{name}" not in available:
                missing.append(f"{source.relative_to(ROOT)}: buttons/{name}")
    assert missing == []


def test_the_no_rest_day_button_says_rest_day_as_its_question_does() -> None:
    """The question, the summary and /settings say "rest day"; the way out says it too."""
    assert "rest day" in render("onboarding/break_day", "en")
    assert render_label("buttons/no_break", "en") == "No rest day"

"""A number the student reads counts the same thing in both languages: where the English
counts sessions ("3 sessions"), the Turkish says "oturum" ("3 oturum"), and where it counts
lessons, "ders"; a Turkish noun after a number stays singular ("3 oturum", never
"3 oturumlar")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

MESSAGES = Path(__file__).resolve().parents[2] / "prompts" / "messages"
VARIABLE = r"\{\{ ?([\w.]+) ?\}\}"
# "{{ n }} sessions", "{{ n }} planned sessions", "{{ n }} {{ n | plural("session", ...) }}"
ENGLISH = re.compile(
    VARIABLE + r" (?:(?:planned|lesson|study) )?(?:\{\{[^}]*plural\(\"(session|lesson)\"|"
    r"(session|lesson)s?\b)"
)
NOUN = {"session": "oturum", "lesson": "ders"}


def _pairs() -> list[tuple[str, str, str]]:
    """(template, variable, what the English counts) for every counted session or lesson."""
    found = []
    for english in sorted((MESSAGES / "en").rglob("*.j2")):
        name = str(english.relative_to(MESSAGES / "en"))
        for match in ENGLISH.finditer(english.read_text(encoding="utf-8")):
            found.append((name, match.group(1), match.group(2) or match.group(3)))
    return found


PAIRS = _pairs()


def test_the_english_counts_are_found() -> None:
    names = {name for name, _, _ in PAIRS}
    assert "daily/plan.j2" in names and "checkin/thanks.j2" in names


@pytest.mark.parametrize(("name", "variable", "unit"), PAIRS)
def test_turkish_counts_the_same_thing(name: str, variable: str, unit: str) -> None:
    turkish = (MESSAGES / "tr" / name).read_text(encoding="utf-8")
    pattern = r"\{\{ ?" + re.escape(variable) + r" ?\}\} ((?:\S+ ?){1,2})"
    # "{{ progress }}/{{ target }} — ..." is a score, not a count with a noun
    following = [words for words in re.findall(pattern, turkish) if words[0].isalpha()]
    assert following, f"tr/{name} does not show {variable}"
    for words in following:
        assert NOUN[unit] in words, f"tr/{name}: {{{{ {variable} }}}} {words!r} counts {unit}s"
        assert not re.search(NOUN[unit] + r"(lar|ler)", words), f"tr/{name}: plural {words!r}"

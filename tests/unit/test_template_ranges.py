"""Number ranges a student reads use an en dash ("3–4 saat", "1–5"); only the examples of
what a student types keep the hyphen of the keyboard, and those parse with either dash."""

from __future__ import annotations

import re
from datetime import time

import pytest

from coach.dialogue import parsing
from prompts import PROMPTS_DIR

MESSAGES = PROMPTS_DIR / "messages"
CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)  # jinja, not text
HYPHEN_RANGE = re.compile(r"\d\s?-\s?\d")
# Typed examples: a time window ("18:30-21:30", "23:00-08:00") and an ISO date ("2027-03-10").
TIME_SPAN = re.compile(r"(?<![\d:])\d{1,2}:\d{2}-\d{1,2}:\d{2}(?![\d:])")
ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")


def _texts() -> list[tuple[str, str]]:
    return [
        (str(path.relative_to(MESSAGES)), CODE.sub(" ", path.read_text(encoding="utf-8")))
        for path in sorted(MESSAGES.rglob("*.j2"))
    ]


def test_number_ranges_use_an_en_dash() -> None:
    found = []
    for name, text in _texts():
        prose = ISO_DATE.sub(" ", TIME_SPAN.sub(" ", text))
        found += [f"{name}: {match.group()!r}" for match in HYPHEN_RANGE.finditer(prose)]
    assert found == []


def _typed_examples() -> list[str]:
    return sorted({span for _, text in _texts() for span in TIME_SPAN.findall(text)})


def test_the_typed_examples_are_time_windows() -> None:
    assert "18:30-21:30" in _typed_examples() and "23:00-08:00" in _typed_examples()


@pytest.mark.parametrize("example", _typed_examples())
@pytest.mark.parametrize("dash", ["-", "–", "—", " – "])
def test_a_typed_window_reads_with_any_dash(example: str, dash: str) -> None:
    """A student may copy the window as shown (an en dash) or type it; both are understood."""
    typed = example.replace("-", dash)
    span = parsing.parse_hours(typed)
    assert not isinstance(span, parsing.Problem), typed
    start, end = example.split("-")
    assert span == (time.fromisoformat(start.zfill(5)), time.fromisoformat(end.zfill(5)))
    if span[0] < span[1]:  # a study window within a day
        assert parsing.parse_span(typed) == span

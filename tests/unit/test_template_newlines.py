"""Chat templates are rendered with `trim_blocks`: the newline right after a block tag is
dropped. On a line that also carries text, that silently glued lines together (the league
table's rows, /progress's subjects, the tutor's hand-off packet, "today's XP limit"). A line with
text that ends in a block tag must therefore keep its newline with `+%}`.
"""

from __future__ import annotations

import re

from prompts import PROMPTS_DIR, render

ENDS_IN_TAG = re.compile(r"\{%[^%]*?[^+\-]%\}\s*$")
ONLY_TAGS = re.compile(r"^\s*(\{%[^%]*%\}\s*)+$")


def _glued_lines() -> list[str]:
    found = []
    for path in sorted((PROMPTS_DIR / "messages").rglob("*.j2")):
        lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
        for number, line in enumerate(lines[:-1], start=1):
            # a next line opening with "{%-" strips that whitespace on purpose
            glued = ENDS_IN_TAG.search(line) and not ONLY_TAGS.match(line)
            if glued and not lines[number].lstrip().startswith("{%-"):
                found.append(f"{path.relative_to(PROMPTS_DIR)}:{number}")
    return found


def test_no_line_of_text_loses_its_newline() -> None:
    assert _glued_lines() == []


def test_league_rows_and_progress_subjects_are_one_per_line() -> None:
    rows = [
        {"rank": 1, "me": True, "name": "Ada", "xp": 50, "zone": "up"},
        {"rank": 2, "me": False, "name": "Can", "xp": 30, "zone": ""},
        {"rank": 3, "me": False, "name": "Efe", "xp": 10, "zone": "down"},
    ]
    for locale in ("tr", "en"):
        table = render("motivation/league", locale, tier=2, rows=rows).splitlines()
        assert [line[:2] for line in table[1:4]] == ["1.", "2.", "3."]
        subjects = [
            {"name": "Cebir", "assessed": True, "mastery": 48, "level": "attempted"},
            {"name": "Geometri", "assessed": False, "mastery": 0, "level": "attempted"},
        ]
        stats = {"done": 1, "planned": 4, "minutes_done": 30, "streak": 1}
        text = render("daily/progress", locale, stats=stats, subjects=subjects)
        assert sum(line.startswith("• ") for line in text.splitlines()) == 2


def test_the_xp_limit_is_its_own_sentence() -> None:
    for locale in ("tr", "en"):
        text = render(
            "motivation/xp_earned",
            locale,
            amount=5,
            balance=100,
            level=2,
            level_name="x",
            levelled=False,
            to_next=10,
            capped=True,
        )
        assert len(text.splitlines()) == 2

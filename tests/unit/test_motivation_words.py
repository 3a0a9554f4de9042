"""What a student reads in the motivation messages, in both languages: one line per league
row and per subject of /progress (a block tag at a line's end must not eat the line break),
the Turkish league words the chat understands ("katıl", "ayrıl", not "katil" — a murderer),
and one XP figure written the same way (the locale's digit grouping) on the Done message,
/badges, the card, the league and the group board."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from prompts import render

ROWS = [
    {"rank": 1, "me": True, "name": "Kuzey", "xp": 1234, "zone": "up"},
    {"rank": 2, "me": False, "name": "Poyraz", "xp": 20, "zone": None},
]
GROUPED = {"tr": "1.234 XP", "en": "1,234 XP"}


@pytest.mark.parametrize("locale", ["tr", "en"])
def test_each_league_row_and_the_legend_stand_on_their_own_lines(locale: str) -> None:
    lines = render("motivation/league", locale, tier=1, rows=ROWS).splitlines()
    assert lines[1].endswith(f"Kuzey — {GROUPED[locale]} ▲")
    assert lines[2].endswith("Poyraz — 20 XP")
    assert lines[3].startswith("▲")


@pytest.mark.parametrize("locale", ["tr", "en"])
def test_each_subject_of_progress_stands_on_its_own_line(locale: str) -> None:
    stats = SimpleNamespace(done=1, planned=2, minutes_done=40, streak=1)
    subjects = [
        SimpleNamespace(name="Matematik", assessed=True, mastery=89, level="proficient"),
        SimpleNamespace(name="Türkçe", assessed=False, mastery=0, level="attempted"),
    ]
    text = render("daily/progress", locale, stats=stats, subjects=subjects)
    bullets = [line for line in text.splitlines() if line.startswith("•")]
    assert len(bullets) == 2 and "Türkçe" not in bullets[0]


def test_the_turkish_league_words_are_the_ones_the_chat_takes() -> None:
    texts = [
        render("motivation/league_opt_in", "tr"),
        render("motivation/league_name_needed", "tr"),
        render("motivation/league", "tr", tier=1, rows=ROWS),
    ]
    joined = " ".join(texts)
    assert "/lig katıl" in joined and "/lig ayrıl" in joined
    assert "katil" not in joined and "ayril" not in joined


@pytest.mark.parametrize("locale", ["tr", "en"])
def test_one_xp_figure_is_written_alike_everywhere(locale: str) -> None:
    done = render("motivation/xp_earned", locale, amount=20, balance=1234, level=3,
                  level_name="X", levelled=False, to_next=66, capped=False)  # fmt: skip
    badges = render("motivation/badges", locale, level=3, level_name="X", xp=1234, to_next=66,
                    earned=[], upcoming=[])  # fmt: skip
    card = render("motivation/card_level", locale, level=3, title="X", xp=1234)
    league = render("motivation/league", locale, tier=1, rows=ROWS)
    board = render("boards/board", locale, rows=[[1, "Kuzey", 1234]], first="2026-12-07")
    for text in (done, badges, card, league, board):
        assert GROUPED[locale] in text, text


@pytest.mark.parametrize(("locale", "day"), [("tr", "8 Aralık"), ("en", "8 December")])
def test_dates_a_student_reads_are_words_not_iso(locale: str, day: str) -> None:
    formed = render("notify/community_formed", locale, group="Türev", members=["Kuzey"],
                    time="19:00", day="tue", date="2026-12-08")  # fmt: skip
    week = dict.fromkeys(("planned", "done", "planned_minutes", "minutes_spent", "completion"), 0)
    week.update(mastery_changes=[], focus=[], suggestion=None, suggestion_percent=0)
    review = render("notify/weekly_review", locale, week_start="2026-12-08", **week)
    for text in (formed, review):
        assert day in text and "2026-12-08" not in text, text

"""Every motivation template renders in Turkish and English with the context its caller gives."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from prompts import render

AT = datetime(2026, 12, 7, tzinfo=UTC)
CONTEXTS: dict[str, dict[str, Any]] = {
    "motivation/xp_earned": {"amount": 25, "balance": 125, "level": 2, "level_name": "Kaşif",
                             "levelled": True, "capped": True, "to_next": 175},
    "motivation/streak": {"count": 5, "best": 9, "freezes": 1, "weeks": ["🟩🟩⬜"], "used": 0,
                          "since_start": True},
    "motivation/badges": {"earned": [{"icon": "🔥", "name": "7", "at": AT}],
                          "upcoming": [{"icon": "⏱️", "name": "10", "description": "d", "value": 3,
                                        "target": 10}],
                          "level": 2, "level_name": "Kaşif", "xp": 120, "to_next": 180},
    "motivation/celebrate_badge": {"icon": "🔥", "name_tr": "Seri", "name_en": "Streak",
                                   "description_tr": "d", "description_en": "d"},
    "motivation/celebrate_level": {"level": 3, "balance": 300},
    "motivation/freeze_used": {"weekday": 0, "streak": 8, "left": 0},
    "motivation/league": {"rows": [{"rank": 1, "name": "Ada_K", "xp": 90, "me": True,
                                    "zone": "up"}], "tier": 1},
    "motivation/league_result": {"result": "promoted", "rank": 1, "size": 12, "xp": 300},
    "motivation/card_title": {"first": date(2026, 12, 7), "last": date(2026, 12, 13)},
    "motivation/card_level": {"level": 2, "title": "Kaşif", "xp": 120},
    "motivation/card_streak": {"count": 1, "freezes": 0},
    "motivation/card_hours": {"done": 270, "planned": 360},
    "motivation/card_badge": {"badge": "İlk hafta"},
    "motivation/card_percent": {"n": 62},
    "motivation/league_waiting": {"joined": False, "monday": date(2026, 12, 14)},
    "challenge/show": {"kind": "topic_sessions", "target": 3, "topic": "Türev",
                       "status": "accepted", "progress": 1, "first": date(2026, 12, 7),
                       "next_week": False, "days_left": 7},
    "challenge/accepted": {"kind": "minutes", "target": 150, "topic": "", "next_week": False,
                           "days_left": 7},
    "challenge/swapped": {"kind": "mock", "target": 1, "topic": "", "next_week": True,
                          "days_left": 1},
    "challenge/when": {"next_week": False, "days_left": 2},
    "challenge/stale": {},
    "challenge/already": {},
    "challenge/no_plan": {},
    "challenge/group_only": {},
    "challenge/name_needed": {},
    "challenge/group": {"target": 6, "progress": 2, "rows": [["Ada_K", 2]], "joined": False,
                        "left": False, "done": False, "first": date(2026, 12, 7)},
    "challenge/progress": {"group": True, "kind": "sessions", "progress": 2, "target": 6,
                           "done": False},
    "challenge/completed": {"kind": "topic_sessions", "target": 3, "topic_tr": "Türev",
                            "topic_en": "Derivatives"},
    "challenge/group_completed": {"target": 6, "names": ["Ada_K", "Bora"]},
    "challenge/offer": {"kind": "sessions", "target": 4, "topic_tr": "", "topic_en": ""},
    "challenge/group_offer": {"target": 6},
}  # fmt: skip


@pytest.mark.parametrize("locale", ["tr", "en"])
@pytest.mark.parametrize("name", sorted(CONTEXTS))
def test_renders(name: str, locale: str) -> None:
    text = render(name, locale, **CONTEXTS[name])
    assert text.strip()
    assert "{{" not in text


def test_challenge_goals_are_worded_per_language() -> None:
    context = CONTEXTS["challenge/completed"]
    assert "Türev konusundan 3 oturum" in render("challenge/completed", "tr", **context)
    assert "3 sessions of Derivatives" in render("challenge/completed", "en", **context)
    minutes = CONTEXTS["challenge/accepted"]
    assert "2 sa 30 dk" in render("challenge/accepted", "tr", **minutes)
    assert "1 planned session." in render("challenge/offer", "en", kind="sessions", target=1,
                                 topic_tr="", topic_en="")  # fmt: skip


def test_the_freeze_message_names_the_day() -> None:
    assert "Pazartesi" in render(
        "motivation/freeze_used", "tr", **CONTEXTS["motivation/freeze_used"]
    )
    assert "%62" in render("motivation/card_percent", "tr", n=62)
    assert "62%" in render("motivation/card_percent", "en", n=62)


def test_a_late_joiner_is_told_the_monday_of_the_next_leagues() -> None:
    context = CONTEXTS["motivation/league_waiting"]
    assert "14 Aralık Pazartesi" in render("motivation/league_waiting", "tr", **context)
    assert "Monday 14 December" in render("motivation/league_waiting", "en", **context)
    assert render("motivation/league_waiting", "en", **context).startswith("You're on the list")


def test_xp_in_pushes_is_grouped_per_locale() -> None:
    level = {"level": 7, "balance": 1250}
    assert "1.250 XP" in render("motivation/celebrate_level", "tr", **level)
    assert "1,250 XP" in render("motivation/celebrate_level", "en", **level)
    league = {"result": "stayed", "rank": 2, "size": 30, "xp": 1250}
    assert "1.250 XP" in render("motivation/league_result", "tr", **league)
    assert "1,250 XP" in render("motivation/league_result", "en", **league)


def test_a_mock_challenge_uses_the_exams_own_word_for_a_mock() -> None:
    context = {**CONTEXTS["challenge/show"], "kind": "mock", "target": 1}
    sat = render("challenge/show", "en", exam={"mock": "practice test"}, **context)
    assert "one full practice test, with its results entered" in sat
    assert "one full mock exam" in render("challenge/show", "en", **context)

"""Every push renders in Turkish and English from the context its producer stores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import prompts
from prompts import render

NOTIFY = Path(prompts.__file__).parent / "messages"

CONTEXTS: dict[str, dict[str, Any]] = {
    "notify/reminder": {"session_id": 1, "session_kind": "mock_exam", "minutes": 45,
                        "topic": "Limitler", "start": "18:00", "lead": 15},
    "notify/checkin": {"rest_day": False, "student": "Ada"},
    "notify/checkin_silenced": {"checkin": "23:45", "quiet_start": "20:00", "quiet_end": "08:00"},
    "notify/weekly_review": {
        "week_start": "2027-03-22", "planned": 14, "done": 9, "planned_minutes": 630,
        "minutes_spent": 400, "completion": 64,
        "mastery_changes": [{"topic": "Limitler", "before": 40, "after": 70}],
        "focus": ["Türev", "İntegral"], "suggestion": "lighter", "suggestion_percent": 20,
        "mastery_snapshot": {"limits": 0.7},
    },
    "notify/milestone_first_week": {"sessions": 6, "minutes": 270, "topic": "Türev"},
    "notify/milestone_streak": {"days": 7, "goal": 7, "topic": ""},
    "notify/milestone_topic_mastered": {"topic": "Limitler", "mastery": 88},
    "notify/milestone_mock_improved": {"score": 68.0, "previous": 61.5, "gain": 6.5, "topic": ""},
    "notify/slump_missed_days": {"days": 2, "topic": "Limitler", "minutes": 10},
    "notify/slump_quiz_scores": {"score": 40, "topic": "Limitler"},
    "notify/resource_links": {
        "trigger": "failed_quiz", "topic": "Limitler",
        "resources": [{"title": "Limit özeti", "url": "https://example.org/l", "minutes": 8,
                       "kind": "summary"}],
    },
    "notify/group_invite": {"group": "Limit Kulübü", "members": 4, "topic": "Limitler",
                            "meets": "Salı 19:00"},
    "notify/replan_morning": {"missed": 2, "added": 1, "moved": 3, "removed": 0},
    "notify/liveqa_invite": {"session_id": 1, "title": "Türev", "host": "Ayşe", "subject": "Mat",
                             "topic": "", "date": "2026-12-09", "time": "19:00", "minutes": 45},
    "notify/liveqa_reminder": {"session_id": 1, "title": "Türev", "host": "Ayşe", "subject": "Mat",
                               "topic": "", "date": "2026-12-09", "time": "19:00", "minutes": 45},
    "notify/forum_answer": {"thread_id": 1, "preview": "Bugünkü yaşlara x ve 3x de"},
    "notify/community_invite": {"group": "Türev #1", "members": 3, "others": ["Ada", "Bora"],
                                "focus": "similar", "topics": ["Türev", "İntegral"],
                                "spans": [{"day": "tue", "start": "19:00", "end": "21:00"}],
                                "more_spans": 0},
    "notify/community_formed": {"group": "Türev #1", "members": ["Ada", "Bora"], "day": "tue",
                                "date": "2026-12-08", "time": "19:00", "focus": "similar",
                                "topics": [], "spans": [], "more_spans": 0},
    "notify/community_session": {"group": "Türev #1", "members": ["Ada"], "day": "tue",
                                 "date": "2026-12-08", "time": "19:00", "focus": "similar",
                                 "topics": [], "spans": [], "more_spans": 0},
    "notify/community_link": {"group": "Türev #1", "link": "https://t.me/+abc",
                              "channel": "telegram"},
    "notify/partner_evening": {"partner": "Bora", "done": True},
    "notify/partner_cheer": {"partner": "Bora", "cheer": "proud"},
    "notify/partner_unpaired": {"partner": "Bora"},
    "notify/community_week": {"group": "Türev #1", "kept": ["Ada"], "kept_count": 2,
                              "members": 3, "goal_minutes": 600, "sessions": 2,
                              "attended_named": [["Ada", 2]]},
}  # fmt: skip


def names(locale: str) -> set[str]:
    base = NOTIFY / locale
    return {str(p.relative_to(base).with_suffix("")) for p in (base / "notify").rglob("*.j2")}


def test_every_template_exists_in_both_languages() -> None:
    assert names("tr") == names("en")
    assert {n for n in names("en") if "/buttons/" not in n} == set(CONTEXTS)


@pytest.mark.parametrize("locale", ["tr", "en"])
@pytest.mark.parametrize("name", sorted(CONTEXTS))
def test_templates_render_with_their_context(name: str, locale: str) -> None:
    text = render(name, locale, **CONTEXTS[name])
    assert text
    assert "{{" not in text and "{%" not in text
    assert prompts.template_exists(name, locale)


@pytest.mark.parametrize("locale", ["tr", "en"])
def test_variants_render(locale: str) -> None:
    rest = render("notify/checkin", locale, rest_day=True, student="")
    assert rest and not rest.startswith("🌙 ,")
    for proposal in ("stretch", None):
        context = {**CONTEXTS["notify/weekly_review"], "suggestion": proposal, "planned": 0}
        assert render("notify/weekly_review", locale, **context)
    stuck = {**CONTEXTS["notify/resource_links"], "trigger": "stuck"}
    assert "https://example.org/l" in render("notify/resource_links", locale, **stuck)
    for button in sorted(n for n in names(locale) if "/buttons/" in n):
        assert render(button, locale)


def test_no_guilt_tripping_words() -> None:
    blame = (
        "failed",
        "lazy",
        "disappoint",
        "should have",
        "başarısız",
        "tembel",
        "hayal kırıklığı",
    )
    for locale in ("tr", "en"):
        for path in (NOTIFY / locale / "notify").rglob("*.j2"):
            text = path.read_text(encoding="utf-8").lower()
            assert not any(word in text for word in blame), path

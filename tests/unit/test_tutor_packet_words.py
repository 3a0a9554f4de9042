"""The hand-off packet reads right in both languages: signals and speakers in words, days and
sessions with their plurals, a mock's net and day formatted per locale (Babel)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from coach.tutors.model import Packet
from prompts import render

BASE = Packet(
    student_name="Ayşe", exam="YKS", track="SAY", days_to_exam=1, topic="Türev",
    reason="struggle", signals=("quiz_failed_twice", "too_hard"), mastery=42,
    prerequisites=(("Limit", None), ("Fonksiyonlar", 70)),
    wrong_answers=(("f(x)=x² ise f'(2)?", "4"),), adherence=(1, 1),
    latest_mock=(42.5, date(2026, 12, 5)), student_words="anlamadım", minor=False,
    ai_lines=(("student", "12 denedim"), ("coach", "İpucu: hızları topla")),
)  # fmt: skip


def _packet(**changes: Any) -> Packet:
    return dataclasses.replace(BASE, **changes)


def test_the_turkish_packet() -> None:
    text = render("tutors/packet", "tr", p=_packet())
    assert "sınava 1 gün var" in text
    assert "iki testte %60'ın altı" in text and "quiz_failed_twice" not in text
    assert "Hakimiyet: %42; ön koşullar: Limit ?, Fonksiyonlar %70" in text
    assert "1 planlı oturumdan 1 tanesi tamamlandı" in text
    assert "son deneme: 42,5 net (Cmt 05.12)" in text
    assert "Öğrenci: 12 denedim" in text and "Koç: İpucu" in text
    assert "student:" not in text and "coach:" not in text and "2026-12-05" not in text


def test_the_english_packet() -> None:
    text = render("tutors/packet", "en", p=_packet(days_to_exam=30, adherence=(1, 3)))
    assert "30 days to the exam" in text
    assert "This week: 1 of 3 planned sessions done" in text
    assert "latest mock: 42.5 net (" in text and "2026-12-05" not in text
    assert "Student: 12 denedim" in text
    one = render("tutors/packet", "en", p=_packet(adherence=(1, 1), mastery=None))
    assert "1 day to the exam" in one and "1 of 1 planned session done" in one
    assert "Mastery: unknown" in one


def test_thousands_are_grouped_per_locale() -> None:
    big = _packet(latest_mock=(1250.0, date(2026, 12, 5)), days_to_exam=1250)
    assert "1.250 gün" in render("tutors/packet", "tr", p=big)
    assert "1,250 days" in render("tutors/packet", "en", p=big)

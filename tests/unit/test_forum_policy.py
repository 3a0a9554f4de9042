"""Forum rules: Turkish folding, contact details and outside links refused, the profanity
filter in tr and en without false alarms, rate limits and topic recognition."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coach.forum.model import DEFAULT_FORUM_POLICY
from coach.forum.policy import (
    content_problem,
    question_problem,
    recognise_topics,
    too_many_answers,
    too_many_questions,
)
from coach.forum.text import fold, terms

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def test_turkish_case_folding() -> None:
    assert fold("İNTEGRAL") == fold("integral") == "integral"
    assert fold("ILIK") == fold("ılık") == "ilik"  # I/ı folded before any tokenizer
    assert fold("Şeker Çiçeği Öğrenci Ünlü") == "seker cicegi ogrenci unlu"
    assert terms("türevini") == terms("TÜREV") == terms("turev") == ["turev"]
    assert terms("derivatives") == terms("Derivative")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Beni ara 0532 123 45 67", "phone"),
        ("call me +1 (415) 555-0132", "phone"),
        ("yaz bana ali.veli@example.com", "email"),
        ("mail: ayse [at] okul.k12.tr", "email"),
        ("gel t.me/matgrubu", "link"),
        ("join discord.gg/abcd", "link"),
        ("see https://example.org/x", "link"),
        ("instagram'dan yaz @ayse_cozer", "link"),
        ("Atatürk Cad. No: 5 önünde buluşalım", "address"),
        ("Gül Sokak 12 numara", "address"),
        ("I live at 221 Baker Street", "address"),
        ("bu ne salak soru", "profanity"),
        ("what a stupid question", "profanity"),
        ("SİKTİR", "profanity"),
    ],
)
def test_refused_content(text: str, problem: str) -> None:
    assert content_problem(text) == problem


@pytest.mark.parametrize(
    "text",
    [
        "2024 TYT'de 3x+5=20 denklemini çözdüm, 15 net yaptım",
        "A şıkkı mı doğru, yoksa C şıkkı mı?",
        "Sıkıcı bir Hamlet sorusu: ana fikir ne?",
        "I got 650 on the math section; how do I reach 700?",
        "f(x) = x^2 + 3x türevini al, x = 1/2 için hesapla",
        "Mal varlığı ve sermaye birikimi tarih sorusu",
    ],
)
def test_ordinary_questions_pass(text: str) -> None:
    assert content_problem(text) is None


def test_a_question_needs_some_words() -> None:
    assert question_problem("türev?") == "too_short"
    assert question_problem("Türev alırken zincir kuralı ne zaman?") is None


def test_rate_limits() -> None:
    policy = DEFAULT_FORUM_POLICY
    asked = [NOW - timedelta(hours=h) for h in range(policy.questions_per_day)]
    assert too_many_questions(asked, NOW, policy)
    assert not too_many_questions(asked[:-1], NOW, policy)
    old = [NOW - timedelta(hours=25)] * 10
    assert not too_many_questions(old, NOW, policy)
    answered = [NOW - timedelta(minutes=m) for m in range(policy.answers_per_hour)]
    assert too_many_answers(answered, NOW, policy)
    assert not too_many_answers(answered, NOW + timedelta(hours=1), policy)


def test_topics_recognised_from_the_text() -> None:
    topics = (
        ("turev", "Türev ve Uygulamaları Derivatives Zincir kuralı Chain rule"),
        ("integral", "İntegral Integrals Alan hesabı"),
        ("paragraf", "Paragraf Reading comprehension Ana düşünce"),
    )
    assert recognise_topics("zincir kurali ile turev nasil alinir", topics)[0] == "turev"
    assert recognise_topics("How do I use the chain rule?", topics) == ["turev"]
    assert recognise_topics("paragrafta ana düşünce", topics)[0] == "paragraf"
    assert recognise_topics("hava nasıl olacak", topics) == []

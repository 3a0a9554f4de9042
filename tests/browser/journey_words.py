"""What a student reads and taps on the way from /start to the evening check-in, per language
and exam: the words of the buttons pressed and of the messages expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    """The words of one language and exam."""

    locale: str
    accept_language: str
    exam: str  # the track's button
    target: str  # the target kind's button
    target_value: str
    intro: str
    start: str
    language: str
    consent: str
    agree: str
    age: str
    minor_note: str
    track_question: str
    official_date: str
    target_question: str
    availability: str
    medium: str
    looks_good: str
    evening: str
    sunday: str
    confirm: str
    all_correct: str
    assessment: str
    dont_know: str
    skip_subject: str
    plan_ready: str
    start_plan: str
    plan_on: str
    today: str
    start_session: str
    key_points: str
    done: str
    how_hard: str
    rated: str
    checkin_push: str
    checkin_start: str
    checkin: str
    day_hard: str
    all_done: str
    how_long: str
    minutes: str
    thanks: str


TR = {
    "locale": "tr",
    "accept_language": "tr-TR",
    "intro": "sınav koçun",
    "start": "Başla",
    "language": "Hangi dilde konuşalım?",
    "consent": "Gizlilik",
    "agree": "Kabul ediyorum",
    "age": "Kaç yaşındasın?",
    "minor_note": "18 yaşından küçük",
    "track_question": "Hangi sınava",
    "official_date": "tahmini tarih",
    "target": "Puan hedefi",
    "target_question": "Bir hedefin var mı?",
    "availability": "Haftada ne kadar",
    "medium": "Orta",
    "looks_good": "Böyle iyi",
    "evening": "Akşam",
    "sunday": "Paz",
    "confirm": "kontrol edelim",
    "all_correct": "Her şey doğru",
    "assessment": "Bilmiyorum",
    "dont_know": "Bilmiyorum",
    "skip_subject": "Bu dersi geç",
    "plan_ready": "Planın hazır",
    "start_plan": "Planı başlat",
    "plan_on": "Planın başladı",
    "today": "Bugün",
    "start_session": "Başla 1",
    "key_points": "Başlıyoruz",
    "done": "Bitti",
    "how_hard": "Ne kadar zordu?",
    "rated": "not aldım",
    "checkin_push": "Bugün nasıl geçti?",
    "checkin_start": "Değerlendirmeye başla",
    "checkin": "Gün sonu kontrolü",
    "day_hard": "Bugün ne kadar zorlandın?",
    "all_done": "Hepsini yaptım",
    "how_long": "kaç dakika",
    "minutes": "90 dk",
    "thanks": "Teşekkürler",
}
EN = {
    "locale": "en",
    "accept_language": "en-US",
    "intro": "exam coach",
    "start": "Start",
    "language": "Which language",
    "consent": "privacy",
    "agree": "I agree",
    "age": "How old are you?",
    "minor_note": "under 18",
    "track_question": "Which exam",
    "official_date": "expected date",
    "target": "scaled score",
    "target_question": "Do you have a target?",
    "availability": "How much can you study",
    "medium": "Medium",
    "looks_good": "Looks good",
    "evening": "Evening",
    "sunday": "Sun",
    "confirm": "let's check",
    "all_correct": "All correct",
    "assessment": "I don't know",
    "dont_know": "I don't know",
    "skip_subject": "Skip this subject",
    "plan_ready": "Your plan is ready",
    "start_plan": "Start the plan",
    "plan_on": "Your plan is on",
    "today": "Today",
    "start_session": "Start 1",
    "key_points": "Let's go",
    "done": "Done",
    "how_hard": "How hard was it?",
    "rated": "How useful",
    "checkin_push": "How did today go?",
    "checkin_start": "Start check-in",
    "checkin": "Evening check-in",
    "day_hard": "How hard was today?",
    "all_done": "All done",
    "how_long": "How many minutes",
    "minutes": "90 min",
    "thanks": "Thanks",
}
EXAMS = {
    ("tr", "yks"): {"exam": "YKS TYT", "target_value": "400"},
    ("tr", "sat"): {"exam": "SAT Mat", "target_value": "700"},
    ("en", "yks"): {"exam": "YKS TYT", "target_value": "400"},
    ("en", "sat"): {"exam": "SAT Math", "target_value": "700"},
}


def words(locale: str, exam: str) -> Words:
    """The words a student of `exam` reads in `locale`."""
    base = TR if locale == "tr" else EN
    return Words(**base, **EXAMS[(locale, exam)])

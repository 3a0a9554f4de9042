"""Pure rules of the forum: what a post may not contain, rate limits, and topic recognition.

Students are often minors, so contact details and invitations to other chats are refused
outright rather than masked: a post that carries them is not stored at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from coach.forum.model import MIN_QUESTION, ForumPolicy
from coach.forum.text import fold, terms, words

# Digits with optional separators, long enough to be a phone number (dates and scores are not).
_PHONE = re.compile(r"(?<!\w)(?:\+|00)?\d(?:[\s().-]*\d){9,13}(?!\w)")
_EMAIL = re.compile(r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b(?:t\.me|telegram\.me|discord\.gg|discord(?:app)?\.com/invite|"
    r"chat\.whatsapp\.com|wa\.me|instagram\.com|snapchat\.com|tiktok\.com)\S*",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z][\w]{4,}")  # @username of another chat
# Street addresses: a street word next to a number, in Turkish ("Atatürk Cad. No: 5",
# "Gül Sokak 12") or English ("221 Baker Street").
_ADDRESS = re.compile(
    r"\b(?:mah(?:alle(?:si)?)?|cad(?:de(?:si)?)?|sok(?:ak|ağı|agi)?|bulvar(?:ı|i)?|apt|"
    r"apartman(?:ı|i)?|daire)\b\.?\s*(?:no\s*[:.]?\s*)?\d+|\bno\s*[:.]\s*\d+\s*/\s*\d+|"
    r"\b\d+\s+\w+\s+(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd)\b",
    re.IGNORECASE,
)
# Kept short and folded (ASCII), matched as whole words or word starts, so "sıkıcı" or
# "Hamlet" never trip it. Words that fold onto innocent ones ("şık" = an answer option, "mal",
# "got") are left out; the point is to stop the obvious, reports and an operator see the rest.
_PROFANE_LIST = """
    amk aq amina amcik orospu sikerim sikeyim yarrak gotveren siktir kahpe yavsak serefsiz
    gavat pezevenk ibne salak gerizekali aptal dangalak
    fuck fucking fucker shit bitch bastard asshole dick cunt motherfucker slut whore idiot
    stupid moron retard
    """
_PROFANE_WORDS = frozenset(_PROFANE_LIST.split())
_PROFANE_STARTS = ("orospu", "siktir", "sikey", "siker", "amin", "fuck", "motherf", "yarra")


def content_problem(text: str) -> str | None:
    """Why a post cannot be stored (a template name under forum/problem/), or None."""
    if _EMAIL.search(text):
        return "email"
    if _LINK.search(text) or _HANDLE.search(text):
        return "link"
    if _PHONE.search(text):
        return "phone"
    if _ADDRESS.search(fold(text)) or _ADDRESS.search(text):
        return "address"
    if is_profane(text):
        return "profanity"
    return None


def is_profane(text: str) -> bool:
    """Whether the text uses a word of the Turkish or English lists."""
    return any(w in _PROFANE_WORDS or w.startswith(_PROFANE_STARTS) for w in words(text))


def question_problem(text: str) -> str | None:
    """Why a question cannot be posted, or None."""
    if len(terms(text)) < 2 or len(text.strip()) < MIN_QUESTION:
        return "too_short"
    return content_problem(text)


def rate_problem(
    recent: Sequence[datetime], now: datetime, per_window: int, window: timedelta
) -> bool:
    """Whether a student already posted `per_window` times in the window before `now`."""
    return sum(1 for at in recent if now - at < window) >= per_window


def too_many_questions(recent: Sequence[datetime], now: datetime, policy: ForumPolicy) -> bool:
    """Whether the student has asked as many questions today as allowed."""
    return rate_problem(recent, now, policy.questions_per_day, timedelta(days=1))


def too_many_answers(recent: Sequence[datetime], now: datetime, policy: ForumPolicy) -> bool:
    """Whether the student has answered as often this hour as allowed."""
    return rate_problem(recent, now, policy.answers_per_hour, timedelta(hours=1))


def recognise_topics(text: str, topics: Sequence[tuple[str, str]], limit: int = 3) -> list[str]:
    """Topic ids whose names (and descriptions) share the most terms with the text, best
    first; topics sharing nothing are left out. `topics` holds (topic id, words about it)."""
    wanted = set(terms(text))
    scored: list[tuple[float, int, str]] = []
    for order, (topic_id, about) in enumerate(topics):
        have = set(terms(about))
        shared = wanted & have
        if shared:
            scored.append((len(shared) / (1 + 0.1 * len(have)), -order, topic_id))
    scored.sort(reverse=True)
    return [topic_id for _, _, topic_id in scored[:limit]]

"""Text helpers the tutor's checks share: folding, words, numbers and contact details."""

from __future__ import annotations

import re

_FOLD = str.maketrans("çğıöşüÇĞİÖŞÜâîûÂÎÛ", "cgiosucgiosuaiuaiu")
_WORD = re.compile(r"[a-z0-9]+")
_NUMBER = re.compile(r"(?<![\w.,])-?\d+(?:[.,]\d+)?(?![\w]|[.,]\d)")
_CONTACTS = (
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),  # e-mail
    re.compile(r"(?:https?://|www\.|t\.me/)\S+", re.IGNORECASE),  # links
    re.compile(r"(?<!\w)@\w{3,}"),  # @handles
    re.compile(r"(?<!\d)(?:\+?\d[\s().-]?){9,14}\d(?!\d)"),  # phone numbers
)
_STOP = "the a an of to and or is are be in on at for with this that it as by from what how why"
_STOP_TR = "bir ve ile bu su o da de mi mu ne icin gibi ama en cok daha olan olarak ise ki"
STOPWORDS = frozenset(f"{_STOP} {_STOP_TR}".split())


def fold(text: str) -> str:
    """Lower-case ASCII form of Turkish or English text."""
    return text.translate(_FOLD).lower()


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _WORD.findall(fold(text))


def content_words(text: str) -> set[str]:
    """Folded words that carry meaning (no stop words, no one-letter words)."""
    return {w for w in words(text) if len(w) > 1 and w not in STOPWORDS}


def numbers(text: str) -> set[str]:
    """The numbers written in a text, normalised (decimal comma to point)."""
    return {n.replace(",", ".").lstrip("-") for n in _NUMBER.findall(text)}


def mask_contacts(text: str) -> str:
    """The text with e-mail addresses, links, @handles and phone numbers replaced by "***"."""
    for pattern in _CONTACTS:
        text = pattern.sub("***", text)
    return text


def has_contact(text: str) -> bool:
    """Whether the text holds a contact detail."""
    return any(pattern.search(text) for pattern in _CONTACTS)


def ngrams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    """The n-grams of a token list."""
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}

"""The coach speaks to a Turkish student as "sen" everywhere: the web page around the chat and
the terminal chat too, not the formal "siz" (issue 13, item 11)."""

from __future__ import annotations

import re

from prompts import PROMPTS_DIR, render

TURKISH = PROMPTS_DIR / "messages" / "tr"
# Formal address: the pronoun, the 2nd person plural possessive (mesajınız, ilerlemeniz) and
# the formal imperatives the chats use (basın, yazın, deneyin …).
FORMAL = re.compile(
    r"\b(siz|size|sizi|sizin|sizinle)\b"
    r"|\b\w+(ınız|iniz|unuz|ünüz|nız|niz|nuz|nüz)(dır|dir|um|üm|ım|im|de|da)?\b"
    r"|\b(basın|yazın|deneyin|bekleyin|seçin|gönderin|dokunun|tıklayın|girin|yapın)\b",
    re.IGNORECASE,
)
# Words that only look formal, and examples where the plural is meant (a live session's title
# addressed to a whole group).
NOT_FORMAL = {"henüz", "gönderin", "biriniz"}  # "your post"; "one of you two" (plural)
# Texts written to several students at once, where the plural is the only right form.
GROUP_EXAMPLES = {"liveqa/when.j2", "community/reasons.j2"}
TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def formal_words(text: str) -> list[str]:
    """The formal words of a Turkish text."""
    words = TEMPLATE_CODE.sub(" ", text)  # variables such as {{ size }} are not words
    return [m.group(0) for m in FORMAL.finditer(words) if m.group(0).lower() not in NOT_FORMAL]


def test_the_detector_catches_the_formal_forms() -> None:
    assert formal_words("Merhaba! Ben sınav koçunuzum. Başla'ya basın.") == [
        "koçunuzum",
        "basın",
    ]
    assert formal_words("Mesajınız gönderilemedi. Siz de deneyin.") == [
        "Mesajınız",
        "Siz",
        "deneyin",
    ]
    assert formal_words("Henüz planın yok; bir mesaj yaz ya da düğmeye bas.") == []


def test_no_turkish_template_speaks_siz() -> None:
    offenders = {}
    for path in sorted(TURKISH.rglob("*.j2")):
        name = path.relative_to(TURKISH).as_posix()
        if name in GROUP_EXAMPLES:
            continue
        found = formal_words(path.read_text(encoding="utf-8"))
        if found:
            offenders[name] = found
    assert offenders == {}


def test_the_web_page_texts_say_sen() -> None:
    assert render("web/you", "tr") == "Sen"
    assert "koçun" in render("web/intro", "tr")
    assert render("web/placeholder", "tr") == "Bir mesaj ya da /yardim yaz…"

"""Free text without an LLM: recognise the common intents in Turkish and English.

Text is folded to lower-case ASCII first (ç→c, ğ→g, ı/İ/I→i, ö→o, ş→s, ü→u), so "Bugün ne
çalışayım?" and "bugun ne calisayim" match the same pattern.
"""

from __future__ import annotations

import re

_FOLD = str.maketrans("çğıöşüÇĞİIÖŞÜâîûÂÎÛ", "cgiosucgiiosuaiuaiu")

# (pattern, command, args) — first match wins, so specific patterns come before general ones.
_RULES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        r"(i need a (real )?(teacher|tutor|human)|(talk|speak) (to|with) a (real )?"
        r"(teacher|tutor|person|human)|get me a (teacher|tutor)|ogretmen(le|e)? "
        r"(konusmak|gorusmek)|ogretmen istiyorum|ogretmene ihtiyacim|gercek bir ogretmen)",
        "tutor",
        (),
    ),
    (
        r"(yarin|tomorrow).*(musait degil|calisamam|bos degil|yokum|not (be )?available|"
        r"can'?t|cannot|busy|off)|(musait degil|calisamam|not available|can'?t study).*"
        r"(yarin|tomorrow)",
        "away",
        ("tomorrow",),
    ),
    (
        r"(bugun|today).*(musait degil|calisamam|not available|can'?t study|busy)",
        "away",
        ("today",),
    ),
    (r"\b(verilerimi sil|hesabimi sil|delete (all )?my (data|account))", "delete", ()),
    (r"\b(verilerimi (indir|ver)|export my data|download my data)", "export", ()),
    (r"\b(hastayim|rahatsizim|i'?m (sick|ill)|i am (sick|ill)|feeling (sick|ill))", "ill", ()),
    (r"\b(yorgun|bitkin|uykum|halsiz|tired|exhausted|sleepy|burn(ed|t)? out)", "tired", ()),
    (
        r"(cok zor|anlamiyorum|anlamadim|takildim|yapamiyorum|zorlaniyorum|too hard|"
        r"so hard|i don'?t (get|understand)|i'?m stuck|\bstuck\b|confused)",
        "stuck",
        (),
    ),
    (
        r"(bugun ne|ne calis|bugunku|bugun icin|what (should|do) i (study|do)|what'?s (on )?"
        r"today|today'?s plan|\btoday\b|\bbugun\b)",
        "today",
        (),
    ),
    (r"(bu hafta|haftalik|this week|weekly plan|\bweek\b)", "week", ()),
    (r"(planim|plani goster|my plan|show (me )?(the |my )?plan|\bplan\b)", "plan", ()),
    (r"(nasil gidiyorum|ilerleme|durumum|how am i doing|my progress|\bprogress\b)", "progress", ()),
    (
        r"(calistim|bitirdim|tamamladim|i studied|i'?m done|i finished|done for today|check.?in)",
        "checkin",
        (),
    ),
    (r"(soru sor|test coz|\bquiz\b|\btest\b|practice)", "quiz", ()),
    (
        r"(duraklat|ara ver|mola ver|pause|stop reminders|hatirlatma(lari)? (kapat|durdur))",
        "pause",
        (),
    ),
    (r"(devam et|tekrar basla|resume|unpause)", "resume", ()),
    (r"(ayarlar|ayarlari|settings|preferences)", "settings", ()),
    (r"(yardim|ne yapabilirsin|komutlar|\bhelp\b|what can you do|commands)", "help", ()),
    (
        r"^(merhaba|selam|slm|hey|hi|hello|gunaydin|iyi aksamlar|good (morning|evening))\b",
        "menu",
        (),
    ),
)

_COMPILED = tuple((re.compile(pattern), command, args) for pattern, command, args in _RULES)


def fold(text: str) -> str:
    """Lower-case ASCII form of Turkish or English text."""
    return text.translate(_FOLD).lower()


class KeywordIntents:
    """The built-in recogniser: ordered keyword patterns for both languages."""

    def recognize(self, text: str) -> tuple[str, tuple[str, ...]] | None:
        """The command meant by `text`, or None when nothing matches."""
        folded = fold(text[:500])
        for pattern, command, args in _COMPILED:
            if pattern.search(folded):
                return command, args
        return None

"""Turkish-aware text for forum search: case folding, terms and a trigram re-rank.

Both search backends index the same terms, so SQLite and PostgreSQL find the same questions:
Turkish letters are folded before any tokenizer sees them (`İ`→`i`, `I`→`ı`→`i`, `ş`→`s`…), so
"İNTEGRAL", "integral" and "ıntegral" agree, and a student typing without Turkish letters
("turev") finds "türev". Terms are crude stems (suffixes cut, then a fixed-length prefix),
which suits Turkish's suffixes ("türevini" → "turev") and English plurals alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# str.lower() maps "I" to "i" and "İ" to "i̇" (with a combining dot); Turkish wants neither.
_TURKISH_UPPER = str.maketrans({"İ": "i", "I": "ı"})
_ASCII = str.maketrans(
    {"ı": "i", "ş": "s", "ğ": "g", "ç": "c", "ö": "o", "ü": "u", "â": "a", "î": "i", "û": "u"}
)
_WORD = re.compile(r"[a-z0-9]+")
STEM_LENGTH = 5


def _listed(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _listed(
    """
    a an and are as at be been but by can could do does did for from had has have how i if in
    is it its me my of on or so that the this to was what when where which who why will with
    would you your we our there their them they then than these those any some get got one
    please help question solve find am just also about into not no yes should
    acaba ama ve veya ile icin bir bu su o ne neden nasil nicin mi mu mı mü da de ki ben sen
    biz siz onlar bana beni benim bunu bunun soru soruyu sorusu cozemedim cozemiyorum cozulur
    cozmek coz yardim eder misiniz misin lutfen hangi kac nedir neler olur olan olarak gibi
    daha cok en her hic sey seyi yap yapilir yapiyoruz yapmak yapariz var yok mi midir
    anlamadim anlamiyorum anlatir anlatabilir
    """
)
_EN_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s")


def lower_turkish(text: str) -> str:
    """Lower-case the Turkish way (İ→i, I→ı)."""
    return text.translate(_TURKISH_UPPER).lower()


def fold(text: str) -> str:
    """Lower-case the Turkish way, then drop the Turkish letters' marks (ASCII-only result
    for Turkish and English text)."""
    return lower_turkish(text).translate(_ASCII)


def words(text: str) -> list[str]:
    """The folded words of a text."""
    return _WORD.findall(fold(text))


def stem(word: str) -> str:
    """A crude stem: English suffixes cut from long words, then the first letters kept."""
    for suffix in _EN_SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:STEM_LENGTH]


def terms(text: str) -> list[str]:
    """The distinct search terms of a text, in order (stopwords and one-letter words dropped)."""
    seen: dict[str, None] = {}
    for word in words(text):
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        seen.setdefault(stem(word), None)
    return list(seen)


def index_text(text: str) -> str:
    """What the index stores for a question: its terms, space-separated."""
    return " ".join(terms(text))


def trigrams(text: str) -> frozenset[str]:
    """Character trigrams of the folded terms, the way pg_trgm pads words."""
    grams: set[str] = set()
    for term in terms(text):
        padded = f"  {term} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def similarity(left: frozenset[str], right: frozenset[str]) -> float:
    """Trigram similarity (shared over all), as pg_trgm's `similarity`."""
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def rerank(query: str, candidates: Sequence[tuple[int, str]], limit: int) -> list[int]:
    """Candidate ids (in the backend's rank order) re-ranked by term overlap and trigram
    similarity with the query; the backend's order breaks ties."""
    wanted = set(terms(query))
    grams = trigrams(query)
    scored = []
    for position, (candidate_id, text) in enumerate(candidates):
        have = set(terms(text))
        overlap = len(wanted & have) / len(wanted | have) if wanted | have else 0.0
        score = overlap + similarity(grams, trigrams(text)) - position * 0.002
        scored.append((score, candidate_id))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    return [candidate_id for _, candidate_id in scored[:limit]]


def match_expression(query_terms: Iterable[str]) -> str:
    """An FTS5 query matching any of the terms (each quoted, so no term is read as syntax)."""
    return " OR ".join(f'"{term}"' for term in query_terms)

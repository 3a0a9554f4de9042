"""Answers typed as words where a step offers buttons: a weekday ("cumartesi", "Sat") at the
day pickers, a part of the day ("akşam", "evening") at the study-window step.

A student reads "Cmt" on a button and types "cumartesi"; both languages are understood
whatever the conversation's language, with or without Turkish letters."""

from __future__ import annotations

from coach.dialogue.parse_base import fold

_ASCII = str.maketrans("çğıöşü", "cgiosu")


def _spellings(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each word of `table` (and its spelling without Turkish letters) -> its answer."""
    return {
        word: answer
        for answer, words in table.items()
        for spelled in words
        for word in {spelled, spelled.translate(_ASCII)}
    }


WEEKDAY_WORDS = _spellings(
    {
        "mon": ("pazartesi", "pzt", "monday", "mon"),
        "tue": ("salı", "sal", "tuesday", "tue", "tues"),
        "wed": ("çarşamba", "çar", "çrş", "wednesday", "wed"),
        "thu": ("perşembe", "per", "prş", "thursday", "thu", "thur", "thurs"),
        "fri": ("cuma", "cum", "friday", "fri"),
        "sat": ("cumartesi", "cmt", "saturday", "sat"),
        "sun": ("pazar", "paz", "sunday", "sun"),
    }
)

WINDOW_WORDS = _spellings(
    {
        "morning": ("sabah", "sabahları", "morning", "mornings"),
        "afternoon": ("öğleden sonra", "öğle", "öğlen", "afternoon", "afternoons"),
        "evening": ("akşam", "akşamları", "evening", "evenings", "night"),
        "split": ("sabah + akşam", "sabah ve akşam", "morning and evening", "both"),
    }
)


def _key(text: str) -> str:
    return fold(text).strip(" .!?")


def parse_weekday(text: str) -> str | None:
    """'cumartesi', 'Cmt', 'Saturday' -> 'sat'; None for anything else."""
    return WEEKDAY_WORDS.get(_key(text))


def parse_window_word(text: str) -> str | None:
    """'akşam', 'evening', 'sabah + akşam' -> a window preset's name; None otherwise."""
    return WINDOW_WORDS.get(_key(text))

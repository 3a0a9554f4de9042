"""Answers typed as words where a step offers buttons: a weekday ("cumartesi", "Sat") at the
day pickers, a part of the day ("akşam", "evening") at the study-window step.

A student reads "Cmt" on a button and types "cumartesi"; both languages are understood
whatever the conversation's language, with or without Turkish letters."""

from __future__ import annotations

from coach.dialogue.parse_base import fold

_ASCII = str.maketrans("çğıöşü", "cgiosu")

WEEKDAY_WORDS: dict[str, str] = {
    word: day
    for day, words in {
        "mon": ("pazartesi", "pzt", "monday", "mon"),
        "tue": ("salı", "sal", "tuesday", "tue", "tues"),
        "wed": ("çarşamba", "çar", "çrş", "wednesday", "wed"),
        "thu": ("perşembe", "per", "prş", "thursday", "thu", "thur", "thurs"),
        "fri": ("cuma", "cum", "friday", "fri"),
        "sat": ("cumartesi", "cmt", "saturday", "sat"),
        "sun": ("pazar", "paz", "sunday", "sun"),
    }.items()
    for spelled in words
    for word in {spelled, spelled.translate(_ASCII)}
}

WINDOW_WORDS: dict[str, str] = {
    word: preset
    for preset, words in {
        "morning": ("sabah", "sabahları", "morning", "mornings"),
        "afternoon": ("öğleden sonra", "öğle", "öğlen", "afternoon", "afternoons"),
        "evening": ("akşam", "akşamları", "evening", "evenings", "night"),
        "split": ("sabah + akşam", "sabah ve akşam", "morning and evening", "both"),
    }.items()
    for spelled in words
    for word in {spelled, spelled.translate(_ASCII)}
}


def _key(text: str) -> str:
    return fold(text).strip(" .!?")


def parse_weekday(text: str) -> str | None:
    """'cumartesi', 'Cmt', 'Saturday' -> 'sat'; None for anything else."""
    return WEEKDAY_WORDS.get(_key(text))


def parse_window_word(text: str) -> str | None:
    """'akşam', 'evening', 'sabah + akşam' -> a window preset's name; None otherwise."""
    return WINDOW_WORDS.get(_key(text))

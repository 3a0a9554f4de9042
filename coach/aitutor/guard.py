"""Checks on a model's text before a student sees it (pure).

During hints the text must not give the answer away: not the correct option's value or letter,
not the last step of the worked solution or the end of the explanation. At any move it must not
state a number the pack does not contain (a made-up exam fact or a wrong result).
"""

from __future__ import annotations

import re

from coach.aitutor.model import Grounding
from coach.aitutor.text import content_words, fold, ngrams, numbers, words

REVEAL_NGRAM = 4  # shared word sequences this long with the answer's passages give it away
FREE_NUMBERS = frozenset({"0", "1", "2", "3"})  # "both sides", "step 2": not facts


def leaks_solution(text: str, grounding: Grounding) -> bool:
    """Whether the text reveals the answer of the question (for hint moves)."""
    folded = fold(text)
    letter = grounding.answer_letter.lower()
    if letter and re.search(
        rf"(answer|cevap|yanit|option|secenek|sik|correct|dogru)\w*\W+(is\W+|:\W*)?\(?{letter}\b"
        rf"|\b{letter}\)?\W+(sikki|secenegi|is (the )?(correct|right))",
        folded,
    ):
        return True
    stem_numbers = numbers(grounding.stem)
    answer_numbers = numbers(grounding.answer_text) - stem_numbers
    if answer_numbers and answer_numbers <= numbers(text):
        return True
    answer_words = content_words(grounding.answer_text) - content_words(grounding.stem)
    if not answer_numbers and answer_words and answer_words <= content_words(text):
        return True
    revealing = [grounding.steps[-1]] if grounding.steps else []
    sentences = re.split(r"(?<=[.!?])\s+", grounding.explanation.strip())
    revealing.append(sentences[-1])
    said = ngrams(words(text), REVEAL_NGRAM)
    return any(said & ngrams(words(passage), REVEAL_NGRAM) for passage in revealing)


def invents_numbers(text: str, grounding: Grounding) -> bool:
    """Whether the text states a number found nowhere in the pack passages it was given."""
    known = set(FREE_NUMBERS)
    for passage in (grounding.stem, *grounding.options, grounding.explanation, *grounding.steps):
        known |= numbers(passage)
    for source in grounding.sources:
        known |= numbers(source.text)
    return not numbers(text) <= known


def acceptable_hint(text: str, grounding: Grounding) -> bool:
    """A hint that may be shown: not empty, no answer given away, no number made up."""
    return (
        bool(text.strip())
        and not leaks_solution(text, grounding)
        and not (invents_numbers(text, grounding))
    )

"""The forum's question-pair fixture and the hit@3 measure shared by tests and the bench."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAIRS_FILE = Path(__file__).parent / "fixtures" / "forum_pairs.tsv"


@dataclass(frozen=True, slots=True)
class QuestionPair:
    """A question and the same question asked in other words."""

    language: str
    question: str
    asked_again: str


def question_pairs() -> list[QuestionPair]:
    """The pairs of the fixture file (written for the test, tr and en)."""
    pairs = []
    for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, question, again = line.split("\t")
            pairs.append(QuestionPair(language, question, again))
    return pairs

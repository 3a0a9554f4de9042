"""The exam's own words in a content pack (`terms` in pack.yaml)."""

from __future__ import annotations

from pydantic import Field

from content.schema_base import Text, _Model


class Words(_Model):
    """One term in the coach's two languages."""

    tr: Text
    en: Text


class ExamTerms(_Model):
    """How the exam's own words and scales appear in the conversation: what a mock exam is
    called, whether results are nets (correct − wrong × penalty), and the range of the score
    students aim for. So SAT students never read YKS words and YKS ranges."""

    short_name: Text  # "YKS", "SAT"
    mock_exam: Words  # "deneme" / "mock exam"; "deneme sınavı" / "practice test"
    uses_net: bool = True
    score_min: int = Field(default=100, ge=0)
    score_max: int = Field(default=560, gt=0)
    # The scale's step: SAT scores are multiples of 10; 0 when any value is a score (YKS).
    score_step: int = Field(default=0, ge=0)
    programme_example: Words | None = None  # a goal students of this exam write

"""The exam's own words for the conversation: what a mock exam is called, whether results
are nets, the score range — read from the pack, so an SAT student never reads YKS words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from content import Pack


def _title(words: str) -> str:
    """The first letter in capitals, the rest as written ("SAT practice test" stays)."""
    return words[:1].upper() + words[1:]


def exam_terms(pack: Pack | None, locale: str) -> Mapping[str, Any]:
    """Template variables (`exam.mock`, `exam.uses_net`, `exam.score_min` ...) for a pack."""
    generic_mock = "deneme" if locale == "tr" else "mock exam"
    if pack is None:
        return {"name": "", "mock": generic_mock, "mock_title": _title(generic_mock),
                "uses_net": True, "score_min": 0, "score_max": 0, "score_step": 0, "penalty": 0,
                "programme_example": ""}  # fmt: skip
    terms = pack.terms
    penalty = pack.exam.net_rule.wrong_penalty
    if terms is None:
        return {
            "name": pack.exam.id.upper(),
            "mock": generic_mock,
            "mock_title": _title(generic_mock),
            "uses_net": penalty > 0,
            "programme_example": "",
            "score_min": 0,
            "score_max": 0,
            "score_step": 0,
            "penalty": penalty,
        }
    mock = terms.mock_exam.tr if locale == "tr" else terms.mock_exam.en
    return {
        "name": terms.short_name,
        "mock": mock,
        "mock_title": _title(mock),
        "uses_net": terms.uses_net,
        "programme_example": (
            (terms.programme_example.tr if locale == "tr" else terms.programme_example.en)
            if terms.programme_example
            else ""
        ),
        "score_min": terms.score_min,
        "score_max": terms.score_max,
        "score_step": terms.score_step,
        "penalty": penalty,
    }

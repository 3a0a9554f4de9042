"""No YKS word in another exam's conversation: every template, rendered for an SAT student in
both languages, is free of YKS vocabulary (nets, TYT/AYT, deneme in English, ÖSYM)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jinja2 import ChainableUndefined, Environment

import prompts
from coach.packs.terms import exam_terms
from content import Pack, load_pack

MESSAGES = prompts.PROMPTS_DIR / "messages"
# Templates about a YKS-only matter or showing what a student typed carry no exam words of
# their own; everything else is rendered and read.
YKS_WORDS = {
    "en": re.compile(r"\b(YKS|TYT|AYT|ÖSYM|nets?|deneme)\b", re.IGNORECASE),
    "tr": re.compile(r"\b(YKS|TYT|AYT|ÖSYM|net|netler\w*|neti\w*)\b", re.IGNORECASE),
}
# Templates never rendered for an exam without nets, each with the reason.
NET_ONLY = {
    "buttons/target_net.j2",  # the target step offers this button only where exam.uses_net
    "onboarding/target_ask_net.j2",  # reached only through that button
}


@pytest.fixture(scope="module")
def sat() -> Pack:
    return load_pack("sat")


def _templates(locale: str) -> Iterator[Path]:
    yield from sorted((MESSAGES / locale).rglob("*.j2"))


class _Missing(ChainableUndefined):
    """A variable the template was not given: empty, false, and smaller than nothing."""

    def _false(self, other: object) -> bool:
        return False

    __lt__ = __le__ = __gt__ = __ge__ = _false  # type: ignore[assignment]

    def _same(self, other: object) -> _Missing:
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same  # type: ignore[assignment]
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = _same  # type: ignore[assignment]
    __neg__ = __pos__ = __round__ = _same  # type: ignore[assignment]

    def __call__(self, *args: object, **kwargs: object) -> _Missing:
        return self

    def __int__(self) -> int:
        return 0

    def __float__(self) -> float:
        return 0.0


def _forgiving(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)  # keeps jinja's pass_context mark
    def apply(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Exception:  # a filter given a missing value renders nothing
            return ""

    return apply


def _lenient_environment() -> Environment:
    # The real filters and loader, but a variable the template was not given renders empty
    # and is false in a condition: every template's own words can be read without its context.
    environment = prompts._environment().overlay(undefined=_Missing)
    environment.filters = {name: _forgiving(f) for name, f in environment.filters.items()}
    return environment


@pytest.mark.parametrize("locale", ["en", "tr"])
def test_no_yks_word_reaches_an_sat_student(sat: Pack, locale: str) -> None:
    environment = _lenient_environment()
    terms = exam_terms(sat, locale)
    found: list[str] = []
    for path in _templates(locale):
        name = str(path.relative_to(prompts.PROMPTS_DIR))
        if str(path.relative_to(MESSAGES / locale)) in NET_ONLY:
            continue
        text = environment.get_template(name).render(locale=locale, exam=terms)
        match = YKS_WORDS[locale].search(text)
        if match:
            found.append(f"{name}: {match.group(0)!r} in {text[:120]!r}")
    assert found == []


def test_the_terms_of_each_pack(sat: Pack) -> None:
    yks = load_pack("yks")
    assert exam_terms(sat, "en")["mock"] == "practice test"
    assert exam_terms(sat, "en")["uses_net"] is False
    assert (exam_terms(sat, "en")["score_min"], exam_terms(sat, "en")["score_max"]) == (200, 800)
    assert exam_terms(yks, "tr")["mock"] == "deneme"
    assert exam_terms(yks, "tr")["uses_net"] is True
    assert exam_terms(yks, "en")["penalty"] == 0.25

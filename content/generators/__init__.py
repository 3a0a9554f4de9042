"""Question generators: code that writes unlimited distinct questions for a topic.

A generator is a function `(rng: random.Random) -> GeneratedQuestion`; the same seed always
gives the same question. Packs name generators as "content.generators.<module>:<function>".
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable

from content.generators.base import GeneratedQuestion, GeneratorError
from content.schema import GeneratorSpec, Question

Generator = Callable[[random.Random], GeneratedQuestion]
ALLOWED_PREFIX = "content.generators."

__all__ = [
    "ALLOWED_PREFIX",
    "GeneratedQuestion",
    "Generator",
    "GeneratorError",
    "generate",
    "resolve",
]


def resolve(function: str) -> Generator:
    """The generator named "module:function"; raises GeneratorError when it cannot be used."""
    module_name, _, attribute = function.partition(":")
    # Packs may come from any folder; only our own generator modules may run.
    if not module_name.startswith(ALLOWED_PREFIX) or not attribute:
        raise GeneratorError(f"{function!r} is not a function under {ALLOWED_PREFIX}*")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise GeneratorError(f"cannot import {module_name!r}: {error}") from None
    generator = getattr(module, attribute, None)
    if not callable(generator):
        raise GeneratorError(f"{module_name!r} has no function {attribute!r}")
    return generator


def generate(spec: GeneratorSpec, seed: int, language: str) -> Question:
    """One question from a pack's generator, as a bank-style Question (id `<gen>_s<seed>`).

    A generated figure travels as `figure_spec` (content.figures draws it); `figure` stays the
    path of a shipped image, which generated questions never have.
    """
    made = resolve(spec.function)(random.Random(seed))
    return Question(
        id=f"{spec.id}_s{seed}",
        topic=spec.topic,
        difficulty=made.difficulty,
        stem=made.stem,
        options=made.options,
        answer=made.answer,
        explanation=made.explanation,
        language=language,
        source=f"generator {spec.id}",
        license="CC-BY-4.0",
        figure_spec=made.figure,
    )

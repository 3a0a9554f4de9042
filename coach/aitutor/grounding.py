"""Grounding in the pack: the passages a tutor reply may use, and retrieval among them.

For a question the passages are its stem, its explanation, its worked solution (split into
steps) and the topic's summary sheet (key points, worked example, common mistakes), in the
student's language where the pack has a translation. Retrieval ranks passages by the words
they share with the student's message and the question (weighted by rarity across passages,
BM25-like); the corpus is a dozen short passages, so no index is needed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from coach.aitutor.model import Grounding, Source, SourceKind
from coach.aitutor.text import content_words
from content import Pack, Question, Topic

_STEP = re.compile(r"(?:^|\s)(\d{1,2})\)\s")


def solution_steps(text: str) -> tuple[str, ...]:
    """A worked solution written "1) ... 2) ... 3) ..." as its steps (numbers in order only,
    so "(x + 5) = ..." inside a step does not split it); other text as its sentences."""
    cuts: list[tuple[int, int]] = []
    expected = 1
    for match in _STEP.finditer(text):
        if int(match.group(1)) == expected:
            cuts.append((match.start(), match.end()))
            expected += 1
    if len(cuts) >= 2:
        steps = []
        for index, (_, body_start) in enumerate(cuts):
            end = cuts[index + 1][0] if index + 1 < len(cuts) else len(text)
            steps.append(text[body_start:end].strip())
        return tuple(step for step in steps if step)
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-ZÇĞİÖŞÜ0-9])", text.strip())
    return tuple(sentence.strip() for sentence in sentences if sentence.strip())


def _translated(
    question: Question, locale: str, pack_language: str
) -> tuple[str, tuple[str, ...], str]:
    """Stem, options and explanation in the student's language where the pack has them."""
    if locale != pack_language and locale == "tr" and question.stem_tr:
        return (
            question.stem_tr,
            question.options_tr or question.options,
            question.explanation_tr or question.explanation,
        )
    return question.stem, question.options, question.explanation


def _summary_sources(topic: Topic | None, locale: str, pack_language: str) -> list[Source]:
    if topic is None or topic.summary is None:
        return []
    sheet = topic.summary.sheet(locale, pack_language) or topic.summary.sheet(
        pack_language, pack_language
    )
    if sheet is None:
        return []
    found = [Source(SourceKind.SUMMARY, i, p) for i, p in enumerate(sheet.points, start=1)]
    if sheet.example:
        found.append(Source(SourceKind.EXAMPLE, 1, sheet.example))
    found += [Source(SourceKind.MISTAKE, i, m) for i, m in enumerate(sheet.mistakes, start=1)]
    return found


def ground(pack: Pack, question: Question, question_ref: str, locale: str) -> Grounding:
    """Everything the tutor may use for one question, in the student's language."""
    topic = pack.topics_by_id.get(question.topic_id)
    stem, options, explanation = _translated(question, locale, pack.language)
    # The worked solution exists only in the pack's language; the explanation is translated.
    same_language = locale == pack.language or not question.stem_tr
    steps = solution_steps(question.solution) if question.solution and same_language else ()
    steps = steps or solution_steps(explanation)
    sources = [
        Source(SourceKind.QUESTION, 1, stem),
        Source(SourceKind.EXPLANATION, 1, explanation),
        *(Source(SourceKind.SOLUTION, i, s) for i, s in enumerate(steps, start=1)),
        *_summary_sources(topic, locale, pack.language),
    ]
    name = ""
    if topic is not None:
        name = topic.name if locale == "tr" else (topic.name_en or topic.name)
    return Grounding(
        pack_id=pack.id,
        topic_id=question.topic_id,
        question_ref=question_ref,
        topic_name=name,
        stem=stem,
        options=tuple(options),
        answer=question.answer,
        explanation=explanation,
        steps=steps,
        sources=tuple(sources),
    )


def retrieve(
    grounding: Grounding,
    query: str,
    *,
    kinds: Sequence[SourceKind] = (SourceKind.SUMMARY, SourceKind.EXAMPLE, SourceKind.MISTAKE),
    limit: int = 3,
) -> list[Source]:
    """The passages of `kinds` most related to the query and the question, best first.

    Each shared word scores its inverse document frequency over all passages, so a word every
    passage has counts little; ties keep the pack's order.
    """
    candidates = [s for s in grounding.sources if s.kind in kinds]
    if not candidates:
        return []
    bags = [content_words(s.text) for s in grounding.sources]
    frequency: Counter[str] = Counter(word for bag in bags for word in bag)
    total = len(bags)
    wanted = content_words(query) | content_words(grounding.stem)

    def score(source: Source) -> float:
        shared = wanted & content_words(source.text)
        return sum(math.log(1 + total / frequency[word]) for word in shared)

    ranked = sorted(enumerate(candidates), key=lambda pair: (-score(pair[1]), pair[0]))
    return [source for _, source in ranked[:limit]]


def example_question(pack: Pack, topic_id: str) -> Question | None:
    """The question a stuck topic is worked through with: the easiest one with a worked
    solution, else the easiest one."""
    questions = sorted(pack.questions_of(topic_id), key=lambda q: (q.difficulty, q.id))
    with_solution = [q for q in questions if q.solution]
    chosen = with_solution or questions
    return chosen[0] if chosen else None

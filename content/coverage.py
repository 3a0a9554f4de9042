"""How teachable each topic of a pack is: askable questions, levels, summary sheet, resources.

`topic_coverage(pack)` measures every topic; `coverage_gaps(pack)` lists what a topic still
lacks against the shipping bar (at least six askable questions over two difficulty levels, a
summary sheet with an example and common mistakes in every summary language, a video and a
reading). `learnconnect content stats` prints the figures; the shipped-pack tests hold the bar.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from content.generators import GeneratorError, resolve
from content.pack import Pack
from content.schema import Topic

MIN_ASKABLE = 6
GENERATOR_SAMPLE_SEEDS = range(24)
# A generator writes as many distinct questions as asked for; it counts as this many.
GENERATOR_ASKABLE = 50
READING_TYPES = frozenset({"article"})


def level_of(difficulty: int) -> str:
    """The three difficulty levels students and the bar speak of: easy, medium, hard."""
    if difficulty <= 2:
        return "easy"
    return "medium" if difficulty == 3 else "hard"


@dataclass(frozen=True, slots=True)
class TopicCoverage:
    """What one topic offers."""

    topic_id: str
    subject_id: str
    bank: int
    generators: int
    levels: frozenset[str]
    difficulties: tuple[int, ...]
    summary_languages: tuple[str, ...]
    summary_complete: tuple[str, ...]  # languages with points, example and mistakes
    videos: int
    readings: int
    figures: int

    @property
    def askable(self) -> int:
        """Questions a quiz can ask: the bank plus what the generators write."""
        return self.bank + GENERATOR_ASKABLE * self.generators


def _generator_difficulties(pack: Pack, topic: Topic) -> list[int]:
    found: list[int] = []
    for spec in pack.generators_of(topic.id):
        try:
            generator = resolve(spec.function)
        except GeneratorError:
            continue
        for seed in GENERATOR_SAMPLE_SEEDS:
            try:
                found.append(generator(random.Random(seed)).difficulty)
            except Exception:  # noqa: S112  (a broken generator is reported by validate)
                continue
    return found


def measure(pack: Pack, topic: Topic) -> TopicCoverage:
    """The coverage of one topic."""
    bank = pack.questions_of(topic.id)
    difficulties = [q.difficulty for q in bank] + _generator_difficulties(pack, topic)
    written: tuple[str, ...] = ()
    complete: list[str] = []
    if topic.summary is not None:
        written = topic.summary.languages(pack.language)
        for language in written:
            sheet = topic.summary.sheet(language, pack.language)
            if sheet is not None and sheet.example and sheet.mistakes:
                complete.append(language)
    links = [r for r in topic.resources if r.url]
    return TopicCoverage(
        topic_id=topic.id,
        subject_id=topic.subject_id,
        bank=len(bank),
        generators=len(pack.generators_of(topic.id)),
        levels=frozenset(level_of(d) for d in difficulties),
        difficulties=tuple(sorted(set(difficulties))),
        summary_languages=written,
        summary_complete=tuple(complete),
        videos=sum(r.type == "video" for r in links),
        readings=sum(r.type in READING_TYPES for r in links),
        figures=sum(q.figure is not None for q in bank),
    )


def topic_coverage(pack: Pack) -> list[TopicCoverage]:
    """Every topic's coverage, in pack order."""
    return [measure(pack, topic) for topic in pack.topics]


def gaps_of(pack: Pack, coverage: TopicCoverage) -> list[str]:
    """What a topic lacks against the shipping bar, in words."""
    gaps = []
    if coverage.askable < MIN_ASKABLE:
        gaps.append(f"{coverage.askable} askable questions (needs {MIN_ASKABLE})")
    if len(coverage.levels) < 2:
        gaps.append(f"difficulty levels {sorted(coverage.levels)} (needs two)")
    wanted = pack.summary_languages or (pack.language,)
    missing = [language for language in wanted if language not in coverage.summary_complete]
    if missing:
        gaps.append(f"summary sheet with example and mistakes missing in {', '.join(missing)}")
    if coverage.videos < 1:
        gaps.append("no video")
    if coverage.readings < 1:
        gaps.append("no reading")
    return gaps


def coverage_gaps(pack: Pack, subjects: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Topic id -> what it lacks, for the topics (of `subjects`) below the bar."""
    wanted = set(subjects) if subjects is not None else None
    found: dict[str, list[str]] = {}
    for coverage in topic_coverage(pack):
        if wanted is not None and coverage.subject_id not in wanted:
            continue
        gaps = gaps_of(pack, coverage)
        if gaps:
            found[coverage.topic_id] = gaps
    return found


def subject_levels(pack: Pack) -> dict[str, frozenset[str]]:
    """The difficulty levels each subject's questions cover (every subject needs all three)."""
    levels: dict[str, set[str]] = {}
    for coverage in topic_coverage(pack):
        levels.setdefault(coverage.subject_id, set()).update(coverage.levels)
    return {subject: frozenset(found) for subject, found in levels.items()}

"""How teachable each topic of a pack is: askable questions, levels, summary sheet, resources.

`topic_coverage(pack)` measures every topic; `coverage_gaps(pack)` lists what a topic still
lacks against the shipping bar (at least six askable questions over two difficulty levels, a
summary sheet with an example and common mistakes in every summary language, a video and a
reading). `pack_stats(pack)` sums a pack up per subject for `learnconnect content stats`; the
shipped-pack tests hold the bar. Generators are sampled: their questions count at the
difficulties they were drawn with, and one that draws figures counts as a figure source.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from content.generators import GeneratorError, resolve
from content.pack import Pack
from content.schema import Topic

MIN_ASKABLE = 6
GENERATOR_SAMPLE_SEEDS = range(24)
# A generator writes as many distinct questions as asked for; it counts as this many.
GENERATOR_ASKABLE = 50
READING_TYPES = frozenset({"article"})
LEVELS = ("easy", "medium", "hard")
RESOURCE_TYPES = ("video", "article", "practice", "summary")


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
    figures: int  # bank questions with a figure plus generators that draw one
    bank_figures: int = 0
    figure_generators: int = 0
    # Askable questions per level: bank questions, and each generator's share by its samples.
    askable_by_level: Mapping[str, float] = field(default_factory=dict)

    @property
    def askable(self) -> int:
        """Questions a quiz can ask: the bank plus what the generators write."""
        return self.bank + GENERATOR_ASKABLE * self.generators


@dataclass(frozen=True, slots=True)
class _Sampled:
    difficulties: tuple[int, ...]
    draws_figures: bool


def _sample_generators(pack: Pack, topic: Topic) -> list[_Sampled]:
    found: list[_Sampled] = []
    for spec in pack.generators_of(topic.id):
        try:
            generator = resolve(spec.function)
        except GeneratorError:
            continue
        difficulties: list[int] = []
        figures = False
        for seed in GENERATOR_SAMPLE_SEEDS:
            try:
                made = generator(random.Random(seed))
            except Exception:  # noqa: S112  (a broken generator is reported by validate)
                continue
            difficulties.append(made.difficulty)
            figures = figures or made.figure is not None
        if difficulties:
            found.append(_Sampled(tuple(difficulties), figures))
    return found


def measure(pack: Pack, topic: Topic) -> TopicCoverage:
    """The coverage of one topic."""
    bank = pack.questions_of(topic.id)
    sampled = _sample_generators(pack, topic)
    difficulties = [q.difficulty for q in bank] + [d for s in sampled for d in s.difficulties]
    by_level = dict.fromkeys(LEVELS, 0.0)
    for question in bank:
        by_level[level_of(question.difficulty)] += 1
    for sample in sampled:
        for difficulty in sample.difficulties:
            by_level[level_of(difficulty)] += GENERATOR_ASKABLE / len(sample.difficulties)
    bank_figures = sum(q.figure is not None or q.figure_spec is not None for q in bank)
    figure_generators = sum(sample.draws_figures for sample in sampled)
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
        figures=bank_figures + figure_generators,
        bank_figures=bank_figures,
        figure_generators=figure_generators,
        askable_by_level={level: round(by_level[level], 1) for level in LEVELS},
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


@dataclass(slots=True)
class SubjectStats:
    """What a subject (or, as `total`, a whole pack) offers, for `content stats`.

    Filled topic by topic by `pack_stats`, hence not frozen.
    """

    subject_id: str
    topics: int = 0
    bank: int = 0
    by_difficulty: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(1, 6), 0))
    by_level: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    generators: int = 0
    summaries: int = 0
    summaries_by_language: dict[str, int] = field(default_factory=dict)
    resources: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RESOURCE_TYPES, 0))
    bank_figures: int = 0
    figure_generators: int = 0
    below_bar: dict[str, list[str]] = field(default_factory=dict)  # topic id -> gaps

    def add(self, pack: Pack, coverage: TopicCoverage, gaps: list[str]) -> None:
        """Count one topic in."""
        topic = pack.topics_by_id[coverage.topic_id]
        self.topics += 1
        self.bank += coverage.bank
        self.generators += coverage.generators
        self.bank_figures += coverage.bank_figures
        self.figure_generators += coverage.figure_generators
        for question in pack.questions_of(topic.id):
            self.by_difficulty[question.difficulty] += 1
            self.by_level[level_of(question.difficulty)] += 1
        self.summaries += topic.summary is not None
        for language in pack.summary_languages or (pack.language,):
            written = language in coverage.summary_languages
            self.summaries_by_language[language] = (
                self.summaries_by_language.get(language, 0) + written
            )
        for resource in topic.resources:
            self.resources[resource.type] = self.resources.get(resource.type, 0) + 1
        if gaps:
            self.below_bar[topic.id] = gaps

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (difficulty keys as strings)."""
        data = asdict(self)
        data["by_difficulty"] = {str(k): v for k, v in self.by_difficulty.items()}
        return data


@dataclass(frozen=True, slots=True)
class PackStats:
    """Per-subject stats of a pack and their total."""

    pack_id: str
    subjects: tuple[SubjectStats, ...]
    total: SubjectStats

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "pack": self.pack_id,
            "subjects": [subject.as_dict() for subject in self.subjects],
            "total": self.total.as_dict(),
        }


def pack_stats(pack: Pack) -> PackStats:
    """Topics, bank questions by difficulty and level, generators, summaries, resources,
    figures and topics below the bar, per subject and for the whole pack."""
    per_subject = {s.id: SubjectStats(s.id) for s in pack.subjects}
    total = SubjectStats("total")
    for coverage in topic_coverage(pack):
        subject = per_subject.setdefault(coverage.subject_id, SubjectStats(coverage.subject_id))
        gaps = gaps_of(pack, coverage)
        subject.add(pack, coverage, gaps)
        total.add(pack, coverage, gaps)
    return PackStats(pack.id, tuple(per_subject.values()), total)

"""Rules that span the files of a pack, each broken rule reported with its file and line.

`validate_pack(path)` returns every issue (load errors included), sorted by file and line; an
empty list means the pack is good to ship. Two rules say a pack is unfinished rather than
wrong (ADVISORY: a topic no quiz can serve, a link without source or level); `content
validate` fails on them, but the import (`load_and_validate`) leaves them out, because every
item of such a pack is still correct and usable.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from content.errors import Issue
from content.generators import GeneratorError, resolve
from content.loader import MANIFEST, pack_path, read_pack
from content.pack import Pack
from content.schema import Origin, Topic, _Located

GENERATOR_TRIAL_SEEDS = (0, 1, 2)
# A Telegram quiz poll shows at most 200 characters of explanation.
EXPLANATION_LIMIT = 200
ADVISORY = frozenset({"topic-unservable", "resource-incomplete"})


def validate_pack(pack_id_or_path: str | Path) -> list[Issue]:
    """Every problem of a pack (load, schema and cross-file rules), sorted by file and line."""
    return load_and_validate(pack_id_or_path, advisory=True)[1]


def load_and_validate(
    pack_id_or_path: str | Path, *, advisory: bool = False
) -> tuple[Pack | None, list[Issue]]:
    """The pack (None when it cannot be built) and its problems, read only once.

    Without `advisory` the ADVISORY issues are left out: what the import needs to know.
    """
    result = read_pack(pack_path(pack_id_or_path))
    issues = list(result.issues)
    if result.pack is not None:
        issues.extend(check_pack(result.pack))
    if not advisory:
        issues = [issue for issue in issues if issue.code not in ADVISORY]
    ordered = sorted(set(issues), key=lambda i: (i.file, i.line or 0, i.code, i.message))
    return result.pack, ordered


def check_pack(pack: Pack) -> list[Issue]:
    """The cross-file rules for a loaded pack."""
    issues: list[Issue] = []
    for check in (
        _duplicate_ids,
        _references,
        _prerequisites,
        _questions,
        _question_shapes,
        _duplicate_questions,
        _servable,
        _translations,
        _question_counts,
        _generators,
        _lessons_and_resources,
    ):
        issues.extend(check(pack))
    return issues


def _issue(item: _Located | None, code: str, message: str) -> Issue:
    origin = item.origin if item is not None and item.origin else Origin(file=MANIFEST)
    return Issue(origin.file, origin.line, code, message)


def _duplicate_ids(pack: Pack) -> Iterator[Issue]:
    groups: dict[str, Iterable[_Located]] = {
        "session": pack.exam.sessions,
        "test": [t for s in pack.exam.sessions for t in s.tests],
        "score type": pack.exam.score_types,
        "subject": pack.subjects,
        "topic": pack.topics,
        "lesson": [lesson for t in pack.topics for lesson in t.lessons],
        # Resources of a repeated topic are left out: its duplicate id is reported already.
        "resource": [r for t in _first_topics(pack) for r in t.resources],
        "question": pack.questions,
        "generator": pack.generators,
    }
    for kind, items in groups.items():
        first: dict[str, _Located] = {}
        for item in items:
            item_id = getattr(item, "id", "")
            if item_id in first:
                where = first[item_id].origin
                yield _issue(
                    item, "duplicate-id", f"duplicate {kind} id {item_id!r} (first at {where})"
                )
            else:
                first[item_id] = item


def _first_topics(pack: Pack) -> list[Topic]:
    seen: set[str] = set()
    first = []
    for topic in pack.topics:
        if topic.id not in seen:
            seen.add(topic.id)
            first.append(topic)
    return first


def _references(pack: Pack) -> Iterator[Issue]:
    for subject in pack.subjects:
        if subject.test_id not in pack.tests_by_id:
            yield _issue(
                subject,
                "unknown-test",
                f"subject {subject.id!r} names unknown test {subject.test_id!r}",
            )
    for score_type in pack.exam.score_types:
        for test_id in score_type.weights:
            if test_id not in pack.tests_by_id:
                yield _issue(
                    score_type,
                    "unknown-test",
                    f"score type {score_type.id!r} weights unknown test {test_id!r}",
                )
    for topic in pack.topics:
        if topic.subject_id not in pack.subjects_by_id:
            yield _issue(
                topic,
                "unknown-subject",
                f"topic {topic.id!r} is in unknown subject {topic.subject_id!r}",
            )


def _prerequisites(pack: Pack) -> Iterator[Issue]:
    known = pack.topics_by_id
    for topic in pack.topics:
        for prerequisite in topic.prerequisites:
            if prerequisite not in known:
                yield _issue(
                    topic,
                    "dangling-prerequisite",
                    f"topic {topic.id!r} needs unknown topic {prerequisite!r}",
                )
    for cycle in _cycles(
        {t.id: [p for p in t.prerequisites if p in known] for t in known.values()}
    ):
        path = " -> ".join([*cycle, cycle[0]])
        yield _issue(known[cycle[0]], "prerequisite-cycle", f"prerequisite cycle: {path}")


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One cycle per strongly connected component that has one, starting at its earliest node."""
    order = {node: index for index, node in enumerate(graph)}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    found: list[list[str]] = []
    seen_members: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        path.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt) :]
                if not seen_members.intersection(cycle):
                    start = min(range(len(cycle)), key=lambda i: order[cycle[i]])
                    found.append(cycle[start:] + cycle[:start])
                    seen_members.update(cycle)
            elif nxt not in state:
                visit(nxt, path)
        path.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])
    return found


def _questions(pack: Pack) -> Iterator[Issue]:
    for question in pack.questions:
        if not 0 <= question.answer < len(question.options):
            yield _issue(
                question,
                "answer-out-of-range",
                f"question {question.id!r}: answer {question.answer} is not an index of "
                f"its {len(question.options)} options",
            )
        # Only spacing is ignored: options may differ by case alone (e.g. "Felis catus").
        normalized = [" ".join(option.split()) for option in question.options]
        if len(set(normalized)) != len(normalized):
            yield _issue(
                question, "duplicate-option", f"question {question.id!r} repeats an option"
            )
        topic = pack.topics_by_id.get(question.topic)
        if topic is None:
            yield _issue(
                question,
                "unknown-topic",
                f"question {question.id!r} is about unknown topic {question.topic!r}",
            )
        elif question.origin and f"/{topic.subject_id}.yaml" not in f"/{question.origin.file}":
            yield _issue(
                question,
                "topic-subject-mismatch",
                f"question {question.id!r}: topic {topic.id!r} belongs to subject "
                f"{topic.subject_id!r}",
            )


def _question_shapes(pack: Pack) -> Iterator[Issue]:
    wanted = pack.options_per_question
    root = Path(pack.root).resolve() if pack.root else None
    for question in pack.questions:
        if wanted is not None and len(question.options) != wanted:
            yield _issue(
                question,
                "option-count",
                f"question {question.id!r} has {len(question.options)} options; the pack's "
                f"questions have {wanted}",
            )
        if question.options_tr is not None and len(question.options_tr) != len(question.options):
            yield _issue(
                question,
                "option-count",
                f"question {question.id!r}: options_tr has {len(question.options_tr)} options, "
                f"options {len(question.options)}",
            )
        for field in ("explanation", "explanation_tr"):
            text = getattr(question, field)
            if text is not None and len(text) > EXPLANATION_LIMIT:
                yield _issue(
                    question,
                    "explanation-too-long",
                    f"question {question.id!r}: {field} has {len(text)} characters "
                    f"(a quiz poll shows {EXPLANATION_LIMIT})",
                )
        if question.figure and root is not None:
            path = (root / question.figure).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                yield _issue(
                    question,
                    "missing-figure",
                    f"question {question.id!r}: figure {question.figure!r} is not a file of the "
                    f"pack folder",
                )


def _normalized(text: str, language: str) -> str:
    """Case, spacing and punctuation ignored (Turkish I/İ lowered the Turkish way)."""
    if language == "tr":
        text = text.replace("I", "ı").replace("İ", "i")
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(" " if unicodedata.category(c).startswith("P") else c for c in folded)
    return " ".join(kept.split())


def _duplicate_questions(pack: Pack) -> Iterator[Issue]:
    first: dict[tuple[str, tuple[str, ...]], _Located] = {}
    for question in pack.questions:
        # Options in another order are the same question.
        options = sorted(_normalized(option, question.language) for option in question.options)
        key = (_normalized(question.stem, question.language), tuple(options))
        if key in first:
            yield _issue(
                question,
                "duplicate-question",
                f"question {question.id!r} repeats question "
                f"{getattr(first[key], 'id', '?')!r} (at {first[key].origin})",
            )
        else:
            first[key] = question


def _translations(pack: Pack) -> Iterator[Issue]:
    for test in pack.tests_by_id.values():
        if not test.name_en:
            yield _issue(test, "missing-translation", f"test {test.id!r} has no name_en")
    for subject in pack.subjects:
        if not subject.name_en:
            yield _issue(subject, "missing-translation", f"subject {subject.id!r} has no name_en")
    for topic in pack.topics:
        if not topic.name_en:
            yield _issue(topic, "missing-translation", f"topic {topic.id!r} has no name_en")
        for lesson in topic.lessons:
            if not lesson.title_en:
                yield _issue(lesson, "missing-translation", f"lesson {lesson.id!r} has no title_en")


def _question_counts(pack: Pack) -> Iterator[Issue]:
    # A test without subjects (YKS's YDT) is outside what the pack teaches; nothing to add up.
    for test in pack.tests_by_id.values():
        subjects = pack.subjects_of_test(test.id)
        if not subjects:
            continue
        total = sum(t.expected_questions for s in subjects for t in pack.topics_of(s.id))
        if abs(total - test.questions) > pack.question_count_tolerance + 1e-9:
            names = ", ".join(s.id for s in subjects)
            yield _issue(
                test,
                "question-count-mismatch",
                f"test {test.id!r} has {test.questions} questions but the topics of {names} "
                f"expect {total:g} (tolerance {pack.question_count_tolerance:g})",
            )


def _generators(pack: Pack) -> Iterator[Issue]:
    for spec in pack.generators:
        if spec.topic not in pack.topics_by_id:
            yield _issue(
                spec, "unknown-topic", f"generator {spec.id!r} is for unknown topic {spec.topic!r}"
            )
        try:
            generator = resolve(spec.function)
        except GeneratorError as error:
            yield _issue(spec, "generator-not-importable", f"generator {spec.id!r}: {error}")
            continue
        for seed in GENERATOR_TRIAL_SEEDS:
            try:
                made = generator(random.Random(seed))
                valid = 2 <= len(made.options) <= 5 and 0 <= made.answer < len(made.options)
                valid = valid and len(set(made.options)) == len(made.options)
            except Exception as error:  # a broken generator must be reported, not crash validation
                yield _issue(
                    spec,
                    "generator-failed",
                    f"generator {spec.id!r} failed for seed {seed}: {error!r}",
                )
                break
            if not valid:
                yield _issue(
                    spec,
                    "generator-failed",
                    f"generator {spec.id!r} made an invalid question for seed {seed}",
                )
                break


def _servable(pack: Pack) -> Iterator[Issue]:
    with_generator = set()
    for spec in pack.generators:
        try:
            resolve(spec.function)
        except GeneratorError:
            continue  # reported as generator-not-importable; it cannot serve a quiz either
        with_generator.add(spec.topic)
    for topic in pack.topics:
        if topic.id not in with_generator and not pack.questions_of(topic.id):
            yield _issue(
                topic,
                "topic-unservable",
                f"topic {topic.id!r} has no bank question and no generator: no quiz can serve it",
            )


def _lessons_and_resources(pack: Pack) -> Iterator[Issue]:
    for topic in pack.topics:
        if not topic.lessons:
            yield _issue(topic, "missing-lessons", f"topic {topic.id!r} has no lessons")
        for resource in topic.resources:
            if resource.type not in ("video", "article"):
                continue
            if not resource.url:
                yield _issue(resource, "missing-url", f"{resource.type} {resource.id!r} has no url")
                continue
            missing = [name for name in ("source", "level") if getattr(resource, name) is None]
            if missing:
                yield _issue(
                    resource,
                    "resource-incomplete",
                    f"{resource.type} {resource.id!r} has no {' and no '.join(missing)}",
                )

"""Reading a pack folder into a `Pack`, collecting every problem with its file and line.

`load_pack` raises `PackLoadError` when a file cannot be parsed or does not fit the schema;
problems that still leave a usable pack (a duplicated YAML key, a subject without a topics file)
are kept in `LoadResult.issues` and reported by `content.validate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from content.errors import Issue, PackLoadError, UnknownPackError
from content.pack import Pack
from content.schema import PackManifest, QuestionsFile, Resource, Topic, TopicsFile
from content.yaml_lines import LineDict, LineList, line_of, read_yaml

PACKS_DIR = Path(__file__).resolve().parent / "packs"
MANIFEST = "pack.yaml"
PRACTICE_MINUTES = 20
SUMMARY_MINUTES = 5
M = TypeVar("M", bound=BaseModel)
# Returned instead of data when a file is missing or is not valid YAML (already reported).
_UNREADABLE = object()


def shipped_pack_ids() -> tuple[str, ...]:
    """Ids of the packs shipped with the coach, sorted."""
    return tuple(sorted(p.name for p in PACKS_DIR.iterdir() if (p / MANIFEST).is_file()))


def pack_path(pack_id_or_path: str | Path) -> Path:
    """The folder of a shipped pack id, or the given folder (or its pack.yaml)."""
    candidate = Path(pack_id_or_path)
    if candidate.name == MANIFEST and candidate.is_file():
        return candidate.parent
    if (candidate / MANIFEST).is_file():
        return candidate
    shipped = PACKS_DIR / str(pack_id_or_path)
    if isinstance(pack_id_or_path, str) and "/" not in pack_id_or_path and shipped.is_dir():
        return shipped
    raise UnknownPackError(
        f"no content pack {str(pack_id_or_path)!r} (shipped: {', '.join(shipped_pack_ids())})"
    )


def load_pack(pack_id_or_path: str | Path) -> Pack:
    """Load a shipped pack by id, or a pack folder by path; raises PackLoadError."""
    result = read_pack(pack_path(pack_id_or_path))
    if result.pack is None:
        raise PackLoadError(str(pack_id_or_path), result.issues)
    return result.pack


@dataclass
class LoadResult:
    """The pack (None when it could not be built) and every problem met while reading it."""

    root: Path
    pack: Pack | None = None
    issues: list[Issue] = field(default_factory=list)


def read_pack(root: Path) -> LoadResult:
    """Read every file of a pack folder; never raises for bad content."""
    reader = _PackReader(root)
    return reader.read()


class _PackReader:
    """Reads the files of one pack, turning YAML and schema errors into issues."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.issues: list[Issue] = []
        self.fatal = False

    def read(self) -> LoadResult:
        result = LoadResult(self.root, issues=self.issues)
        raw = self._yaml(MANIFEST)
        if raw is _UNREADABLE:
            return result
        if isinstance(raw, LineDict):
            _locate_list(raw.get("subjects"), MANIFEST)
            _locate_list(raw.get("generators"), MANIFEST)
            exam = raw.get("exam")
            if isinstance(exam, LineDict):
                _locate(exam, MANIFEST)
                _locate_list(exam.get("score_types"), MANIFEST)
                for session in _locate_list(exam.get("sessions"), MANIFEST):
                    _locate_list(session.get("tests"), MANIFEST)
        manifest = self._model(PackManifest, raw, MANIFEST)
        if manifest is None:
            return result
        topics = self._read_topics(manifest)
        questions = self._read_questions(manifest)
        if self.fatal:
            return result
        result.pack = Pack(
            id=manifest.id,
            name=manifest.name,
            version=manifest.version,
            language=manifest.language,
            question_count_tolerance=manifest.question_count_tolerance,
            exam=manifest.exam,
            subjects=manifest.subjects,
            generators=manifest.generators,
            mastery=manifest.mastery,
            options_per_question=manifest.options_per_question,
            summary_languages=manifest.summary_languages,
            terms=manifest.terms,
            topics=tuple(topics),
            questions=tuple(questions),
            root=str(self.root),
        )
        return result

    def _subject_files(self, folder: str, manifest: PackManifest) -> list[str]:
        """Files of a folder: those of known subjects first (pack order), then strays."""
        directory = self.root / folder
        present = {p.stem for p in directory.glob("*.yaml")} if directory.is_dir() else set()
        known = [s.id for s in manifest.subjects]
        strays = sorted(present - set(known))
        for stem in strays:
            self.issues.append(
                Issue(
                    f"{folder}/{stem}.yaml",
                    None,
                    "unknown-subject",
                    f"file for subject {stem!r}, which pack.yaml does not list",
                )
            )
        return [s for s in known if s in present] + strays

    def _read_topics(self, manifest: PackManifest) -> list[Topic]:
        topics: list[Topic] = []
        files = self._subject_files("topics", manifest)
        for subject in manifest.subjects:
            if subject.id not in files:
                line = subject.origin.line if subject.origin else None
                self.issues.append(
                    Issue(
                        MANIFEST,
                        line,
                        "missing-file",
                        f"subject {subject.id!r} has no topics/{subject.id}.yaml",
                    )
                )
        for stem in files:
            name = f"topics/{stem}.yaml"
            raw = self._yaml(name)
            if not isinstance(raw, LineDict):
                self._model(TopicsFile, raw, name)
                continue
            subject_id = raw.get("subject") if isinstance(raw.get("subject"), str) else stem
            self._check_subject(raw, stem, name)
            for topic in _locate_list(raw.get("topics"), name):
                topic.setdefault("subject_id", subject_id)
                for order, lesson in enumerate(_locate_list(topic.get("lessons"), name), 1):
                    lesson.setdefault("order", order)
                _locate_list(topic.get("resources"), name)
            parsed = self._model(TopicsFile, raw, name)
            if parsed is not None:
                topics.extend(
                    _with_automatic_resources(t, manifest.language) for t in parsed.topics
                )
        return topics

    def _read_questions(self, manifest: PackManifest) -> list[Any]:
        questions: list[Any] = []
        for stem in self._subject_files("questions", manifest):
            name = f"questions/{stem}.yaml"
            raw = self._yaml(name)
            if isinstance(raw, LineDict):
                self._check_subject(raw, stem, name)
                found = raw.get("defaults")
                defaults: dict[str, Any] = found if isinstance(found, dict) else {}
                inherited = {"language": defaults.get("language") or manifest.language}
                inherited |= {k: defaults[k] for k in ("source", "license") if k in defaults}
                for question in _locate_list(raw.get("questions"), name):
                    for key, value in inherited.items():
                        question.setdefault(key, value)
            parsed = self._model(QuestionsFile, raw, name)
            if parsed is not None:
                questions.extend(parsed.questions)
        return questions

    def _check_subject(self, raw: LineDict, stem: str, name: str) -> None:
        declared = raw.get("subject")
        if isinstance(declared, str) and declared != stem:
            self.issues.append(
                Issue(
                    name,
                    raw.key_lines.get("subject"),
                    "subject-mismatch",
                    f"file declares subject {declared!r} but is named {stem}.yaml",
                )
            )

    def _yaml(self, name: str) -> Any:
        path = self.root / name
        if not path.is_file():
            self.issues.append(Issue(name, None, "missing-file", f"{name} not found"))
            self.fatal = True
            return _UNREADABLE
        try:
            document = read_yaml(path)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark is not None else None
            self.issues.append(Issue(name, line, "yaml", f"YAML syntax: {error.problem}"))
            self.fatal = True
            return _UNREADABLE
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            self.issues.append(Issue(name, None, "yaml", f"unreadable YAML: {error}"))
            self.fatal = True
            return _UNREADABLE
        for duplicate in document.duplicate_keys:
            self.issues.append(
                Issue(name, duplicate.line, "duplicate-key", f"key {duplicate.key!r} written twice")
            )
        return document.data

    def _model(self, model: type[M], raw: Any, name: str) -> M | None:
        if raw is _UNREADABLE:
            return None
        try:
            return model.model_validate(raw)
        except ValidationError as error:
            self.fatal = True
            for detail in error.errors():
                where = ".".join(str(part) for part in detail["loc"]) or "(file)"
                self.issues.append(
                    Issue(name, line_of(raw, detail["loc"]), "schema", f"{where}: {detail['msg']}")
                )
            return None


def _locate(item: LineDict, name: str) -> None:
    """Record where an item was written, for error messages about it later."""
    item.setdefault("origin", {"file": name, "line": item.line})


def _locate_list(items: Any, name: str) -> list[LineDict]:
    """Locate every mapping of a YAML list; returns them (ignores anything else)."""
    if not isinstance(items, LineList):
        return []
    found = [item for item in items if isinstance(item, LineDict)]
    for item in found:
        _locate(item, name)
    return found


def _with_automatic_resources(topic: Topic, language: str) -> Topic:
    """Add the practice set every topic has and the summary sheet of topics with a summary."""
    extra: list[Resource] = []
    kinds = {resource.type for resource in topic.resources}
    if "practice" not in kinds:
        extra.append(
            Resource(
                id=f"{topic.id}_practice",
                type="practice",
                title=topic.name,
                title_en=topic.name_en,
                language=language,
                minutes=PRACTICE_MINUTES,
                origin=topic.origin,
            )
        )
    if topic.summary is not None and "summary" not in kinds:
        extra.append(
            Resource(
                id=f"{topic.id}_summary",
                type="summary",
                title=topic.name,
                title_en=topic.name_en,
                language=language,
                minutes=SUMMARY_MINUTES,
                body=_bullets(topic.summary.points),
                origin=topic.origin,
            )
        )
        # The translations: English of a Turkish pack, Turkish of an English one (the SAT's).
        for other in ("en", "tr"):
            sheet = topic.summary.sheet(other, language) if other != language else None
            if sheet is None:
                continue
            extra.append(
                Resource(
                    id=f"{topic.id}_summary_{other}",
                    type="summary",
                    title=(topic.name_en or topic.name) if other == "en" else topic.name,
                    language=other,
                    minutes=SUMMARY_MINUTES,
                    body=_bullets(sheet.points),
                    origin=topic.origin,
                )
            )
    if not extra:
        return topic
    return topic.model_copy(update={"resources": (*topic.resources, *extra)})


def _bullets(points: tuple[str, ...]) -> str:
    return "\n".join(f"• {point}" for point in points)

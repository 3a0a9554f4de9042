"""Content packs: the exam structure, topics, lessons, questions and generators of an exam.

Public API::

    from content import load_pack, shipped_pack_ids
    pack = load_pack("yks")
    pack.topics_for_track("SAY"); pack.lessons_of("problemler"); pack.questions_of("uslu")

Packs are YAML folders under `content/packs/<id>/` (format: CONTENT_FORMAT.md), validated with
pydantic on load; `content.validate` checks the rules that span files.
"""

from content.errors import Issue, PackLoadError, UnknownPackError
from content.loader import PACKS_DIR, load_pack, pack_path, read_pack, shipped_pack_ids
from content.pack import Pack
from content.schema import (
    Exam,
    ExamSession,
    ExamTest,
    GeneratorSpec,
    Lesson,
    MasteryModel,
    NetRule,
    Question,
    Resource,
    ScoreType,
    Subject,
    Summary,
    Topic,
)

__all__ = [
    "PACKS_DIR",
    "Exam",
    "ExamSession",
    "ExamTest",
    "GeneratorSpec",
    "Issue",
    "Lesson",
    "MasteryModel",
    "NetRule",
    "Pack",
    "PackLoadError",
    "Question",
    "Resource",
    "ScoreType",
    "Subject",
    "Summary",
    "Topic",
    "UnknownPackError",
    "load_pack",
    "pack_path",
    "read_pack",
    "shipped_pack_ids",
]

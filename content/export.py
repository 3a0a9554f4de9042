"""The normalized, JSON-ready form of a pack, and its checksum (what the database import stores)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from content.pack import Pack


def export_pack(pack: Pack) -> dict[str, Any]:
    """The whole pack as one JSON-ready object (the keys `learnconnect content export` prints)."""
    exam = pack.exam
    return {
        "pack": {
            "id": pack.id,
            "name": pack.name,
            "version": pack.version,
            "language": pack.language,
            "question_count_tolerance": pack.question_count_tolerance,
        },
        "exam": {
            "id": exam.id,
            "name": exam.name,
            "name_en": exam.name_en,
            "net_rule": {"wrong_penalty": exam.net_rule.wrong_penalty},
            "sessions": [
                {
                    "id": session.id,
                    "name": session.name,
                    "name_en": session.name_en,
                    "minutes": session.minutes,
                    "tests": [
                        {"id": t.id, "name": t.name, "name_en": t.name_en, "questions": t.questions}
                        for t in session.tests
                    ],
                }
                for session in exam.sessions
            ],
            "score_types": [
                {"id": s.id, "name": s.name, "name_en": s.name_en, "weights": dict(s.weights)}
                for s in exam.score_types
            ],
        },
        "subjects": [
            {"id": s.id, "name": s.name, "name_en": s.name_en, "test_id": s.test_id}
            for s in pack.subjects
        ],
        "topics": [
            {
                "id": topic.id,
                "subject_id": topic.subject_id,
                "name": topic.name,
                "name_en": topic.name_en,
                "expected_questions": topic.expected_questions,
                "difficulty": topic.difficulty,
                "prerequisites": list(topic.prerequisites),
                "position": position,
            }
            for position, topic in enumerate(pack.topics)
        ],
        "lessons": [
            {
                "id": lesson.id,
                "topic_id": topic.id,
                "title": lesson.title,
                "title_en": lesson.title_en,
                "minutes": lesson.minutes,
                "order": lesson.order,
            }
            for topic in pack.topics
            for lesson in topic.lessons
        ],
        "questions": [
            {
                "id": q.id,
                "topic_id": q.topic,
                "stem": q.stem,
                "options": list(q.options),
                "answer": q.answer,
                "explanation": q.explanation,
                "difficulty": q.difficulty,
                "language": q.language,
                "source": q.source,
                "license": q.license,
                "figure": q.figure,
                "figure_spec": q.figure_spec.model_dump(mode="json") if q.figure_spec else None,
            }
            for q in pack.questions
        ],
        "generators": [
            {"id": g.id, "topic_id": g.topic, "function": g.function} for g in pack.generators
        ],
        "resources": [
            {
                "id": r.id,
                "topic_id": topic.id,
                "type": r.type,
                "title": r.title,
                "title_en": r.title_en,
                "url": r.url,
                "body": r.body,
                "language": r.language,
                "minutes": r.minutes,
                "verified": r.verified,
            }
            for topic in pack.topics
            for r in topic.resources
        ],
    }


def pack_checksum(pack: Pack) -> str:
    """SHA-256 of the normalized pack: equal checksums mean nothing to import."""
    canonical = json.dumps(
        export_pack(pack), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

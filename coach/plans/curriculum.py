"""From a content pack, a student profile and mastery to the planner's inputs, and back to words.

- `curriculum_for(pack, track)`: the track's subjects, topics and lessons, the score type's
  test weights and the exam sessions (to size mock exams).
- `plan_request(...)`: a full `PlanRequest`, checking the profile against the pack.
- `reason_text(...)`: the sentence that says why a session is in the plan, in tr or en, from
  the templates under prompts/messages/<locale>/reasons/.

Subjects are classed as quantitative or verbal (for alternating work): a subject whose pack
entry has `kind: quantitative|verbal` uses it; otherwise mathematics and science subjects
(ids or tests mentioning mat, geometri, fizik, kimya, biyoloji, fen, math, sat) are
quantitative and the rest verbal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from coach.packs.terms import exam_terms
from coach.plans.profile_file import ProfileError, ProfileFile
from content import Pack
from content import Subject as PackSubject
from planner import (
    Curriculum,
    ExamPart,
    Lesson,
    PlannerSettings,
    PlanRequest,
    StudyProfile,
    Subject,
    Topic,
)
from prompts import normalize_locale, render

DEFAULT_MASTERY = 0.2
# Every parameter a reason template may use; missing ones are None, so a reason renders even
# from partial data (an old stored session, a diff entry).
REASON_PARAMS = (
    "expected_questions",
    "mastery_percent",
    "assessed",
    "gain_per_hour",
    "part",
    "parts",
    "days_since",
    "retention_percent",
    "module",
    "lessons",
    "questions",
    "full_minutes",
    "final_weeks",
    "from_date",
    "to_date",
    "placed_minutes",
)
_QUANTITATIVE_HINTS = ("mat", "geometri", "fizik", "kimya", "biyoloji", "fen", "math", "sat")


def is_quantitative(subject: PackSubject) -> bool:
    """Whether a subject is maths/science work (True) or verbal work (False)."""
    kind = getattr(subject, "kind", None)
    if kind in ("quantitative", "verbal"):
        return kind == "quantitative"
    text = f"{subject.id} {subject.test_id}".casefold()
    return any(hint in text for hint in _QUANTITATIVE_HINTS)


def canonical_track(pack: Pack, track: str) -> str:
    """The score type id as the pack spells it; raises ProfileError for an unknown track."""
    try:
        return pack.score_type(track).id
    except KeyError:
        known = ", ".join(score_type.id for score_type in pack.exam.score_types)
        raise ProfileError(
            "track", f"{track!r} is not a score type of pack {pack.id!r} ({known})"
        ) from None


def curriculum_for(pack: Pack, track: str) -> Curriculum:
    """The planner's curriculum for one track of a pack (topics in pack order)."""
    track_id = canonical_track(pack, track)
    score_type = pack.score_type(track_id)
    subjects = pack.subjects_for_track(track_id)
    test_of = {subject.id: subject.test_id for subject in pack.subjects}
    topics = pack.topics_for_track(track_id)
    return Curriculum(
        pack_id=pack.id,
        track=track_id,
        subjects=tuple(Subject(s.id, s.test_id, is_quantitative(s)) for s in subjects),
        topics=tuple(
            Topic(
                id=topic.id,
                subject_id=topic.subject_id,
                test_id=test_of[topic.subject_id],
                expected_questions=float(topic.expected_questions),
                difficulty=topic.difficulty,
                prerequisites=tuple(topic.prerequisites),
            )
            for topic in topics
        ),
        lessons=tuple(
            Lesson(lesson.id, topic.id, lesson.minutes, lesson.order)
            for topic in topics
            for lesson in topic.lessons
        ),
        test_weights=dict(score_type.weights),
        exam_parts=tuple(
            ExamPart(session.id, session.minutes, tuple(test.id for test in session.tests))
            for session in pack.exam.sessions
        ),
    )


def check_mastery(pack: Pack, mastery: Mapping[str, float]) -> None:
    """Raise ProfileError when mastery names a topic the pack does not have."""
    for topic_id in sorted(mastery):
        if topic_id not in pack.topics_by_id:
            raise ProfileError(f"mastery.{topic_id}", f"no topic {topic_id!r} in pack {pack.id!r}")


def plan_request(
    pack: Pack,
    track: str,
    profile: StudyProfile,
    now: datetime,
    *,
    mastery: Mapping[str, float] | None = None,
    done_lessons: Sequence[str] = (),
    lesson_progress: Mapping[str, int] | None = None,
    review_cards: Mapping[str, str] | None = None,
    settings: PlannerSettings | None = None,
) -> PlanRequest:
    """Everything the planner needs for one student; raises ProfileError for unknown ids."""
    mastery = dict(mastery or {})
    check_mastery(pack, mastery)
    return PlanRequest(
        curriculum=curriculum_for(pack, track),
        profile=profile,
        now=now,
        mastery=mastery,
        default_mastery=float(getattr(pack, "default_mastery", DEFAULT_MASTERY)),
        done_lessons=tuple(sorted(done_lessons)),
        lesson_progress=dict(lesson_progress or {}),
        review_cards=dict(review_cards or {}),
        settings=settings or PlannerSettings(),
    )


def request_from_profile(pack: Pack, profile: ProfileFile, now: datetime) -> PlanRequest:
    """The plan request for a profile file (track and mastery checked against the pack)."""
    return plan_request(
        pack, profile.track, profile.to_study_profile(), now, mastery=profile.mastery
    )


def _name(item: Any, locale: str) -> str:
    english = getattr(item, "name_en", None)
    return str(english) if locale == "en" and english else str(item.name)


def reason_context(
    pack: Pack, params: Mapping[str, Any], locale: str, *, titled: bool = False
) -> dict[str, Any]:
    """Template variables for a reason: its params plus readable names for the ids in them.

    `titled`: the reason is shown under or beside a line that already names the session's
    topic (/today, the plan preview), so `topic_name` is left empty and the templates do not
    say it a second time ("Paragraf — Weak topic: Paragraf")."""
    locale = normalize_locale(locale)
    context: dict[str, Any] = dict.fromkeys(REASON_PARAMS)
    for key, value in params.items():
        # 12.0 reads better as 12 in a sentence.
        context[key] = int(value) if isinstance(value, float) and value.is_integer() else value
    for key in ("topic_id", "for_topic_id", "prerequisite_id"):
        topic = pack.topics_by_id.get(str(params.get(key, "")))
        context[key.removesuffix("_id") + "_name"] = (
            _name(topic, locale) if topic else params.get(key)
        )
    if titled:
        context["topic_name"] = None
    sessions = {session.id: session for session in pack.exam.sessions}
    session = sessions.get(str(params.get("part_id", "")))
    context["part_name"] = _name(session, locale) if session else params.get("part_id")
    context["exam"] = exam_terms(pack, locale)
    return context


def reason_text(
    pack: Pack, code: str, params: Mapping[str, Any], locale: str, *, titled: bool = False
) -> str:
    """The human sentence for a reason code, e.g. "Weak topic: Problemler, about 12 exam
    questions" (without the topic's name when `titled`, see `reason_context`)."""
    context = reason_context(pack, params, locale, titled=titled)
    return render(f"reasons/{code}", locale, **context)


def session_names(
    pack: Pack,
    topic_id: str | None,
    lesson_id: str | None,
    params: Mapping[str, Any],
    locale: str,
) -> dict[str, str]:
    """What a session is, in words, for a line that names it: its topic, its lesson's title
    and a mock exam's part ("Paragraf", "Ana düşünce", "TYT"); empty when it has none."""
    locale = normalize_locale(locale)
    topic = pack.topics_by_id.get(topic_id or "")
    lesson = pack.lessons_by_id.get(lesson_id or "")
    parts = {session.id: session for session in pack.exam.sessions}
    part = parts.get(str(params.get("part_id", "")))
    title = ""
    if lesson is not None:
        title = lesson.title_en or lesson.title if locale == "en" else lesson.title
    return {
        "topic": _name(topic, locale) if topic else "",
        "lesson": title,
        "part": _name(part, locale) if part else "",
    }
